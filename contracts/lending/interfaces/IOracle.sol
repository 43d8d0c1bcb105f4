// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IOracle
/// @author Lanes
/// @notice Prices for the lending pool, in Compound's convention: the value (1e18 = one unit of the
/// quote currency, e.g. one US dollar) of one whole token is `price * 10**decimals / 1e36`, i.e. the
/// value of `amount` base units is `amount * price / 1e18`.
interface IOracle {
    /// @notice The price of `asset`, scaled by 1e(36 - asset decimals). Reverts when the price is
    /// unavailable, stale or not positive: the pool never acts on a price it cannot trust.
    /// @param asset The token.
    /// @return The price.
    function price(address asset) external view returns (uint256);
}
