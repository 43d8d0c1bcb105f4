// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ILanesPair} from "./interfaces/ILanesPair.sol";
import {ILanesFactory} from "./interfaces/ILanesFactory.sol";
import {ILanesCallee} from "./interfaces/ILanesCallee.sol";
import {UQ112x112} from "./libraries/UQ112x112.sol";

/// @title LanesPair
/// @author Lanes
/// @notice A constant-product pool of two tokens and its liquidity token. Low-level: callers
/// send tokens first and then call `mint` or `swap` (the router does both in one call).
/// @dev Deployed by the factory with CREATE2 and no constructor arguments: the tokens are read
/// back from the factory, so they can be immutables while the init-code hash stays constant.
contract LanesPair is ILanesPair, ERC20Permit {
    using SafeERC20 for IERC20;
    using UQ112x112 for uint224;

    /// @inheritdoc ILanesPair
    uint256 public constant MINIMUM_LIQUIDITY = 1000;
    /// @dev OpenZeppelin's ERC20 refuses to mint to address(0), so the locked minimum goes here.
    address internal constant MINIMUM_LIQUIDITY_HOLDER = address(0xdEaD);

    /// @inheritdoc ILanesPair
    address public immutable factory;
    /// @inheritdoc ILanesPair
    address public immutable token0;
    /// @inheritdoc ILanesPair
    address public immutable token1;

    // One slot: a swap reads and writes the reserves and the timestamp with one SLOAD/SSTORE.
    uint112 private reserve0;
    uint112 private reserve1;
    uint32 private blockTimestampLast;

    /// @inheritdoc ILanesPair
    uint256 public price0CumulativeLast;
    /// @inheritdoc ILanesPair
    uint256 public price1CumulativeLast;
    /// @inheritdoc ILanesPair
    uint256 public kLast;

    // EIP-1153: the lock costs two TSTOREs and a TLOAD instead of a storage round trip,
    // and it is never part of the pair's persistent state.
    bool private transient locked;

    modifier lock() {
        if (locked) revert Locked();
        locked = true;
        _;
        locked = false;
    }

    constructor() ERC20("Lanes LP", "LANES-LP") ERC20Permit("Lanes LP") {
        factory = msg.sender;
        (token0, token1) = ILanesFactory(msg.sender).parameters();
    }

    /// @inheritdoc ILanesPair
    function getReserves() public view returns (uint112 _reserve0, uint112 _reserve1, uint32 _blockTimestampLast) {
        _reserve0 = reserve0;
        _reserve1 = reserve1;
        _blockTimestampLast = blockTimestampLast;
    }

    /// @inheritdoc ILanesPair
    function mint(address to) external lock returns (uint256 liquidity) {
        (uint112 _reserve0, uint112 _reserve1, uint32 _timestampLast) = getReserves();
        uint256 balance0 = IERC20(token0).balanceOf(address(this));
        uint256 balance1 = IERC20(token1).balanceOf(address(this));
        uint256 amount0 = balance0 - _reserve0;
        uint256 amount1 = balance1 - _reserve1;

        bool feeOn = _mintFee(_reserve0, _reserve1);
        // Read after _mintFee, which may have minted the protocol's share.
        uint256 _totalSupply = totalSupply();
        if (_totalSupply == 0) {
            liquidity = Math.sqrt(amount0 * amount1) - MINIMUM_LIQUIDITY;
            _mint(MINIMUM_LIQUIDITY_HOLDER, MINIMUM_LIQUIDITY);
        } else {
            liquidity = Math.min((amount0 * _totalSupply) / _reserve0, (amount1 * _totalSupply) / _reserve1);
        }
        if (liquidity == 0) revert InsufficientLiquidityMinted();
        _mint(to, liquidity);

        _update(balance0, balance1, _reserve0, _reserve1, _timestampLast);
        if (feeOn) kLast = balance0 * balance1;
        emit Mint(msg.sender, amount0, amount1);
    }

    /// @inheritdoc ILanesPair
    function burn(address to) external lock returns (uint256 amount0, uint256 amount1) {
        (uint112 _reserve0, uint112 _reserve1, uint32 _timestampLast) = getReserves();
        uint256 balance0 = IERC20(token0).balanceOf(address(this));
        uint256 balance1 = IERC20(token1).balanceOf(address(this));
        uint256 liquidity = balanceOf(address(this));

        bool feeOn = _mintFee(_reserve0, _reserve1);
        uint256 _totalSupply = totalSupply();
        // Pro rata of balances, not reserves: a burn also pays out any donation. Rounded down.
        amount0 = (liquidity * balance0) / _totalSupply;
        amount1 = (liquidity * balance1) / _totalSupply;
        if (amount0 == 0 || amount1 == 0) revert InsufficientLiquidityBurned();

        // Effects before the transfers out.
        _burn(address(this), liquidity);
        _update(balance0 - amount0, balance1 - amount1, _reserve0, _reserve1, _timestampLast);
        if (feeOn) kLast = (balance0 - amount0) * (balance1 - amount1);
        _payOut(to, amount0, amount1, feeOn);
        emit Burn(msg.sender, amount0, amount1, to);
    }

    /// @inheritdoc ILanesPair
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external lock {
        if (amount0Out == 0 && amount1Out == 0) revert InsufficientOutputAmount();
        (uint112 _reserve0, uint112 _reserve1, uint32 _timestampLast) = getReserves();
        if (amount0Out >= _reserve0 || amount1Out >= _reserve1) {
            revert InsufficientLiquidity(amount0Out, amount1Out, _reserve0, _reserve1);
        }

        uint256 amount0In;
        uint256 amount1In;
        {
            (uint256 balance0, uint256 balance1) = _sendOut(amount0Out, amount1Out, to, data);
            (amount0In, amount1In) = _checkInputs(balance0, balance1, amount0Out, amount1Out, _reserve0, _reserve1);
            _update(balance0, balance1, _reserve0, _reserve1, _timestampLast);
        }
        emit Swap(msg.sender, amount0In, amount1In, amount0Out, amount1Out, to);
    }

    /// @dev Sends a burn's amounts out. A token that takes a fee or rebases on transfer can leave
    /// a balance other than the reserve just stored; then the reserves follow the balances.
    function _payOut(address to, uint256 amount0, uint256 amount1, bool feeOn) private {
        address _token0 = token0;
        address _token1 = token1;
        IERC20(_token0).safeTransfer(to, amount0);
        IERC20(_token1).safeTransfer(to, amount1);
        uint256 left0 = IERC20(_token0).balanceOf(address(this));
        uint256 left1 = IERC20(_token1).balanceOf(address(this));
        (uint112 _reserve0, uint112 _reserve1, uint32 _timestampLast) = getReserves();
        if (left0 != _reserve0 || left1 != _reserve1) {
            _update(left0, left1, _reserve0, _reserve1, _timestampLast);
            if (feeOn) kLast = left0 * left1;
        }
    }

    /// @dev The optimistic half of a swap: pays out, runs the flash-swap callback if asked, and
    /// returns the balances the input is then measured against.
    function _sendOut(
        uint256 amount0Out,
        uint256 amount1Out,
        address to,
        bytes calldata data
    ) private returns (uint256 balance0, uint256 balance1) {
        address _token0 = token0;
        address _token1 = token1;
        if (to == _token0 || to == _token1) revert InvalidTo(to);
        if (amount0Out > 0) IERC20(_token0).safeTransfer(to, amount0Out);
        if (amount1Out > 0) IERC20(_token1).safeTransfer(to, amount1Out);
        if (data.length > 0) ILanesCallee(to).lanesCall(msg.sender, amount0Out, amount1Out, data);
        balance0 = IERC20(_token0).balanceOf(address(this));
        balance1 = IERC20(_token1).balanceOf(address(this));
    }

    /// @dev The inputs a swap received, and the constant-product check with the 0.3% fee taken
    /// from the inputs: (1000 * balance - 3 * input) products must not fall below 1000^2 * k.
    function _checkInputs(
        uint256 balance0,
        uint256 balance1,
        uint256 amount0Out,
        uint256 amount1Out,
        uint112 _reserve0,
        uint112 _reserve1
    ) private pure returns (uint256 amount0In, uint256 amount1In) {
        unchecked {
            // amountOut < reserve was checked, so the subtractions cannot underflow.
            amount0In = balance0 > _reserve0 - amount0Out ? balance0 - (_reserve0 - amount0Out) : 0;
            amount1In = balance1 > _reserve1 - amount1Out ? balance1 - (_reserve1 - amount1Out) : 0;
        }
        if (amount0In == 0 && amount1In == 0) revert InsufficientInputAmount();
        uint256 balance0Adjusted = balance0 * 1000 - amount0In * 3;
        uint256 balance1Adjusted = balance1 * 1000 - amount1In * 3;
        if (balance0Adjusted * balance1Adjusted < uint256(_reserve0) * _reserve1 * 1_000_000) revert K();
    }

    /// @inheritdoc ILanesPair
    function skim(address to) external lock {
        address _token0 = token0;
        address _token1 = token1;
        (uint112 _reserve0, uint112 _reserve1, ) = getReserves();
        IERC20(_token0).safeTransfer(to, IERC20(_token0).balanceOf(address(this)) - _reserve0);
        IERC20(_token1).safeTransfer(to, IERC20(_token1).balanceOf(address(this)) - _reserve1);
    }

    /// @inheritdoc ILanesPair
    function sync() external lock {
        (uint112 _reserve0, uint112 _reserve1, uint32 _timestampLast) = getReserves();
        _update(
            IERC20(token0).balanceOf(address(this)),
            IERC20(token1).balanceOf(address(this)),
            _reserve0,
            _reserve1,
            _timestampLast
        );
    }

    /// @dev Stores the new reserves and, once per block, adds the previous reserves' prices
    /// times the time they held to the accumulators.
    function _update(
        uint256 balance0,
        uint256 balance1,
        uint112 _reserve0,
        uint112 _reserve1,
        uint32 _timestampLast
    ) private {
        if (balance0 > type(uint112).max || balance1 > type(uint112).max) revert ReservesOverflow(balance0, balance1);
        uint32 blockTimestamp = uint32(block.timestamp); // mod 2**32 by design
        unchecked {
            // Wrapping is intended in both the elapsed time and the accumulators: TWAP readers
            // take differences, which stay correct modulo 2**256 (and 2**32 for time).
            uint32 timeElapsed = blockTimestamp - _timestampLast;
            if (timeElapsed > 0 && _reserve0 != 0 && _reserve1 != 0) {
                price0CumulativeLast += uint256(UQ112x112.encode(_reserve1).uqdiv(_reserve0)) * timeElapsed;
                price1CumulativeLast += uint256(UQ112x112.encode(_reserve0).uqdiv(_reserve1)) * timeElapsed;
            }
        }
        reserve0 = uint112(balance0);
        reserve1 = uint112(balance1);
        blockTimestampLast = blockTimestamp;
        emit Sync(uint112(balance0), uint112(balance1));
    }

    /// @dev With the protocol fee on, mints the protocol 1/6 of the growth of sqrt(k) since the
    /// last liquidity event: shares s = supply * (rootK - rootKLast) / (5 * rootK + rootKLast).
    function _mintFee(uint112 _reserve0, uint112 _reserve1) private returns (bool feeOn) {
        address feeTo = ILanesFactory(factory).feeTo();
        feeOn = feeTo != address(0);
        uint256 _kLast = kLast;
        if (feeOn) {
            if (_kLast != 0) {
                uint256 rootK = Math.sqrt(uint256(_reserve0) * _reserve1);
                uint256 rootKLast = Math.sqrt(_kLast);
                if (rootK > rootKLast) {
                    uint256 numerator = totalSupply() * (rootK - rootKLast);
                    uint256 denominator = rootK * 5 + rootKLast;
                    uint256 liquidity = numerator / denominator;
                    if (liquidity > 0) _mint(feeTo, liquidity);
                }
            }
        } else if (_kLast != 0) {
            kLast = 0;
        }
    }
}
