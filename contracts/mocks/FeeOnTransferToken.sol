// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FeeOnTransferToken
/// @author Lanes
/// @notice Test token that burns `feeBps` of every transfer between two accounts, like the
/// deflationary tokens the router's fee-on-transfer swaps exist for.
contract FeeOnTransferToken is ERC20 {
    /// @notice Share of each transfer burned, in basis points.
    uint256 public immutable feeBps;

    constructor(uint256 feeBps_) ERC20("Fee On Transfer", "FOT") {
        feeBps = feeBps_;
    }

    /// @notice Mints `amount` to `to`; anyone may call (test token).
    /// @param to Receiver.
    /// @param amount Amount to mint.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) {
            super._update(from, to, value);
            return;
        }
        uint256 fee = (value * feeBps) / 10_000;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}
