// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ILanesFactory
/// @author Lanes
/// @notice Creates one constant-product pair per unordered token pair, at a CREATE2 address
/// that anyone can compute from the two tokens, and holds the protocol fee switch. Token-order
/// errors (`IdenticalAddresses`, `ZeroAddress`) come from `AmmLibrary.sortTokens`.
interface ILanesFactory {
    /// @notice A pair for these tokens already exists.
    error PairExists(address token0, address token1, address pair);
    /// @notice The caller is not the fee-to setter (or the pending one, when accepting).
    error FactoryUnauthorized(address caller);

    /// @notice A pair was created; `index` is its 1-based position in `allPairs`.
    event PairCreated(address indexed token0, address indexed token1, address pair, uint256 index);
    /// @notice The protocol fee recipient changed; address(0) turns the protocol fee off.
    event FeeToSet(address indexed feeTo);
    /// @notice A new fee-to setter was proposed; it takes effect when it accepts.
    event FeeToSetterProposed(address indexed pending);
    /// @notice The fee-to setter role changed hands.
    event FeeToSetterSet(address indexed feeToSetter);

    /// @notice Recipient of the protocol's share (1/6 of sqrt(k) growth); zero when off.
    function feeTo() external view returns (address);

    /// @notice The account allowed to change `feeTo` and hand over its own role.
    function feeToSetter() external view returns (address);

    /// @notice The account proposed as next fee-to setter, until it accepts.
    function pendingFeeToSetter() external view returns (address);

    /// @notice keccak256 of the pair's creation code, the CREATE2 init-code hash.
    function PAIR_INIT_CODE_HASH() external view returns (bytes32);

    /// @notice The pair of two tokens, in either order; address(0) if none.
    function getPair(address tokenA, address tokenB) external view returns (address pair);

    /// @notice The pair created `index`-th (0-based).
    function allPairs(uint256 index) external view returns (address pair);

    /// @notice How many pairs exist.
    function allPairsLength() external view returns (uint256);

    /// @notice The tokens of the pair under construction; a pair reads them in its constructor
    /// so that its creation code, and hence the CREATE2 init-code hash, stays constant.
    function parameters() external view returns (address token0, address token1);

    /// @notice Creates the pair of `tokenA` and `tokenB` (any order) at its CREATE2 address.
    function createPair(address tokenA, address tokenB) external returns (address pair);

    /// @notice Sets the protocol fee recipient; address(0) turns the fee off. Fee-to setter only.
    function setFeeTo(address newFeeTo) external;

    /// @notice Proposes a new fee-to setter, which must call `acceptFeeToSetter`. Fee-to setter only.
    function setFeeToSetter(address newFeeToSetter) external;

    /// @notice Completes a fee-to setter hand-over. Pending fee-to setter only.
    function acceptFeeToSetter() external;
}
