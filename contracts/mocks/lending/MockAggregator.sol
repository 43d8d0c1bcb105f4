// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AggregatorV3Interface} from "../../lending/interfaces/AggregatorV3Interface.sol";

/// @title MockAggregator
/// @author Lanes
/// @notice A Chainlink-style feed for tests and local workloads: anyone sets the answer. The round
/// lives in one slot, as cheap to read as Morpho's oracle mock.
contract MockAggregator is AggregatorV3Interface {
    struct Round {
        int128 answer;
        uint64 updatedAt;
        uint64 roundId;
    }

    /// @inheritdoc AggregatorV3Interface
    uint8 public immutable decimals;
    Round internal _round;

    /// @notice Creates a feed with a first answer.
    /// @param decimals_ Decimals of the answers.
    /// @param answer Initial answer, stamped now.
    constructor(uint8 decimals_, int256 answer) {
        decimals = decimals_;
        _round = Round(int128(answer), uint64(block.timestamp), 1);
    }

    /// @notice Sets a new answer, updated now.
    /// @param answer The answer.
    function setAnswer(int256 answer) external {
        _round = Round(int128(answer), uint64(block.timestamp), _round.roundId + 1);
    }

    /// @notice Sets an answer with an arbitrary update time (for staleness tests).
    /// @param answer The answer.
    /// @param updatedAt Its update time.
    function setRound(int256 answer, uint256 updatedAt) external {
        _round = Round(int128(answer), uint64(updatedAt), _round.roundId + 1);
    }

    /// @inheritdoc AggregatorV3Interface
    function description() external pure returns (string memory) {
        return "mock";
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round memory r = _round;
        return (r.roundId, r.answer, r.updatedAt, r.updatedAt, r.roundId);
    }
}
