// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IFlashLoanReceiver
/// @author Lanes
/// @notice Receiver of a lending pool flash loan (ERC-3156 shaped). The pool sends `amount`, calls
/// `onFlashLoan`, then pulls `amount + fee` back with `transferFrom`: approve the pool before returning.
interface IFlashLoanReceiver {
    /// @notice Called by the pool after it sent `amount` of `asset`.
    /// @param initiator Who called `flashLoan`.
    /// @param asset The token lent.
    /// @param amount The amount lent.
    /// @param fee The fee owed on top of `amount`.
    /// @param data Arbitrary data passed through from `flashLoan`.
    /// @return keccak256("ERC3156FlashBorrower.onFlashLoan") on success.
    function onFlashLoan(
        address initiator,
        address asset,
        uint256 amount,
        uint256 fee,
        bytes calldata data
    ) external returns (bytes32);
}
