// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ILanesFactory} from "./interfaces/ILanesFactory.sol";
import {LanesPair} from "./LanesPair.sol";
import {AmmLibrary} from "./libraries/AmmLibrary.sol";

/// @title LanesFactory
/// @author Lanes
/// @notice Creates Lanes pairs at deterministic addresses and holds the protocol fee switch.
contract LanesFactory is ILanesFactory {
    /// @inheritdoc ILanesFactory
    bytes32 public immutable PAIR_INIT_CODE_HASH = keccak256(type(LanesPair).creationCode);

    /// @inheritdoc ILanesFactory
    address public feeTo;
    /// @inheritdoc ILanesFactory
    address public feeToSetter;
    /// @inheritdoc ILanesFactory
    address public pendingFeeToSetter;

    /// @inheritdoc ILanesFactory
    mapping(address tokenA => mapping(address tokenB => address pair)) public getPair;
    /// @inheritdoc ILanesFactory
    address[] public allPairs;

    // Constructor arguments of the pair being created; transient, so they vanish after the call.
    address private transient creating0;
    address private transient creating1;

    modifier onlyFeeToSetter() {
        if (msg.sender != feeToSetter) revert FactoryUnauthorized(msg.sender);
        _;
    }

    /// @notice Starts with the protocol fee off.
    /// @param initialFeeToSetter The account allowed to turn the protocol fee on.
    constructor(address initialFeeToSetter) {
        feeToSetter = initialFeeToSetter;
        emit FeeToSetterSet(initialFeeToSetter);
    }

    /// @inheritdoc ILanesFactory
    function allPairsLength() external view returns (uint256) {
        return allPairs.length;
    }

    /// @inheritdoc ILanesFactory
    function parameters() external view returns (address token0, address token1) {
        return (creating0, creating1);
    }

    /// @inheritdoc ILanesFactory
    function createPair(address tokenA, address tokenB) external returns (address pair) {
        (address token0, address token1) = AmmLibrary.sortTokens(tokenA, tokenB);
        address existing = getPair[token0][token1];
        if (existing != address(0)) revert PairExists(token0, token1, existing);

        creating0 = token0;
        creating1 = token1;
        pair = address(new LanesPair{salt: keccak256(abi.encodePacked(token0, token1))}());
        creating0 = address(0);
        creating1 = address(0);

        getPair[token0][token1] = pair;
        getPair[token1][token0] = pair;
        allPairs.push(pair);
        emit PairCreated(token0, token1, pair, allPairs.length);
    }

    /// @inheritdoc ILanesFactory
    function setFeeTo(address newFeeTo) external onlyFeeToSetter {
        feeTo = newFeeTo;
        emit FeeToSet(newFeeTo);
    }

    /// @inheritdoc ILanesFactory
    function setFeeToSetter(address newFeeToSetter) external onlyFeeToSetter {
        pendingFeeToSetter = newFeeToSetter;
        emit FeeToSetterProposed(newFeeToSetter);
    }

    /// @inheritdoc ILanesFactory
    function acceptFeeToSetter() external {
        if (msg.sender != pendingFeeToSetter) revert FactoryUnauthorized(msg.sender);
        feeToSetter = msg.sender;
        pendingFeeToSetter = address(0);
        emit FeeToSetterSet(msg.sender);
    }
}
