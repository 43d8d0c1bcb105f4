// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {HookToken, ITokenHooks} from "./HookToken.sol";

/// @title ReentrantLendingUser
/// @author Lanes
/// @notice An attacker account for re-entrancy tests: it calls the pool, and from inside a token
/// hook (ERC-777 style) or a flash loan callback it calls the pool again with armed calldata,
/// recording how that nested call ended.
contract ReentrantLendingUser is ITokenHooks {
    /// @notice The pool attacked.
    address public immutable pool;
    /// @notice Calldata of the nested call.
    bytes public payload;
    /// @notice Whether the nested call succeeded.
    bool public lastCallSucceeded;
    /// @notice Revert data of the nested call.
    bytes public lastRevertData;
    /// @notice Nested calls attempted.
    uint256 public attempts;

    bool private armed;

    /// @notice Creates an attacker of `pool_`.
    /// @param pool_ The pool to attack.
    constructor(address pool_) {
        pool = pool_;
    }

    /// @notice Approves the pool to pull `token`.
    /// @param token The token.
    function approvePool(address token) external {
        IERC20(token).approve(pool, type(uint256).max);
    }

    /// @notice Turns this contract's ERC-777-style hooks on `token` on or off.
    /// @param token A HookToken.
    /// @param on Whether the token calls the hooks.
    function setHooked(address token, bool on) external {
        HookToken(token).setHooked(on);
    }

    /// @notice Arms the next hook to call the pool with `payload_`.
    /// @param payload_ The nested call.
    function arm(bytes calldata payload_) external {
        payload = payload_;
        armed = true;
    }

    /// @notice Calls the pool with `data`, bubbling a revert.
    /// @param data The call.
    function call(bytes calldata data) external {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory ret) = pool.call(data);
        if (!ok) revert(string(ret));
    }

    /// @inheritdoc ITokenHooks
    function tokensToSend(address, address, uint256) external {
        _reenter();
    }

    /// @inheritdoc ITokenHooks
    function tokensReceived(address, address, uint256) external {
        _reenter();
    }

    /// @notice Flash loan callback: re-enters if armed, then approves the repayment.
    /// @param asset The token lent.
    /// @param amount The amount lent.
    /// @param fee The fee.
    /// @return The ERC-3156 success value.
    function onFlashLoan(
        address,
        address asset,
        uint256 amount,
        uint256 fee,
        bytes calldata
    ) external returns (bytes32) {
        _reenter();
        IERC20(asset).approve(pool, amount + fee);
        return keccak256("ERC3156FlashBorrower.onFlashLoan");
    }

    function _reenter() private {
        if (!armed) return;
        armed = false;
        ++attempts;
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory data) = pool.call(payload);
        lastCallSucceeded = ok;
        lastRevertData = data;
    }
}
