// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title MathLib
/// @author Lanes
/// @notice Fixed-point helpers with an explicit rounding direction. Plain checked arithmetic (no
/// assembly): every product used by the pool fits 256 bits by the bounds on its operands.
library MathLib {
    /// @dev 1e18: one in 18-decimal fixed point (rates, indexes, prices per base unit).
    uint256 internal constant WAD = 1e18;
    /// @dev 10,000: one in basis points (factors, fees).
    uint256 internal constant BPS = 10_000;

    /// @dev x * y / d, rounded down.
    function mulDivDown(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        return (x * y) / d;
    }

    /// @dev x * y / d, rounded up.
    function mulDivUp(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        return (x * y + (d - 1)) / d;
    }

    /// @dev The smaller of two numbers.
    function min(uint256 x, uint256 y) internal pure returns (uint256) {
        return x < y ? x : y;
    }
}
