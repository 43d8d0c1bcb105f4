// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {ILanesRouter} from "./interfaces/ILanesRouter.sol";
import {ILanesFactory} from "./interfaces/ILanesFactory.sol";
import {ILanesPair} from "./interfaces/ILanesPair.sol";
import {IWETH} from "./interfaces/IWETH.sol";
import {AmmLibrary} from "./libraries/AmmLibrary.sol";

/// @title LanesRouter
/// @author Lanes
/// @notice Stateless periphery over Lanes pairs. It never holds tokens between calls: every
/// transfer goes from the caller straight to a pair, and from a pair to the recipient.
contract LanesRouter is ILanesRouter {
    using SafeERC20 for IERC20;

    /// @inheritdoc ILanesRouter
    address public immutable factory;
    /// @inheritdoc ILanesRouter
    address public immutable WETH; // solhint-disable-line var-name-mixedcase
    /// @dev Copied from the factory once, so that pair addresses cost a hash, not a call.
    bytes32 internal immutable pairInitCodeHash;

    modifier ensure(uint256 deadline) {
        if (deadline < block.timestamp) revert Expired(deadline, block.timestamp);
        _;
    }

    /// @notice Binds the router to a factory (copying its pair init-code hash) and to WETH.
    /// @param factory_ The factory whose pairs this router trades on.
    /// @param weth The wrapped-ether token of the network.
    constructor(address factory_, address weth) {
        factory = factory_;
        WETH = weth;
        pairInitCodeHash = ILanesFactory(factory_).PAIR_INIT_CODE_HASH();
    }

    /// @notice Accepts ETH only from WETH, when the router unwraps; anything else would be stranded.
    receive() external payable {
        if (msg.sender != WETH) revert EthNotAccepted(msg.sender);
    }

    /// @inheritdoc ILanesRouter
    function pairFor(address tokenA, address tokenB) public view returns (address pair) {
        pair = AmmLibrary.pairFor(factory, pairInitCodeHash, tokenA, tokenB);
    }

    // ---------------------------------------------------------------- liquidity

    /// @inheritdoc ILanesRouter
    function addLiquidity(
        address tokenA,
        address tokenB,
        uint256 amountADesired,
        uint256 amountBDesired,
        uint256 amountAMin,
        uint256 amountBMin,
        address to,
        uint256 deadline
    ) external ensure(deadline) returns (uint256 amountA, uint256 amountB, uint256 liquidity) {
        (amountA, amountB) = _liquidityAmounts(tokenA, tokenB, amountADesired, amountBDesired, amountAMin, amountBMin);
        liquidity = _deposit(tokenA, tokenB, amountA, amountB, to);
    }

    /// @inheritdoc ILanesRouter
    function removeLiquidity(
        address tokenA,
        address tokenB,
        uint256 liquidity,
        uint256 amountAMin,
        uint256 amountBMin,
        address to,
        uint256 deadline
    ) public ensure(deadline) returns (uint256 amountA, uint256 amountB) {
        address pair = pairFor(tokenA, tokenB);
        IERC20(pair).safeTransferFrom(msg.sender, pair, liquidity);
        (uint256 amount0, uint256 amount1) = ILanesPair(pair).burn(to);
        (amountA, amountB) = tokenA < tokenB ? (amount0, amount1) : (amount1, amount0);
        if (amountA < amountAMin) revert InsufficientAAmount(amountA, amountAMin);
        if (amountB < amountBMin) revert InsufficientBAmount(amountB, amountBMin);
    }

    /// @inheritdoc ILanesRouter
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
    ) external returns (uint256 amountA, uint256 amountB) {
        _permit(pairFor(tokenA, tokenB), liquidity, deadline, approveMax, v, r, s);
        (amountA, amountB) = removeLiquidity(tokenA, tokenB, liquidity, amountAMin, amountBMin, to, deadline);
    }

    // ---------------------------------------------------------------- swaps

    /// @inheritdoc ILanesRouter
    function swapExactTokensForTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external ensure(deadline) returns (uint256[] memory amounts) {
        amounts = AmmLibrary.getAmountsOut(factory, pairInitCodeHash, amountIn, path);
        uint256 amountOut = amounts[amounts.length - 1];
        if (amountOut < amountOutMin) revert InsufficientOutputAmount(amountOut, amountOutMin);
        IERC20(path[0]).safeTransferFrom(msg.sender, pairFor(path[0], path[1]), amounts[0]);
        _swap(amounts, path, to);
    }

    /// @inheritdoc ILanesRouter
    function swapTokensForExactTokens(
        uint256 amountOut,
        uint256 amountInMax,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external ensure(deadline) returns (uint256[] memory amounts) {
        amounts = AmmLibrary.getAmountsIn(factory, pairInitCodeHash, amountOut, path);
        if (amounts[0] > amountInMax) revert ExcessiveInputAmount(amounts[0], amountInMax);
        IERC20(path[0]).safeTransferFrom(msg.sender, pairFor(path[0], path[1]), amounts[0]);
        _swap(amounts, path, to);
    }

    /// @inheritdoc ILanesRouter
    function swapExactTokensForTokensSupportingFeeOnTransferTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external ensure(deadline) {
        if (path.length < 2) revert AmmLibrary.InvalidPath(path.length);
        address last = path[path.length - 1];
        IERC20(path[0]).safeTransferFrom(msg.sender, pairFor(path[0], path[1]), amountIn);
        uint256 balanceBefore = IERC20(last).balanceOf(to);
        _swapSupportingFeeOnTransferTokens(path, to);
        uint256 received = IERC20(last).balanceOf(to) - balanceBefore;
        if (received < amountOutMin) revert InsufficientOutputAmount(received, amountOutMin);
    }

    // ---------------------------------------------------------------- ETH

    /// @inheritdoc ILanesRouter
    function addLiquidityETH(
        address token,
        uint256 amountTokenDesired,
        uint256 amountTokenMin,
        uint256 amountETHMin,
        address to,
        uint256 deadline
    ) external payable ensure(deadline) returns (uint256 amountToken, uint256 amountETH, uint256 liquidity) {
        (amountToken, amountETH) = _liquidityAmounts(
            token,
            WETH,
            amountTokenDesired,
            msg.value,
            amountTokenMin,
            amountETHMin
        );
        liquidity = _depositWithETH(token, amountToken, amountETH, to);
        // The pool ratio may need less ETH than was sent: the rest goes back.
        if (msg.value > amountETH) _sendETH(msg.sender, msg.value - amountETH);
    }

    /// @inheritdoc ILanesRouter
    function removeLiquidityETH(
        address token,
        uint256 liquidity,
        uint256 amountTokenMin,
        uint256 amountETHMin,
        address to,
        uint256 deadline
    ) public ensure(deadline) returns (uint256 amountToken, uint256 amountETH) {
        (amountToken, amountETH) = removeLiquidity(
            token,
            WETH,
            liquidity,
            amountTokenMin,
            amountETHMin,
            address(this),
            deadline
        );
        IERC20(token).safeTransfer(to, amountToken);
        _unwrapTo(to, amountETH);
    }

    /// @inheritdoc ILanesRouter
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
    ) external returns (uint256 amountToken, uint256 amountETH) {
        _permit(pairFor(token, WETH), liquidity, deadline, approveMax, v, r, s);
        (amountToken, amountETH) = removeLiquidityETH(token, liquidity, amountTokenMin, amountETHMin, to, deadline);
    }

    /// @inheritdoc ILanesRouter
    function removeLiquidityETHSupportingFeeOnTransferTokens(
        address token,
        uint256 liquidity,
        uint256 amountTokenMin,
        uint256 amountETHMin,
        address to,
        uint256 deadline
    ) external ensure(deadline) returns (uint256 amountETH) {
        (, amountETH) = removeLiquidity(token, WETH, liquidity, amountTokenMin, amountETHMin, address(this), deadline);
        // Whatever of `token` reached the router after its transfer fee; the router holds nothing else.
        IERC20(token).safeTransfer(to, IERC20(token).balanceOf(address(this)));
        _unwrapTo(to, amountETH);
    }

    /// @inheritdoc ILanesRouter
    function swapExactETHForTokens(
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external payable ensure(deadline) returns (uint256[] memory amounts) {
        _requireEdge(path[0]);
        amounts = AmmLibrary.getAmountsOut(factory, pairInitCodeHash, msg.value, path);
        uint256 amountOut = amounts[amounts.length - 1];
        if (amountOut < amountOutMin) revert InsufficientOutputAmount(amountOut, amountOutMin);
        _wrapTo(pairFor(path[0], path[1]), amounts[0]);
        _swap(amounts, path, to);
    }

    /// @inheritdoc ILanesRouter
    function swapTokensForExactETH(
        uint256 amountOut,
        uint256 amountInMax,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external ensure(deadline) returns (uint256[] memory amounts) {
        _requireEdge(path[path.length - 1]);
        amounts = AmmLibrary.getAmountsIn(factory, pairInitCodeHash, amountOut, path);
        if (amounts[0] > amountInMax) revert ExcessiveInputAmount(amounts[0], amountInMax);
        IERC20(path[0]).safeTransferFrom(msg.sender, pairFor(path[0], path[1]), amounts[0]);
        _swap(amounts, path, address(this));
        _unwrapTo(to, amounts[amounts.length - 1]);
    }

    /// @inheritdoc ILanesRouter
    function swapExactTokensForETH(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external ensure(deadline) returns (uint256[] memory amounts) {
        _requireEdge(path[path.length - 1]);
        amounts = AmmLibrary.getAmountsOut(factory, pairInitCodeHash, amountIn, path);
        uint256 amountOut = amounts[amounts.length - 1];
        if (amountOut < amountOutMin) revert InsufficientOutputAmount(amountOut, amountOutMin);
        IERC20(path[0]).safeTransferFrom(msg.sender, pairFor(path[0], path[1]), amounts[0]);
        _swap(amounts, path, address(this));
        _unwrapTo(to, amountOut);
    }

    /// @inheritdoc ILanesRouter
    function swapETHForExactTokens(
        uint256 amountOut,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external payable ensure(deadline) returns (uint256[] memory amounts) {
        _requireEdge(path[0]);
        amounts = AmmLibrary.getAmountsIn(factory, pairInitCodeHash, amountOut, path);
        if (amounts[0] > msg.value) revert ExcessiveInputAmount(amounts[0], msg.value);
        _wrapTo(pairFor(path[0], path[1]), amounts[0]);
        _swap(amounts, path, to);
        if (msg.value > amounts[0]) _sendETH(msg.sender, msg.value - amounts[0]);
    }

    /// @inheritdoc ILanesRouter
    function swapExactETHForTokensSupportingFeeOnTransferTokens(
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external payable ensure(deadline) {
        if (path.length < 2) revert AmmLibrary.InvalidPath(path.length);
        _requireEdge(path[0]);
        _wrapTo(pairFor(path[0], path[1]), msg.value);
        address last = path[path.length - 1];
        uint256 balanceBefore = IERC20(last).balanceOf(to);
        _swapSupportingFeeOnTransferTokens(path, to);
        uint256 received = IERC20(last).balanceOf(to) - balanceBefore;
        if (received < amountOutMin) revert InsufficientOutputAmount(received, amountOutMin);
    }

    /// @inheritdoc ILanesRouter
    function swapExactTokensForETHSupportingFeeOnTransferTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external ensure(deadline) {
        if (path.length < 2) revert AmmLibrary.InvalidPath(path.length);
        _requireEdge(path[path.length - 1]);
        IERC20(path[0]).safeTransferFrom(msg.sender, pairFor(path[0], path[1]), amountIn);
        _swapSupportingFeeOnTransferTokens(path, address(this));
        uint256 amountOut = IERC20(WETH).balanceOf(address(this));
        if (amountOut < amountOutMin) revert InsufficientOutputAmount(amountOut, amountOutMin);
        _unwrapTo(to, amountOut);
    }

    // ---------------------------------------------------------------- quotes

    /// @inheritdoc ILanesRouter
    function quote(uint256 amountA, uint256 reserveA, uint256 reserveB) external pure returns (uint256 amountB) {
        return AmmLibrary.quote(amountA, reserveA, reserveB);
    }

    /// @inheritdoc ILanesRouter
    function getAmountOut(
        uint256 amountIn,
        uint256 reserveIn,
        uint256 reserveOut
    ) external pure returns (uint256 amountOut) {
        return AmmLibrary.getAmountOut(amountIn, reserveIn, reserveOut);
    }

    /// @inheritdoc ILanesRouter
    function getAmountIn(
        uint256 amountOut,
        uint256 reserveIn,
        uint256 reserveOut
    ) external pure returns (uint256 amountIn) {
        return AmmLibrary.getAmountIn(amountOut, reserveIn, reserveOut);
    }

    /// @inheritdoc ILanesRouter
    function getAmountsOut(uint256 amountIn, address[] calldata path) external view returns (uint256[] memory amounts) {
        return AmmLibrary.getAmountsOut(factory, pairInitCodeHash, amountIn, path);
    }

    /// @inheritdoc ILanesRouter
    function getAmountsIn(uint256 amountOut, address[] calldata path) external view returns (uint256[] memory amounts) {
        return AmmLibrary.getAmountsIn(factory, pairInitCodeHash, amountOut, path);
    }

    // ---------------------------------------------------------------- internals

    /// @dev Amounts to deposit at the pool's ratio, within the caller's desired and minimum
    /// amounts; creates the pair first if it does not exist.
    function _liquidityAmounts(
        address tokenA,
        address tokenB,
        uint256 amountADesired,
        uint256 amountBDesired,
        uint256 amountAMin,
        uint256 amountBMin
    ) private returns (uint256 amountA, uint256 amountB) {
        address pair = pairFor(tokenA, tokenB);
        // The pair's code is the existence check: one EXTCODESIZE instead of a call to the factory.
        if (pair.code.length == 0) ILanesFactory(factory).createPair(tokenA, tokenB);
        (uint256 reserve0, uint256 reserve1, ) = ILanesPair(pair).getReserves();
        (uint256 reserveA, uint256 reserveB) = tokenA < tokenB ? (reserve0, reserve1) : (reserve1, reserve0);
        if (reserveA == 0 && reserveB == 0) return (amountADesired, amountBDesired);

        uint256 amountBOptimal = AmmLibrary.quote(amountADesired, reserveA, reserveB);
        if (amountBOptimal <= amountBDesired) {
            if (amountBOptimal < amountBMin) revert InsufficientBAmount(amountBOptimal, amountBMin);
            return (amountADesired, amountBOptimal);
        }
        uint256 amountAOptimal = AmmLibrary.quote(amountBDesired, reserveB, reserveA);
        // amountAOptimal <= amountADesired follows from amountBOptimal > amountBDesired.
        if (amountAOptimal < amountAMin) revert InsufficientAAmount(amountAOptimal, amountAMin);
        return (amountAOptimal, amountBDesired);
    }

    /// @dev Permits the router to pull `liquidity` of `pair` from the caller. A permit seen in the
    /// mempool can be submitted by anyone first; then ours reverts but the allowance exists, and
    /// the removal should still go through.
    function _permit(
        address pair,
        uint256 liquidity,
        uint256 deadline,
        bool approveMax,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) private {
        uint256 value = approveMax ? type(uint256).max : liquidity;
        // solhint-disable-next-line no-empty-blocks
        try IERC20Permit(pair).permit(msg.sender, address(this), value, deadline, v, r, s) {} catch {
            uint256 allowance = IERC20(pair).allowance(msg.sender, address(this));
            if (allowance < liquidity) revert PermitFailed(pair, allowance, liquidity);
        }
    }

    /// @dev Moves `amountToken` from the caller and `amountETH` of the ETH sent (wrapped) to the
    /// token/WETH pair, and mints to `to`.
    function _depositWithETH(
        address token,
        uint256 amountToken,
        uint256 amountETH,
        address to
    ) private returns (uint256 liquidity) {
        address pair = pairFor(token, WETH);
        IERC20(token).safeTransferFrom(msg.sender, pair, amountToken);
        _wrapTo(pair, amountETH);
        liquidity = ILanesPair(pair).mint(to);
    }

    function _requireEdge(address token) private view {
        if (token != WETH) revert InvalidPathEdge(WETH, token);
    }

    /// @dev Wraps `amount` of the ETH sent and hands the WETH to `to` (a pair).
    function _wrapTo(address to, uint256 amount) private {
        IWETH(WETH).deposit{value: amount}();
        IERC20(WETH).safeTransfer(to, amount);
    }

    /// @dev Unwraps `amount` of the router's WETH and sends the ETH to `to`.
    function _unwrapTo(address to, uint256 amount) private {
        IWETH(WETH).withdraw(amount);
        _sendETH(to, amount);
    }

    function _sendETH(address to, uint256 amount) private {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = to.call{value: amount}("");
        if (!ok) revert EthTransferFailed(to, amount);
    }

    /// @dev Moves the deposit from the caller straight to the pair and mints to `to`.
    function _deposit(
        address tokenA,
        address tokenB,
        uint256 amountA,
        uint256 amountB,
        address to
    ) private returns (uint256 liquidity) {
        address pair = pairFor(tokenA, tokenB);
        IERC20(tokenA).safeTransferFrom(msg.sender, pair, amountA);
        IERC20(tokenB).safeTransferFrom(msg.sender, pair, amountB);
        liquidity = ILanesPair(pair).mint(to);
    }

    /// @dev Executes the hops of `amounts`; each pair sends its output straight to the next pair.
    function _swap(uint256[] memory amounts, address[] calldata path, address to) private {
        uint256 hops = path.length - 1;
        address pair = pairFor(path[0], path[1]);
        for (uint256 i; i < hops; ++i) {
            address input = path[i];
            address output = path[i + 1];
            uint256 amountOut = amounts[i + 1];
            address next = i < hops - 1 ? pairFor(output, path[i + 2]) : to;
            (uint256 amount0Out, uint256 amount1Out) = input < output
                ? (uint256(0), amountOut)
                : (amountOut, uint256(0));
            ILanesPair(pair).swap(amount0Out, amount1Out, next, "");
            pair = next;
        }
    }

    /// @dev Hops that price what each pair actually received (balance minus reserve).
    function _swapSupportingFeeOnTransferTokens(address[] calldata path, address to) private {
        uint256 hops = path.length - 1;
        address pair = pairFor(path[0], path[1]);
        for (uint256 i; i < hops; ++i) {
            address next = i < hops - 1 ? pairFor(path[i + 1], path[i + 2]) : to;
            _swapReceived(pair, path[i], path[i + 1], next);
            pair = next;
        }
    }

    /// @dev One fee-on-transfer hop: the input is whatever the pair holds above its reserve.
    function _swapReceived(address pair, address input, address output, address to) private {
        (uint256 reserve0, uint256 reserve1, ) = ILanesPair(pair).getReserves();
        bool inputIs0 = input < output;
        (uint256 reserveIn, uint256 reserveOut) = inputIs0 ? (reserve0, reserve1) : (reserve1, reserve0);
        uint256 amountOut = AmmLibrary.getAmountOut(IERC20(input).balanceOf(pair) - reserveIn, reserveIn, reserveOut);
        (uint256 amount0Out, uint256 amount1Out) = inputIs0 ? (uint256(0), amountOut) : (amountOut, uint256(0));
        ILanesPair(pair).swap(amount0Out, amount1Out, to, "");
    }
}
