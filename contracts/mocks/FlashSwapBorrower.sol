// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ILanesCallee} from "../amm/interfaces/ILanesCallee.sol";
import {ILanesPair} from "../amm/interfaces/ILanesPair.sol";

/// @title FlashSwapBorrower
/// @author Lanes
/// @notice Test flash-swap receiver: borrows from a pair and pays back a chosen amount of a
/// chosen token inside the callback (or nothing, to prove the pair then reverts).
contract FlashSwapBorrower is ILanesCallee {
    /// @notice The repayment transfer returned false.
    error RepayFailed();

    /// @notice Token the callback pays back in.
    address public repayToken;
    /// @notice Amount the callback pays back.
    uint256 public repayAmount;
    /// @notice Arguments seen by the last callback.
    address public lastSender;
    /// @notice Amounts seen by the last callback.
    uint256 public lastAmount0;
    /// @notice Amounts seen by the last callback.
    uint256 public lastAmount1;

    /// @notice Borrows from `pair` and repays `repayAmount_` of `repayToken_` in the callback.
    /// @param pair The pair to borrow from.
    /// @param amount0Out token0 to borrow.
    /// @param amount1Out token1 to borrow.
    /// @param repayToken_ Token to repay in.
    /// @param repayAmount_ Amount to repay.
    function borrow(
        address pair,
        uint256 amount0Out,
        uint256 amount1Out,
        address repayToken_,
        uint256 repayAmount_
    ) external {
        repayToken = repayToken_;
        repayAmount = repayAmount_;
        ILanesPair(pair).swap(amount0Out, amount1Out, address(this), abi.encode(uint256(1)));
    }

    /// @inheritdoc ILanesCallee
    function lanesCall(address sender, uint256 amount0, uint256 amount1, bytes calldata) external {
        lastSender = sender;
        lastAmount0 = amount0;
        lastAmount1 = amount1;
        if (repayAmount > 0) {
            if (!IERC20(repayToken).transfer(msg.sender, repayAmount)) revert RepayFailed();
        }
    }
}
