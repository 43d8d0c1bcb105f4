// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ILanesPair} from "../interfaces/ILanesPair.sol";

/// @title AmmLibrary
/// @author Lanes
/// @notice Pair addresses and constant-product pricing. Amounts agree wei for wei with
/// Uniswap v2: outputs round down, inputs round up (and one more wei), fee 0.3%.
library AmmLibrary {
    /// @dev The two tokens are the same.
    error IdenticalAddresses(address token);
    /// @dev A token is the zero address.
    error ZeroAddress();
    /// @dev A zero amount was priced.
    error InsufficientAmount();
    /// @dev A reserve is zero, or an output is not below its reserve.
    error InsufficientLiquidity();
    /// @dev A swap path has fewer than two tokens.
    error InvalidPath(uint256 length);

    /// @dev Input that survives the 0.3% fee, in thousandths.
    uint256 internal constant FEE_COMPLEMENT = 997;
    uint256 internal constant FEE_DENOMINATOR = 1000;

    /// @dev The tokens in the pair's order (lower address first).
    function sortTokens(address tokenA, address tokenB) internal pure returns (address token0, address token1) {
        if (tokenA == tokenB) revert IdenticalAddresses(tokenA);
        (token0, token1) = tokenA < tokenB ? (tokenA, tokenB) : (tokenB, tokenA);
        if (token0 == address(0)) revert ZeroAddress();
    }

    /// @dev The CREATE2 address of the pair: salt keccak256(token0, token1), init code the
    /// pair's constant creation code. No call, no storage read.
    function pairFor(
        address factory,
        bytes32 initCodeHash,
        address tokenA,
        address tokenB
    ) internal pure returns (address pair) {
        (address token0, address token1) = sortTokens(tokenA, tokenB);
        pair = pairForSorted(factory, initCodeHash, token0, token1);
    }

    /// @dev `pairFor` for tokens already sorted.
    function pairForSorted(
        address factory,
        bytes32 initCodeHash,
        address token0,
        address token1
    ) internal pure returns (address pair) {
        bytes32 salt = keccak256(abi.encodePacked(token0, token1));
        pair = address(uint160(uint256(keccak256(abi.encodePacked(hex"ff", factory, salt, initCodeHash)))));
    }

    /// @dev The reserves of the pair of `tokenA` and `tokenB`, in that order.
    function getReserves(
        address factory,
        bytes32 initCodeHash,
        address tokenA,
        address tokenB
    ) internal view returns (uint256 reserveA, uint256 reserveB) {
        (address token0, address token1) = sortTokens(tokenA, tokenB);
        (uint256 reserve0, uint256 reserve1, ) = ILanesPair(pairForSorted(factory, initCodeHash, token0, token1))
            .getReserves();
        (reserveA, reserveB) = tokenA == token0 ? (reserve0, reserve1) : (reserve1, reserve0);
    }

    /// @dev `amountA` valued in B at the reserves' ratio, rounded down.
    function quote(uint256 amountA, uint256 reserveA, uint256 reserveB) internal pure returns (uint256 amountB) {
        if (amountA == 0) revert InsufficientAmount();
        if (reserveA == 0 || reserveB == 0) revert InsufficientLiquidity();
        amountB = (amountA * reserveB) / reserveA;
    }

    /// @dev Output for `amountIn` after the fee: rounded down, so the pool keeps the dust.
    function getAmountOut(
        uint256 amountIn,
        uint256 reserveIn,
        uint256 reserveOut
    ) internal pure returns (uint256 amountOut) {
        if (amountIn == 0) revert InsufficientAmount();
        if (reserveIn == 0 || reserveOut == 0) revert InsufficientLiquidity();
        uint256 amountInWithFee = amountIn * FEE_COMPLEMENT;
        amountOut = (amountInWithFee * reserveOut) / (reserveIn * FEE_DENOMINATOR + amountInWithFee);
    }

    /// @dev Input needed for `amountOut` after the fee: floor + 1, as Uniswap v2 does, so the
    /// pool is never short even when the division is exact.
    function getAmountIn(
        uint256 amountOut,
        uint256 reserveIn,
        uint256 reserveOut
    ) internal pure returns (uint256 amountIn) {
        if (amountOut == 0) revert InsufficientAmount();
        if (reserveIn == 0 || reserveOut == 0 || amountOut >= reserveOut) revert InsufficientLiquidity();
        amountIn = (reserveIn * amountOut * FEE_DENOMINATOR) / ((reserveOut - amountOut) * FEE_COMPLEMENT) + 1;
    }

    /// @dev Every hop's amounts for an exact-in swap over `path`.
    function getAmountsOut(
        address factory,
        bytes32 initCodeHash,
        uint256 amountIn,
        address[] calldata path
    ) internal view returns (uint256[] memory amounts) {
        if (path.length < 2) revert InvalidPath(path.length);
        amounts = new uint256[](path.length);
        amounts[0] = amountIn;
        for (uint256 i; i < path.length - 1; ++i) {
            (uint256 reserveIn, uint256 reserveOut) = getReserves(factory, initCodeHash, path[i], path[i + 1]);
            amounts[i + 1] = getAmountOut(amounts[i], reserveIn, reserveOut);
        }
    }

    /// @dev Every hop's amounts for an exact-out swap over `path`, computed from the end.
    function getAmountsIn(
        address factory,
        bytes32 initCodeHash,
        uint256 amountOut,
        address[] calldata path
    ) internal view returns (uint256[] memory amounts) {
        if (path.length < 2) revert InvalidPath(path.length);
        amounts = new uint256[](path.length);
        amounts[amounts.length - 1] = amountOut;
        for (uint256 i = path.length - 1; i > 0; --i) {
            (uint256 reserveIn, uint256 reserveOut) = getReserves(factory, initCodeHash, path[i - 1], path[i]);
            amounts[i - 1] = getAmountIn(amounts[i], reserveIn, reserveOut);
        }
    }
}
