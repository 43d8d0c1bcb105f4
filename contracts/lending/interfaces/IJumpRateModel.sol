// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IInterestRateModel} from "./IInterestRateModel.sol";

/// @title IJumpRateModel
/// @author Lanes
/// @notice Compound's JumpRateModelV2 per second: below the kink the borrow rate is
/// base + util * multiplier, above it the excess utilisation is charged at the jump multiplier.
interface IJumpRateModel is IInterestRateModel {
    /// @notice The kink is zero or above 100%.
    /// @param kink The kink given.
    error InvalidKink(uint256 kink);

    /// @notice Borrow rate per second at zero utilisation (1e18 fixed point).
    /// @return The rate.
    function baseRatePerSecond() external view returns (uint256);

    /// @notice Slope of the borrow rate per second up to the kink (1e18 fixed point).
    /// @return The slope.
    function multiplierPerSecond() external view returns (uint256);

    /// @notice Slope of the borrow rate per second above the kink (1e18 fixed point).
    /// @return The slope.
    function jumpMultiplierPerSecond() external view returns (uint256);

    /// @notice Utilisation where the jump multiplier starts (1e18 = 100%).
    /// @return The kink.
    function kink() external view returns (uint256);
}
