// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title NoReturnToken
/// @author Lanes
/// @notice Test token whose `transfer`/`transferFrom` return nothing (like USDT), to prove
/// that the pair and router move such tokens safely.
contract NoReturnToken {
    /// @notice Balance of each account.
    mapping(address account => uint256 balance) public balanceOf;
    /// @notice Allowance of each owner to each spender.
    mapping(address owner => mapping(address spender => uint256 amount)) public allowance;

    /// @notice Thrown when a balance or allowance is too small.
    error Insufficient();

    /// @notice Mints `amount` to `to`; anyone may call (test token).
    /// @param to Receiver.
    /// @param amount Amount to mint.
    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
    }

    /// @notice Approves `spender` for `amount`; returns nothing.
    /// @param spender Spender.
    /// @param amount Allowance.
    function approve(address spender, uint256 amount) external {
        allowance[msg.sender][spender] = amount;
    }

    /// @notice Moves `amount` to `to`; returns nothing.
    /// @param to Receiver.
    /// @param amount Amount.
    function transfer(address to, uint256 amount) external {
        _move(msg.sender, to, amount);
    }

    /// @notice Moves `amount` from `from` to `to` with an allowance; returns nothing.
    /// @param from Owner.
    /// @param to Receiver.
    /// @param amount Amount.
    function transferFrom(address from, address to, uint256 amount) external {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed < amount) revert Insufficient();
        if (allowed != type(uint256).max) allowance[from][msg.sender] = allowed - amount;
        _move(from, to, amount);
    }

    function _move(address from, address to, uint256 amount) private {
        if (balanceOf[from] < amount) revert Insufficient();
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
    }
}
