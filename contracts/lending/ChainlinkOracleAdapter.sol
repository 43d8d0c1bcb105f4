// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

import {IChainlinkOracleAdapter} from "./interfaces/IChainlinkOracleAdapter.sol";
import {IOracle} from "./interfaces/IOracle.sol";
import {AggregatorV3Interface} from "./interfaces/AggregatorV3Interface.sol";

/// @title ChainlinkOracleAdapter
/// @author Lanes
/// @notice Prices the lending pool's assets from Chainlink-style aggregators. An answer is used only
/// if it is positive and no older than the feed's heartbeat; otherwise `price` reverts, and so does
/// whatever in the pool needed that price (borrows, collateral withdrawals, liquidations).
contract ChainlinkOracleAdapter is IChainlinkOracleAdapter, Ownable2Step {
    /// @dev One slot per asset: the feed, its heartbeat and the decimal scaling.
    struct Feed {
        AggregatorV3Interface aggregator;
        uint32 heartbeat;
        uint8 scale;
    }

    mapping(address asset => Feed) internal _feeds;

    /// @notice Creates an adapter without feeds.
    /// @param owner_ Who may set feeds.
    constructor(address owner_) Ownable(owner_) {}

    /// @inheritdoc IChainlinkOracleAdapter
    function setFeed(address asset, AggregatorV3Interface aggregator, uint256 heartbeat) external onlyOwner {
        if (asset == address(0) || address(aggregator) == address(0)) revert ZeroAddress();
        if (heartbeat == 0 || heartbeat > type(uint32).max) revert InvalidHeartbeat(heartbeat);
        uint256 tokenDecimals = IERC20Metadata(asset).decimals();
        uint256 feedDecimals = aggregator.decimals();
        if (tokenDecimals + feedDecimals > 36) revert UnsupportedDecimals(tokenDecimals, feedDecimals);
        uint256 scale = 36 - tokenDecimals - feedDecimals;
        _feeds[asset] = Feed(aggregator, uint32(heartbeat), uint8(scale));
        emit FeedSet(asset, aggregator, heartbeat, scale);
    }

    /// @inheritdoc IOracle
    function price(address asset) external view returns (uint256) {
        Feed memory f = _feeds[asset];
        if (address(f.aggregator) == address(0)) revert FeedNotSet(asset);
        (, int256 answer, , uint256 updatedAt, ) = f.aggregator.latestRoundData();
        if (answer <= 0) revert NonPositivePrice(asset, answer);
        if (updatedAt + f.heartbeat < block.timestamp) revert StalePrice(asset, updatedAt, f.heartbeat);
        return uint256(answer) * 10 ** f.scale;
    }

    /// @inheritdoc IChainlinkOracleAdapter
    function feed(
        address asset
    ) external view returns (AggregatorV3Interface aggregator, uint256 heartbeat, uint256 scale) {
        Feed memory f = _feeds[asset];
        return (f.aggregator, f.heartbeat, f.scale);
    }
}
