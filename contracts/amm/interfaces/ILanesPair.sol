// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ILanesPair
/// @author Lanes
/// @notice A constant-product pool of two tokens with a 0.3% swap fee, flash swaps, price
/// accumulators for TWAPs, and an ERC-20 (EIP-2612) liquidity token.
interface ILanesPair {
    /// @notice A pair function was re-entered while it was running.
    error Locked();
    /// @notice Minting would create no liquidity (deposit too small for the current reserves).
    error InsufficientLiquidityMinted();
    /// @notice Burning would return nothing of one of the tokens.
    error InsufficientLiquidityBurned();
    /// @notice A swap asked for no output.
    error InsufficientOutputAmount();
    /// @notice A swap asked for at least the whole reserve of a token.
    error InsufficientLiquidity(uint256 amount0Out, uint256 amount1Out, uint112 reserve0, uint112 reserve1);
    /// @notice A swap's output recipient is one of the pair's tokens.
    error InvalidTo(address to);
    /// @notice A swap received no input.
    error InsufficientInputAmount();
    /// @notice The constant-product check (with the 0.3% fee) failed after a swap.
    error K();
    /// @notice A balance does not fit the 112-bit reserves.
    error ReservesOverflow(uint256 balance0, uint256 balance1);

    /// @notice Liquidity was added.
    /// @param sender The caller of `mint`.
    /// @param amount0 token0 deposited.
    /// @param amount1 token1 deposited.
    event Mint(address indexed sender, uint256 amount0, uint256 amount1);
    /// @notice Liquidity was removed.
    /// @param sender The caller of `burn`.
    /// @param amount0 token0 paid out.
    /// @param amount1 token1 paid out.
    /// @param to Receiver of the tokens.
    event Burn(address indexed sender, uint256 amount0, uint256 amount1, address indexed to);
    /// @notice A swap happened.
    /// @param sender The caller of `swap`.
    /// @param amount0In token0 received by the pair.
    /// @param amount1In token1 received by the pair.
    /// @param amount0Out token0 sent by the pair.
    /// @param amount1Out token1 sent by the pair.
    /// @param to Receiver of the outputs.
    event Swap(
        address indexed sender,
        uint256 amount0In,
        uint256 amount1In,
        uint256 amount0Out,
        uint256 amount1Out,
        address indexed to
    );
    /// @notice The reserves were set to the pair's balances.
    /// @param reserve0 New reserve of token0.
    /// @param reserve1 New reserve of token1.
    event Sync(uint112 reserve0, uint112 reserve1);

    /// @notice Liquidity locked forever by the first mint, so that the share price can't be
    /// driven to a level where rounding takes later depositors' money.
    /// @return The locked amount, 1000.
    function MINIMUM_LIQUIDITY() external pure returns (uint256); // solhint-disable-line func-name-mixedcase

    /// @notice The factory that created the pair.
    /// @return The factory.
    function factory() external view returns (address);

    /// @notice The token with the lower address.
    /// @return token0.
    function token0() external view returns (address);

    /// @notice The token with the higher address.
    /// @return token1.
    function token1() external view returns (address);

    /// @notice The reserves and the (mod 2**32) timestamp of the block that last set them.
    /// @return reserve0 Reserve of token0.
    /// @return reserve1 Reserve of token1.
    /// @return blockTimestampLast Timestamp of the last update, mod 2**32.
    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);

    /// @notice Sum over time of token1/token0 (UQ112x112, seconds-weighted); wraps on overflow.
    /// @return The accumulator.
    function price0CumulativeLast() external view returns (uint256);

    /// @notice Sum over time of token0/token1 (UQ112x112, seconds-weighted); wraps on overflow.
    /// @return The accumulator.
    function price1CumulativeLast() external view returns (uint256);

    /// @notice reserve0 * reserve1 after the latest liquidity event, while the protocol fee is on.
    /// @return k at the last liquidity event, or 0.
    function kLast() external view returns (uint256);

    /// @notice Mints liquidity for the tokens sent to the pair since the last reserve update.
    /// @param to Receiver of the liquidity tokens.
    /// @return liquidity Liquidity tokens minted.
    function mint(address to) external returns (uint256 liquidity);

    /// @notice Burns the liquidity tokens held by the pair and sends out the share of reserves.
    /// @param to Receiver of both tokens.
    /// @return amount0 token0 sent.
    /// @return amount1 token1 sent.
    function burn(address to) external returns (uint256 amount0, uint256 amount1);

    /// @notice Sends the outputs, optionally calls back `to` (flash swap), then checks that the
    /// input received keeps k (after the 0.3% fee) at least where it was.
    /// @param amount0Out token0 to send.
    /// @param amount1Out token1 to send.
    /// @param to Receiver of the outputs, and of the callback if `data` is non-empty.
    /// @param data Passed to `ILanesCallee.lanesCall`; empty for a plain swap.
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external;

    /// @notice Sends any balance above the reserves to `to`.
    /// @param to Receiver of the excess.
    function skim(address to) external;

    /// @notice Sets the reserves to the balances.
    function sync() external;
}
