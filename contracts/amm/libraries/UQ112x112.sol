// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title UQ112x112
/// @author Lanes
/// @notice Unsigned fixed point with 112 integer and 112 fractional bits, the unit of the
/// pair's price accumulators (so that a ratio of two uint112 reserves always fits).
library UQ112x112 {
    uint224 internal constant Q112 = 2 ** 112;

    /// @dev `y` as a UQ112x112; cannot overflow.
    function encode(uint112 y) internal pure returns (uint224 z) {
        unchecked {
            z = uint224(y) * Q112;
        }
    }

    /// @dev `x / y`, rounded down; the caller ensures `y != 0`.
    function uqdiv(uint224 x, uint112 y) internal pure returns (uint224 z) {
        unchecked {
            z = x / uint224(y);
        }
    }
}
