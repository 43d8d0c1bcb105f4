// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ITokenHooks
/// @author Lanes
/// @notice ERC-777-style hooks a HookToken holder can register.
interface ITokenHooks {
    /// @notice Called before tokens leave `from`.
    /// @param from Sender.
    /// @param to Receiver.
    /// @param amount Amount.
    function tokensToSend(address from, address to, uint256 amount) external;

    /// @notice Called after tokens reached `to`.
    /// @param from Sender.
    /// @param to Receiver.
    /// @param amount Amount.
    function tokensReceived(address from, address to, uint256 amount) external;
}

/// @title HookToken
/// @author Lanes
/// @notice Test token with ERC-777-like hooks: an account that registered itself is called before
/// tokens leave it and after tokens reach it, the classic re-entrancy vector against lending pools.
contract HookToken is ERC20 {
    /// @notice Accounts whose hooks are called.
    mapping(address account => bool) public hooked;

    constructor() ERC20("Hook", "HOOK") {}

    /// @notice Mints `amount` to `to`; anyone may call (test token).
    /// @param to Receiver.
    /// @param amount Amount.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Turns the caller's hooks on or off.
    /// @param on Whether to call them.
    function setHooked(bool on) external {
        hooked[msg.sender] = on;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && hooked[from]) ITokenHooks(from).tokensToSend(from, to, value);
        super._update(from, to, value);
        if (to != address(0) && hooked[to]) ITokenHooks(to).tokensReceived(from, to, value);
    }
}
