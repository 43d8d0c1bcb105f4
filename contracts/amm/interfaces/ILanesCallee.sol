// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ILanesCallee
/// @author Lanes
/// @notice Receiver of a flash swap: called by the pair after it has sent the output and
/// before it checks that the constant-product invariant holds again.
interface ILanesCallee {
    /// @notice Called by a pair during `swap` when `data` is non-empty. Pay the pair back
    /// (in either token, fee included) before returning.
    /// @param sender The account that called `swap`.
    /// @param amount0 Amount of token0 sent to the receiver.
    /// @param amount1 Amount of token1 sent to the receiver.
    /// @param data The bytes passed to `swap`, untouched.
    function lanesCall(address sender, uint256 amount0, uint256 amount1, bytes calldata data) external;
}
