// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IWETH
/// @author Lanes
/// @notice Wrapped ether: an ERC-20 backed 1:1 by the ETH it holds.
interface IWETH is IERC20 {
    /// @notice Wraps the ETH sent: mints as many tokens to the caller.
    function deposit() external payable;

    /// @notice Unwraps `amount`: burns the caller's tokens and sends it as much ETH.
    /// @param amount Tokens to unwrap.
    function withdraw(uint256 amount) external;
}
