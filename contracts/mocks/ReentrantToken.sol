// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ReentrantToken
/// @author Lanes
/// @notice Test token that, once armed, calls a target with chosen calldata from inside its own
/// transfers (a malicious token re-entering the pair), and records how that call ended.
contract ReentrantToken is ERC20 {
    /// @notice Contract to call back into during a transfer.
    address public reentryTarget;
    /// @notice Calldata of the callback.
    bytes public payload;
    /// @notice Whether the last callback attempt succeeded.
    bool public lastCallSucceeded;
    /// @notice Revert data of the last failed callback.
    bytes public lastRevertData;
    /// @notice How many callbacks were attempted.
    uint256 public attempts;

    bool private armed;

    constructor() ERC20("Reentrant", "REE") {}

    /// @notice Mints `amount` to `to`; anyone may call (test token).
    /// @param to Receiver.
    /// @param amount Amount to mint.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Arms the token: the next transfer calls `target_` with `payload_` once.
    /// @param target_ Contract to re-enter.
    /// @param payload_ Calldata to send it.
    function arm(address target_, bytes calldata payload_) external {
        reentryTarget = target_;
        payload = payload_;
        armed = true;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (armed) {
            armed = false;
            ++attempts;
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory data) = reentryTarget.call(payload);
            lastCallSucceeded = ok;
            lastRevertData = data;
        }
    }
}
