// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ILanesRouter
/// @author Lanes
/// @notice Safe entry points to Lanes pairs: liquidity with ratio and slippage bounds, and
/// multihop swaps over a token path, each with a deadline.
interface ILanesRouter {
    /// @notice The transaction was mined after its deadline.
    error Expired(uint256 deadline, uint256 timestamp);
    /// @notice Fewer of tokenA than the caller's minimum would be used or returned.
    error InsufficientAAmount(uint256 amount, uint256 minimum);
    /// @notice Fewer of tokenB than the caller's minimum would be used or returned.
    error InsufficientBAmount(uint256 amount, uint256 minimum);
    /// @notice An exact-in swap would pay out less than the caller's minimum.
    error InsufficientOutputAmount(uint256 amountOut, uint256 minimum);
    /// @notice An exact-out swap would need more input than the caller's maximum.
    error ExcessiveInputAmount(uint256 amountIn, uint256 maximum);
    /// @notice A permit failed and the allowance it was meant to grant is not there either.
    error PermitFailed(address pair, uint256 allowance, uint256 needed);
    /// @notice An ETH swap's path must start (or end) with WETH.
    error InvalidPathEdge(address expected, address actual);
    /// @notice Sending ETH to `to` failed.
    error EthTransferFailed(address to, uint256 amount);
    /// @notice Only WETH may send ETH to the router (when unwrapping).
    error EthNotAccepted(address sender);

    /// @notice The factory whose pairs this router trades on.
    /// @return The factory.
    function factory() external view returns (address);

    /// @notice The wrapped-ether token the ETH entry points go through.
    /// @return The WETH contract.
    function WETH() external view returns (address); // solhint-disable-line func-name-mixedcase

    /// @notice The CREATE2 address of the pair of two tokens (whether or not it exists yet).
    /// @param tokenA One token.
    /// @param tokenB The other token.
    /// @return pair The pair's address.
    function pairFor(address tokenA, address tokenB) external view returns (address pair);

    /// @notice Adds liquidity at the pool's current ratio (creating the pair if needed).
    /// @param tokenA One token.
    /// @param tokenB The other token.
    /// @param amountADesired Most tokenA to add.
    /// @param amountBDesired Most tokenB to add.
    /// @param amountAMin Least tokenA to add, or revert.
    /// @param amountBMin Least tokenB to add, or revert.
    /// @param to Receiver of the liquidity tokens.
    /// @param deadline Latest block timestamp at which this may execute.
    /// @return amountA tokenA added.
    /// @return amountB tokenB added.
    /// @return liquidity Liquidity tokens minted.
    function addLiquidity(
        address tokenA,
        address tokenB,
        uint256 amountADesired,
        uint256 amountBDesired,
        uint256 amountAMin,
        uint256 amountBMin,
        address to,
        uint256 deadline
    ) external returns (uint256 amountA, uint256 amountB, uint256 liquidity);

    /// @notice Burns liquidity tokens (approved to the router) for both tokens.
    /// @param tokenA One token.
    /// @param tokenB The other token.
    /// @param liquidity Liquidity tokens to burn.
    /// @param amountAMin Least tokenA to receive, or revert.
    /// @param amountBMin Least tokenB to receive, or revert.
    /// @param to Receiver of the tokens.
    /// @param deadline Latest block timestamp at which this may execute.
    /// @return amountA tokenA received.
    /// @return amountB tokenB received.
    function removeLiquidity(
        address tokenA,
        address tokenB,
        uint256 liquidity,
        uint256 amountAMin,
        uint256 amountBMin,
        address to,
        uint256 deadline
    ) external returns (uint256 amountA, uint256 amountB);

    /// @notice `removeLiquidity` with an EIP-2612 permit for the liquidity tokens. A permit that
    /// fails is tolerated when the allowance is already there (someone front-ran it).
    /// @param tokenA One token.
    /// @param tokenB The other token.
    /// @param liquidity Liquidity tokens to burn.
    /// @param amountAMin Least tokenA to receive, or revert.
    /// @param amountBMin Least tokenB to receive, or revert.
    /// @param to Receiver of the tokens.
    /// @param deadline Latest block timestamp, for both the permit and the removal.
    /// @param approveMax Whether the permit is for the maximum allowance instead of `liquidity`.
    /// @param v Permit signature v.
    /// @param r Permit signature r.
    /// @param s Permit signature s.
    /// @return amountA tokenA received.
    /// @return amountB tokenB received.
    function removeLiquidityWithPermit(
        address tokenA,
        address tokenB,
        uint256 liquidity,
        uint256 amountAMin,
        uint256 amountBMin,
        address to,
        uint256 deadline,
        bool approveMax,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 amountA, uint256 amountB);

    /// @notice Swaps exactly `amountIn` of `path[0]` for as much of the last token as possible.
    /// @param amountIn Input amount.
    /// @param amountOutMin Least output, or revert.
    /// @param path Tokens to route through; consecutive tokens must have a pair.
    /// @param to Receiver of the output.
    /// @param deadline Latest block timestamp at which this may execute.
    /// @return amounts The input and the output of every hop.
    function swapExactTokensForTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external returns (uint256[] memory amounts);

    /// @notice Swaps as little of `path[0]` as possible for exactly `amountOut` of the last token.
    /// @param amountOut Output amount.
    /// @param amountInMax Most input, or revert.
    /// @param path Tokens to route through; consecutive tokens must have a pair.
    /// @param to Receiver of the output.
    /// @param deadline Latest block timestamp at which this may execute.
    /// @return amounts The input and the output of every hop.
    function swapTokensForExactTokens(
        uint256 amountOut,
        uint256 amountInMax,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external returns (uint256[] memory amounts);

    /// @notice Exact-in swap for tokens that take a fee on transfer: every hop prices what the
    /// pair actually received, and the minimum is checked on what `to` actually received.
    /// @param amountIn Input amount sent by the caller (before any transfer fee).
    /// @param amountOutMin Least increase of `to`'s balance of the last token, or revert.
    /// @param path Tokens to route through; consecutive tokens must have a pair.
    /// @param to Receiver of the output.
    /// @param deadline Latest block timestamp at which this may execute.
    function swapExactTokensForTokensSupportingFeeOnTransferTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external;

    /// @notice `addLiquidity` with ETH as one side: the ETH sent is wrapped, and any ETH above
    /// the pool ratio is refunded.
    /// @param token The other token.
    /// @param amountTokenDesired Most of `token` to add.
    /// @param amountTokenMin Least of `token` to add, or revert.
    /// @param amountETHMin Least ETH to add, or revert.
    /// @param to Receiver of the liquidity tokens.
    /// @param deadline Latest block timestamp at which this may execute.
    /// @return amountToken `token` added.
    /// @return amountETH ETH added.
    /// @return liquidity Liquidity tokens minted.
    function addLiquidityETH(
        address token,
        uint256 amountTokenDesired,
        uint256 amountTokenMin,
        uint256 amountETHMin,
        address to,
        uint256 deadline
    ) external payable returns (uint256 amountToken, uint256 amountETH, uint256 liquidity);

    /// @notice `removeLiquidity` of a token/WETH pair, paying the WETH side out as ETH.
    /// @param token The other token.
    /// @param liquidity Liquidity tokens to burn (approved to the router).
    /// @param amountTokenMin Least of `token` to receive, or revert.
    /// @param amountETHMin Least ETH to receive, or revert.
    /// @param to Receiver of the token and the ETH.
    /// @param deadline Latest block timestamp at which this may execute.
    /// @return amountToken `token` received.
    /// @return amountETH ETH received.
    function removeLiquidityETH(
        address token,
        uint256 liquidity,
        uint256 amountTokenMin,
        uint256 amountETHMin,
        address to,
        uint256 deadline
    ) external returns (uint256 amountToken, uint256 amountETH);

    /// @notice `removeLiquidityETH` with an EIP-2612 permit for the liquidity tokens.
    /// @param token The other token.
    /// @param liquidity Liquidity tokens to burn.
    /// @param amountTokenMin Least of `token` to receive, or revert.
    /// @param amountETHMin Least ETH to receive, or revert.
    /// @param to Receiver of the token and the ETH.
    /// @param deadline Latest block timestamp, for both the permit and the removal.
    /// @param approveMax Whether the permit is for the maximum allowance instead of `liquidity`.
    /// @param v Permit signature v.
    /// @param r Permit signature r.
    /// @param s Permit signature s.
    /// @return amountToken `token` received.
    /// @return amountETH ETH received.
    function removeLiquidityETHWithPermit(
        address token,
        uint256 liquidity,
        uint256 amountTokenMin,
        uint256 amountETHMin,
        address to,
        uint256 deadline,
        bool approveMax,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 amountToken, uint256 amountETH);

    /// @notice `removeLiquidityETH` for a token that takes a fee on transfer: `to` gets whatever
    /// of `token` reached the router.
    /// @param token The other token.
    /// @param liquidity Liquidity tokens to burn (approved to the router).
    /// @param amountTokenMin Least of `token` the pair pays out, or revert.
    /// @param amountETHMin Least ETH to receive, or revert.
    /// @param to Receiver of the token and the ETH.
    /// @param deadline Latest block timestamp at which this may execute.
    /// @return amountETH ETH received.
    function removeLiquidityETHSupportingFeeOnTransferTokens(
        address token,
        uint256 liquidity,
        uint256 amountTokenMin,
        uint256 amountETHMin,
        address to,
        uint256 deadline
    ) external returns (uint256 amountETH);

    /// @notice Swaps exactly the ETH sent (wrapped) for as much of the last token as possible.
    /// @param amountOutMin Least output, or revert.
    /// @param path Tokens to route through, starting with WETH.
    /// @param to Receiver of the output.
    /// @param deadline Latest block timestamp at which this may execute.
    /// @return amounts The input and the output of every hop.
    function swapExactETHForTokens(
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external payable returns (uint256[] memory amounts);

    /// @notice Swaps as little of `path[0]` as possible for exactly `amountOut` ETH.
    /// @param amountOut ETH to receive.
    /// @param amountInMax Most input, or revert.
    /// @param path Tokens to route through, ending with WETH.
    /// @param to Receiver of the ETH.
    /// @param deadline Latest block timestamp at which this may execute.
    /// @return amounts The input and the output of every hop.
    function swapTokensForExactETH(
        uint256 amountOut,
        uint256 amountInMax,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external returns (uint256[] memory amounts);

    /// @notice Swaps exactly `amountIn` of `path[0]` for as much ETH as possible.
    /// @param amountIn Input amount.
    /// @param amountOutMin Least ETH, or revert.
    /// @param path Tokens to route through, ending with WETH.
    /// @param to Receiver of the ETH.
    /// @param deadline Latest block timestamp at which this may execute.
    /// @return amounts The input and the output of every hop.
    function swapExactTokensForETH(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external returns (uint256[] memory amounts);

    /// @notice Swaps as little of the ETH sent as possible for exactly `amountOut` of the last
    /// token; the rest of the ETH is refunded.
    /// @param amountOut Output amount.
    /// @param path Tokens to route through, starting with WETH.
    /// @param to Receiver of the output.
    /// @param deadline Latest block timestamp at which this may execute.
    /// @return amounts The input and the output of every hop.
    function swapETHForExactTokens(
        uint256 amountOut,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external payable returns (uint256[] memory amounts);

    /// @notice `swapExactETHForTokens` for paths through fee-on-transfer tokens.
    /// @param amountOutMin Least increase of `to`'s balance of the last token, or revert.
    /// @param path Tokens to route through, starting with WETH.
    /// @param to Receiver of the output.
    /// @param deadline Latest block timestamp at which this may execute.
    function swapExactETHForTokensSupportingFeeOnTransferTokens(
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external payable;

    /// @notice `swapExactTokensForETH` for paths through fee-on-transfer tokens.
    /// @param amountIn Input amount sent by the caller (before any transfer fee).
    /// @param amountOutMin Least ETH, or revert.
    /// @param path Tokens to route through, ending with WETH.
    /// @param to Receiver of the ETH.
    /// @param deadline Latest block timestamp at which this may execute.
    function swapExactTokensForETHSupportingFeeOnTransferTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external;

    /// @notice The amount of B worth `amountA` at the reserves' ratio (no fee).
    /// @param amountA Amount of A.
    /// @param reserveA Reserve of A.
    /// @param reserveB Reserve of B.
    /// @return amountB Equivalent amount of B, rounded down.
    function quote(uint256 amountA, uint256 reserveA, uint256 reserveB) external pure returns (uint256 amountB);

    /// @notice Output of one hop for `amountIn`, after the 0.3% fee, rounded down.
    /// @param amountIn Input amount.
    /// @param reserveIn Reserve of the input token.
    /// @param reserveOut Reserve of the output token.
    /// @return amountOut Output amount.
    function getAmountOut(
        uint256 amountIn,
        uint256 reserveIn,
        uint256 reserveOut
    ) external pure returns (uint256 amountOut);

    /// @notice Input one hop needs to pay out `amountOut`, after the 0.3% fee, rounded up.
    /// @param amountOut Output amount.
    /// @param reserveIn Reserve of the input token.
    /// @param reserveOut Reserve of the output token.
    /// @return amountIn Input amount.
    function getAmountIn(
        uint256 amountOut,
        uint256 reserveIn,
        uint256 reserveOut
    ) external pure returns (uint256 amountIn);

    /// @notice Every hop's amounts for an exact-in swap over `path` at current reserves.
    /// @param amountIn Input amount.
    /// @param path Tokens to route through.
    /// @return amounts The input and the output of every hop.
    function getAmountsOut(uint256 amountIn, address[] calldata path) external view returns (uint256[] memory amounts);

    /// @notice Every hop's amounts for an exact-out swap over `path` at current reserves.
    /// @param amountOut Output amount.
    /// @param path Tokens to route through.
    /// @return amounts The input and the output of every hop.
    function getAmountsIn(uint256 amountOut, address[] calldata path) external view returns (uint256[] memory amounts);
}
