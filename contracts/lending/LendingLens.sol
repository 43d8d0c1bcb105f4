// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ILendingPool} from "./interfaces/ILendingPool.sol";
import {MathLib} from "./libraries/MathLib.sol";
import {SharesMathLib} from "./libraries/SharesMathLib.sol";

/// @title LendingLens
/// @author Lanes
/// @notice Read-only conveniences over a LendingPool's views (balances in assets, the supply index,
/// the health factor), kept out of the pool so that the pool stays under the 24 KiB code limit. No
/// state and no risk logic of its own: every figure is the pool's, converted with the pool's rounding.
contract LendingLens {
    using MathLib for uint256;
    using SharesMathLib for uint256;

    /// @notice An account's supply in assets, rounded down, as of the market's last accrual.
    /// @param pool The pool.
    /// @param asset The market.
    /// @param account The account.
    /// @return The assets.
    function supplyBalance(ILendingPool pool, address asset, address account) external view returns (uint256) {
        (uint256 shares, , ) = pool.position(asset, account);
        (uint256 totalAssets, uint256 totalShares, , , , , ) = pool.marketState(asset);
        return shares.toAssetsDown(totalAssets, totalShares);
    }

    /// @notice An account's debt, rounded up, as of the market's last accrual.
    /// @param pool The pool.
    /// @param asset The market.
    /// @param account The account.
    /// @return The debt.
    function borrowBalance(ILendingPool pool, address asset, address account) external view returns (uint256) {
        (, uint256 scaled, ) = pool.position(asset, account);
        (, , , , uint256 index, , ) = pool.marketState(asset);
        return scaled.mulDivUp(index, MathLib.WAD);
    }

    /// @notice Value of 1e6 supply shares (one asset unit at listing), 1e18 fixed point. It never
    /// decreases, except when bad debt is written off.
    /// @param pool The pool.
    /// @param asset The market.
    /// @return The supply index.
    function supplyIndex(ILendingPool pool, address asset) external view returns (uint256) {
        (uint256 totalAssets, uint256 totalShares, , , , , ) = pool.marketState(asset);
        return (SharesMathLib.VIRTUAL_SHARES * MathLib.WAD).toAssetsDown(totalAssets, totalShares);
    }

    /// @notice liquidationValue * 1e18 / debtValue; `type(uint256).max` without debt. Below 1e18 the
    /// account can be liquidated.
    /// @param pool The pool.
    /// @param account The account.
    /// @return The health factor.
    function healthFactor(ILendingPool pool, address account) external view returns (uint256) {
        (, uint256 liquidationValue, uint256 debtValue) = pool.accountLiquidity(account);
        if (debtValue == 0) return type(uint256).max;
        return liquidationValue.mulDivDown(MathLib.WAD, debtValue);
    }
}
