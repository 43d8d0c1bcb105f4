// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IJumpRateModel} from "./interfaces/IJumpRateModel.sol";
import {IInterestRateModel} from "./interfaces/IInterestRateModel.sol";

/// @title JumpRateModel
/// @author Lanes
/// @notice Compound v2's JumpRateModelV2 with per-second parameters. Same formulas and the same
/// truncations, so the rates agree to the wei with Compound's for the same per-period parameters.
contract JumpRateModel is IJumpRateModel {
    uint256 internal constant WAD = 1e18;

    /// @inheritdoc IJumpRateModel
    uint256 public immutable baseRatePerSecond;
    /// @inheritdoc IJumpRateModel
    uint256 public immutable multiplierPerSecond;
    /// @inheritdoc IJumpRateModel
    uint256 public immutable jumpMultiplierPerSecond;
    /// @inheritdoc IJumpRateModel
    uint256 public immutable kink;

    /// @notice Fixes the model's parameters (per second, 1e18 fixed point).
    /// @param baseRatePerSecond_ Borrow rate per second at zero utilisation.
    /// @param multiplierPerSecond_ Slope up to the kink.
    /// @param jumpMultiplierPerSecond_ Slope above the kink.
    /// @param kink_ Utilisation where the jump starts, in (0, 1e18].
    constructor(
        uint256 baseRatePerSecond_,
        uint256 multiplierPerSecond_,
        uint256 jumpMultiplierPerSecond_,
        uint256 kink_
    ) {
        if (kink_ == 0 || kink_ > WAD) revert InvalidKink(kink_);
        baseRatePerSecond = baseRatePerSecond_;
        multiplierPerSecond = multiplierPerSecond_;
        jumpMultiplierPerSecond = jumpMultiplierPerSecond_;
        kink = kink_;
    }

    /// @inheritdoc IInterestRateModel
    function utilizationRate(uint256 cash, uint256 borrows, uint256 reserves) public pure returns (uint256) {
        if (borrows == 0) return 0;
        return (borrows * WAD) / (cash + borrows - reserves);
    }

    /// @inheritdoc IInterestRateModel
    function getBorrowRate(uint256 cash, uint256 borrows, uint256 reserves) public view returns (uint256) {
        uint256 util = utilizationRate(cash, borrows, reserves);
        if (util <= kink) return (util * multiplierPerSecond) / WAD + baseRatePerSecond;
        uint256 normalRate = (kink * multiplierPerSecond) / WAD + baseRatePerSecond;
        return ((util - kink) * jumpMultiplierPerSecond) / WAD + normalRate;
    }

    /// @inheritdoc IInterestRateModel
    function getSupplyRate(
        uint256 cash,
        uint256 borrows,
        uint256 reserves,
        uint256 reserveFactorMantissa
    ) external view returns (uint256) {
        uint256 rateToPool = (getBorrowRate(cash, borrows, reserves) * (WAD - reserveFactorMantissa)) / WAD;
        return (utilizationRate(cash, borrows, reserves) * rateToPool) / WAD;
    }
}
