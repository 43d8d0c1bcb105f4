// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IFlashLoanReceiver} from "../../lending/interfaces/IFlashLoanReceiver.sol";

/// @title FlashBorrowerMock
/// @author Lanes
/// @notice A flash loan receiver with selectable behaviour: repay, repay without the fee, return a
/// wrong value, or keep the money; it records what it was lent.
contract FlashBorrowerMock is IFlashLoanReceiver {
    /// @notice How the next callback behaves.
    enum Mode {
        Repay,
        RepayPrincipalOnly,
        WrongReturn,
        NoApproval
    }

    /// @notice The pool that may call back.
    address public immutable pool;
    /// @notice Behaviour of the callbacks.
    Mode public mode;
    /// @notice Balance of the lent token held during the last callback.
    uint256 public balanceDuringLoan;
    /// @notice Fee announced in the last callback.
    uint256 public lastFee;
    /// @notice Initiator announced in the last callback.
    address public lastInitiator;
    /// @notice Data passed through in the last callback.
    bytes public lastData;

    /// @notice Creates a receiver for `pool_`.
    /// @param pool_ The pool.
    constructor(address pool_) {
        pool = pool_;
    }

    /// @notice Selects the behaviour.
    /// @param mode_ The behaviour.
    function setMode(Mode mode_) external {
        mode = mode_;
    }

    /// @inheritdoc IFlashLoanReceiver
    function onFlashLoan(
        address initiator,
        address asset,
        uint256 amount,
        uint256 fee,
        bytes calldata data
    ) external returns (bytes32) {
        balanceDuringLoan = IERC20(asset).balanceOf(address(this));
        lastFee = fee;
        lastInitiator = initiator;
        lastData = data;
        if (mode == Mode.Repay) IERC20(asset).approve(pool, amount + fee);
        if (mode == Mode.RepayPrincipalOnly) IERC20(asset).approve(pool, amount);
        if (mode == Mode.WrongReturn) return bytes32(0);
        return keccak256("ERC3156FlashBorrower.onFlashLoan");
    }
}
