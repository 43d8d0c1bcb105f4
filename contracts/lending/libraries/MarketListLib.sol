// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title MarketListLib
/// @author Lanes
/// @notice An account's markets (those it uses as collateral or borrows from) packed into one word:
/// the low byte is the count, byte i + 1 the id of the i-th market (ids are 1..255). One SLOAD reads
/// the whole list, which bounds every loop over an account's markets by MAX_MARKETS.
library MarketListLib {
    /// @dev The most markets an account can be in at once.
    uint256 internal constant MAX_MARKETS = 8;

    /// @dev Number of markets in the list.
    function length(uint256 list) internal pure returns (uint256) {
        return list & 0xff;
    }

    /// @dev The id at position `i` (`i` < length).
    function at(uint256 list, uint256 i) internal pure returns (uint256) {
        return (list >> (8 * (i + 1))) & 0xff;
    }

    /// @dev Whether `id` is in the list.
    function contains(uint256 list, uint256 id) internal pure returns (bool) {
        uint256 n = length(list);
        for (uint256 i; i < n; ++i) {
            if (at(list, i) == id) return true;
        }
        return false;
    }

    /// @dev The list with `id` appended; the caller checks that it is absent and that there is room.
    function add(uint256 list, uint256 id) internal pure returns (uint256) {
        uint256 n = length(list);
        return ((list & ~uint256(0xff)) | (n + 1)) | (id << (8 * (n + 1)));
    }

    /// @dev The list without `id` (the last entry takes its place); unchanged if absent.
    function remove(uint256 list, uint256 id) internal pure returns (uint256) {
        uint256 n = length(list);
        for (uint256 i; i < n; ++i) {
            if (at(list, i) == id) {
                uint256 last = at(list, n - 1);
                uint256 shift = 8 * (i + 1);
                list = (list & ~(uint256(0xff) << shift)) | (last << shift);
                list &= ~(uint256(0xff) << (8 * n));
                return (list & ~uint256(0xff)) | (n - 1);
            }
        }
        return list;
    }
}
