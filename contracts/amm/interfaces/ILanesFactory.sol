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

    /// @notice A pair was created.
    /// @param token0 The token with the lower address.
    /// @param token1 The token with the higher address.
    /// @param pair The new pair.
    /// @param index The number of pairs after this one (its 1-based position in `allPairs`).
    event PairCreated(address indexed token0, address indexed token1, address pair, uint256 index);
    /// @notice The protocol fee recipient changed; address(0) turns the protocol fee off.
    /// @param feeTo The new recipient.
    event FeeToSet(address indexed feeTo);
    /// @notice A new fee-to setter was proposed; it takes effect when it accepts.
    /// @param pending The proposed account.
    event FeeToSetterProposed(address indexed pending);
    /// @notice The fee-to setter role changed hands.
    /// @param feeToSetter The new holder of the role.
    event FeeToSetterSet(address indexed feeToSetter);

    /// @notice Recipient of the protocol's share (1/6 of sqrt(k) growth); zero when off.
    /// @return The recipient.
    function feeTo() external view returns (address);

    /// @notice The account allowed to change `feeTo` and hand over its own role.
    /// @return The fee-to setter.
    function feeToSetter() external view returns (address);

    /// @notice The account proposed as next fee-to setter, until it accepts.
    /// @return The pending fee-to setter, or address(0).
    function pendingFeeToSetter() external view returns (address);

    /// @notice keccak256 of the pair's creation code, the CREATE2 init-code hash.
    /// @return The init-code hash.
    function PAIR_INIT_CODE_HASH() external view returns (bytes32); // solhint-disable-line func-name-mixedcase

    /// @notice The pair of two tokens, in either order; address(0) if none.
    /// @param tokenA One token.
    /// @param tokenB The other token.
    /// @return pair The pair.
    function getPair(address tokenA, address tokenB) external view returns (address pair);

    /// @notice The pair created `index`-th (0-based).
    /// @param index Position in creation order.
    /// @return pair The pair.
    function allPairs(uint256 index) external view returns (address pair);

    /// @notice How many pairs exist.
    /// @return The number of pairs.
    function allPairsLength() external view returns (uint256);

    /// @notice The tokens of the pair under construction; a pair reads them in its constructor
    /// so that its creation code, and hence the CREATE2 init-code hash, stays constant.
    /// @return token0 The lower token, or address(0) outside a creation.
    /// @return token1 The higher token, or address(0) outside a creation.
    function parameters() external view returns (address token0, address token1);

    /// @notice Creates the pair of `tokenA` and `tokenB` (any order) at its CREATE2 address.
    /// @param tokenA One token.
    /// @param tokenB The other token.
    /// @return pair The new pair.
    function createPair(address tokenA, address tokenB) external returns (address pair);

    /// @notice Sets the protocol fee recipient; address(0) turns the fee off. Fee-to setter only.
    /// @param newFeeTo The new recipient.
    function setFeeTo(address newFeeTo) external;

    /// @notice Proposes a new fee-to setter, which must call `acceptFeeToSetter`. Fee-to setter only.
    /// @param newFeeToSetter The proposed account.
    function setFeeToSetter(address newFeeToSetter) external;

    /// @notice Completes a fee-to setter hand-over. Pending fee-to setter only.
    function acceptFeeToSetter() external;
}
