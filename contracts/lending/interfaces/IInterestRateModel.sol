// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IInterestRateModel
/// @author Lanes
/// @notice An interest rate model of a lending market: rates per second, 1e18 fixed point, from the
/// market's cash, borrows and reserves (Compound v2's InterestRateModel, per second instead of per block).
interface IInterestRateModel {
    /// @notice Share of the lendable assets that is borrowed: borrows / (cash + borrows - reserves),
    /// 1e18 fixed point; 0 when nothing is borrowed.
    /// @param cash Assets the market holds.
    /// @param borrows Assets borrowed, interest included.
    /// @param reserves Assets set aside for the protocol.
    /// @return The utilisation, 1e18 = 100%.
    function utilizationRate(uint256 cash, uint256 borrows, uint256 reserves) external view returns (uint256);

    /// @notice The borrow rate per second.
    /// @param cash Assets the market holds.
    /// @param borrows Assets borrowed, interest included.
    /// @param reserves Assets set aside for the protocol.
    /// @return The borrow rate per second, 1e18 fixed point.
    function getBorrowRate(uint256 cash, uint256 borrows, uint256 reserves) external view returns (uint256);

    /// @notice The supply rate per second: utilisation * borrowRate * (1 - reserveFactor).
    /// @param cash Assets the market holds.
    /// @param borrows Assets borrowed, interest included.
    /// @param reserves Assets set aside for the protocol.
    /// @param reserveFactorMantissa Share of interest that goes to reserves, 1e18 = 100%.
    /// @return The supply rate per second, 1e18 fixed point.
    function getSupplyRate(
        uint256 cash,
        uint256 borrows,
        uint256 reserves,
        uint256 reserveFactorMantissa
    ) external view returns (uint256);
}
