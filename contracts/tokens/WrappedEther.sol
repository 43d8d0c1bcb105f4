// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IWETH} from "../amm/interfaces/IWETH.sol";

/// @title WrappedEther
/// @author Lanes
/// @notice WETH for networks that have none: an OpenZeppelin ERC-20 minted by depositing ETH and
/// burned to withdraw it. The contract's ETH balance always equals the total supply.
contract WrappedEther is ERC20, IWETH {
    /// @notice Sending `amount` ETH to `to` failed.
    error WrappedEtherTransferFailed(address to, uint256 amount);

    /// @notice ETH was wrapped.
    /// @param account The depositor.
    /// @param amount Wei wrapped.
    event Deposit(address indexed account, uint256 amount);
    /// @notice ETH was unwrapped.
    /// @param account The withdrawer.
    /// @param amount Wei unwrapped.
    event Withdrawal(address indexed account, uint256 amount);

    constructor() ERC20("Wrapped Ether", "WETH") {}

    /// @notice Plain ETH transfers wrap too.
    receive() external payable {
        deposit();
    }

    /// @inheritdoc IWETH
    function deposit() public payable {
        _mint(msg.sender, msg.value);
        emit Deposit(msg.sender, msg.value);
    }

    /// @inheritdoc IWETH
    function withdraw(uint256 amount) external {
        // Burn first (reverts on an insufficient balance), then pay: checks-effects-interactions.
        _burn(msg.sender, amount);
        emit Withdrawal(msg.sender, amount);
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = msg.sender.call{value: amount}("");
        if (!ok) revert WrappedEtherTransferFailed(msg.sender, amount);
    }
}
