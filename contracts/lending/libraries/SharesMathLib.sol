// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {MathLib} from "./MathLib.sol";

/// @title SharesMathLib
/// @author Lanes
/// @notice Conversions between a market's supply assets and its internal supply shares, with
/// virtual shares and assets (as Morpho Blue's SharesMathLib): an empty market behaves as if it
/// held VIRTUAL_ASSETS owned by VIRTUAL_SHARES, so the first depositor cannot set the share price,
/// and a donation would have to be a million times larger than the loss it inflicts.
library SharesMathLib {
    using MathLib for uint256;

    /// @dev Shares an empty market issues per asset (1e6), the inflation attack's cost multiplier.
    uint256 internal constant VIRTUAL_SHARES = 1e6;
    /// @dev Assets of the virtual position.
    uint256 internal constant VIRTUAL_ASSETS = 1;

    /// @dev Shares worth `assets`, rounded down (minting on supply).
    function toSharesDown(uint256 assets, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return assets.mulDivDown(totalShares + VIRTUAL_SHARES, totalAssets + VIRTUAL_ASSETS);
    }

    /// @dev Shares worth `assets`, rounded up (burning on withdraw).
    function toSharesUp(uint256 assets, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return assets.mulDivUp(totalShares + VIRTUAL_SHARES, totalAssets + VIRTUAL_ASSETS);
    }

    /// @dev Assets worth `shares`, rounded down (paying out, valuing collateral).
    function toAssetsDown(uint256 shares, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return shares.mulDivDown(totalAssets + VIRTUAL_ASSETS, totalShares + VIRTUAL_SHARES);
    }

    /// @dev Assets worth `shares`, rounded up.
    function toAssetsUp(uint256 shares, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return shares.mulDivUp(totalAssets + VIRTUAL_ASSETS, totalShares + VIRTUAL_SHARES);
    }
}
