// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

// Chainlink's own name for the interface, kept so that feeds' ABIs match.
// solhint-disable interface-starts-with-i

/// @title AggregatorV3Interface
/// @author Lanes
/// @notice The read side of a Chainlink price feed (the subset the oracle adapter uses).
interface AggregatorV3Interface {
    /// @notice Decimals of the answers.
    /// @return The number of decimals.
    function decimals() external view returns (uint8);

    /// @notice A short description of the feed, e.g. "ETH / USD".
    /// @return The description.
    function description() external view returns (string memory);

    /// @notice The latest round.
    /// @return roundId The round.
    /// @return answer The price, with `decimals()` decimals.
    /// @return startedAt When the round started.
    /// @return updatedAt When the answer was last updated.
    /// @return answeredInRound Deprecated; the round the answer was computed in.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
