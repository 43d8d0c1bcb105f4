// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IOracle} from "./IOracle.sol";
import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";

/// @title IChainlinkOracleAdapter
/// @author Lanes
/// @notice Prices from Chainlink-style aggregators, one feed per asset with its own heartbeat,
/// normalised to the pool's convention (scaled by 1e(36 - token decimals)).
interface IChainlinkOracleAdapter is IOracle {
    /// @notice An address argument is the zero address.
    error ZeroAddress();
    /// @notice No feed is set for the asset.
    /// @param asset The token.
    error FeedNotSet(address asset);
    /// @notice The feed's answer is older than its heartbeat allows (updatedAt + heartbeat < now).
    /// @param asset The token.
    /// @param updatedAt When the answer was last updated.
    /// @param heartbeat The feed's heartbeat in seconds.
    error StalePrice(address asset, uint256 updatedAt, uint256 heartbeat);
    /// @notice The feed's answer is zero or negative.
    /// @param asset The token.
    /// @param answer The answer.
    error NonPositivePrice(address asset, int256 answer);
    /// @notice Token decimals plus feed decimals exceed 36.
    /// @param tokenDecimals The token's decimals.
    /// @param feedDecimals The feed's decimals.
    error UnsupportedDecimals(uint256 tokenDecimals, uint256 feedDecimals);
    /// @notice The heartbeat is zero or does not fit 32 bits.
    /// @param heartbeat The heartbeat given.
    error InvalidHeartbeat(uint256 heartbeat);

    /// @notice A feed was set.
    /// @param asset The token.
    /// @param aggregator The feed.
    /// @param heartbeat Seconds after which an answer is stale.
    /// @param scale The power of ten answers are multiplied by.
    event FeedSet(address indexed asset, AggregatorV3Interface aggregator, uint256 heartbeat, uint256 scale);

    /// @notice Sets the feed of `asset` (owner only); reads the token's and the feed's decimals.
    /// @param asset The token (must implement `decimals()`).
    /// @param aggregator The feed.
    /// @param heartbeat Seconds after which an answer is stale.
    function setFeed(address asset, AggregatorV3Interface aggregator, uint256 heartbeat) external;

    /// @notice The feed of `asset`.
    /// @param asset The token.
    /// @return aggregator The feed (zero if none).
    /// @return heartbeat Its heartbeat.
    /// @return scale The power of ten its answers are multiplied by.
    function feed(
        address asset
    ) external view returns (AggregatorV3Interface aggregator, uint256 heartbeat, uint256 scale);
}
