// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {ILendingPool} from "./interfaces/ILendingPool.sol";
import {IInterestRateModel} from "./interfaces/IInterestRateModel.sol";
import {IOracle} from "./interfaces/IOracle.sol";
import {IFlashLoanReceiver} from "./interfaces/IFlashLoanReceiver.sol";
import {MathLib} from "./libraries/MathLib.sol";
import {SharesMathLib} from "./libraries/SharesMathLib.sol";
import {MarketListLib} from "./libraries/MarketListLib.sol";

/// @title LendingPool
/// @author Lanes
/// @notice A pooled, multi-asset, over-collateralised lending market: one market per asset, Compound
/// v2 interest (jump rate model, simple interest per accrual, per second), internal supply shares with
/// virtual shares and assets, debts scaled by the borrow index, a health check across an account's
/// markets priced by an oracle adapter, liquidations with a close factor and a protocol share, bad-debt
/// write-off, and flash loans. See contracts/lending/README.md for the design decisions.
/// @dev Storage is per market and per (market, account): a market's hot state is three slots
/// (supply totals; scaled borrows, index and accrual time; reserves), a position is one slot, an
/// account's market list is one slot. Nothing is global except the market count, written by listings.
contract LendingPool is ILendingPool, Ownable2Step {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;
    using MathLib for uint256;
    using SharesMathLib for uint256;
    using MarketListLib for uint256;

    /// @notice Pause bit of `supply`.
    uint8 public constant PAUSE_SUPPLY = 1;
    /// @notice Pause bit of `withdraw`.
    uint8 public constant PAUSE_WITHDRAW = 2;
    /// @notice Pause bit of `borrow`.
    uint8 public constant PAUSE_BORROW = 4;
    /// @notice Pause bit of `repay`.
    uint8 public constant PAUSE_REPAY = 8;
    /// @notice Pause bit of `liquidate` (checked on both the debt and the collateral market).
    uint8 public constant PAUSE_LIQUIDATE = 16;
    /// @notice Pause bit of `flashLoan`.
    uint8 public constant PAUSE_FLASH_LOAN = 32;

    /// @notice The most markets an account can use (as collateral or borrowing) at once.
    uint256 public constant MAX_ACCOUNT_MARKETS = MarketListLib.MAX_MARKETS;
    /// @notice Share of a borrower's debt in one market a liquidation may repay (50%).
    uint256 public constant CLOSE_FACTOR_BPS = 5000;
    /// @notice Debt worth at most this much (oracle units, 1e18 = one dollar) may be repaid in full by
    /// one liquidation, so that no position is left too small to be worth liquidating.
    uint256 public constant LIQUIDATION_DUST_VALUE = 100e18;
    /// @notice Ceiling of the borrow rate per second (1000% a year): a rate model cannot make interest
    /// explode, and accrual never reverts because of the model.
    uint256 public constant MAX_BORROW_RATE = 10e18 / uint256(365 days);
    /// @notice Protocol share of seized collateral a new market starts with (2.8%, as Compound).
    uint256 public constant DEFAULT_PROTOCOL_SEIZE_BPS = 280;
    /// @notice Highest flash loan fee the owner can set (10%).
    uint256 public constant MAX_FLASH_FEE_BPS = 1000;
    /// @notice Highest protocol seize share the owner can set (50%).
    uint256 public constant MAX_PROTOCOL_SEIZE_BPS = 5000;
    /// @notice Highest liquidation incentive the owner can set (150%).
    uint256 public constant MAX_LIQUIDATION_INCENTIVE_BPS = 15_000;

    uint256 internal constant WAD = MathLib.WAD;
    uint256 internal constant BPS = MathLib.BPS;
    /// @dev Reserve factor in basis points times this is Compound's reserve factor mantissa.
    uint256 internal constant BPS_TO_MANTISSA = 1e14;
    uint256 internal constant MAX_LISTED_MARKETS = 255;
    bytes32 internal constant FLASH_LOAN_SUCCESS = keccak256("ERC3156FlashBorrower.onFlashLoan");

    /// @dev What every operation on the market reads: one slot.
    struct MarketConfig {
        IInterestRateModel rateModel;
        uint8 id;
        uint8 paused;
        uint16 collateralFactorBps;
        uint16 liquidationThresholdBps;
        uint16 liquidationIncentiveBps;
        uint16 reserveFactorBps;
        uint16 flashFeeBps;
    }

    /// @dev Read by supply and liquidation only: one slot.
    struct MarketLimits {
        uint120 supplyCap;
        uint16 protocolSeizeBps;
    }

    /// @dev The protocol's reserves, and the borrow cap that every borrow reads beside them: one slot.
    struct ReserveState {
        uint128 amount;
        uint120 borrowCap;
    }

    /// @dev By market id, what a health check needs about a market it does not operate on: one slot.
    struct MarketInfo {
        address asset;
        uint16 collateralFactorBps;
        uint16 liquidationThresholdBps;
    }

    /// @dev Suppliers' side: one slot, the only market slot a collateral valuation reads.
    struct SupplyState {
        uint128 totalAssets;
        uint128 totalShares;
    }

    /// @dev Borrowers' side: one slot. totalBorrows = totalScaled * index / 1e18, rounded down.
    struct BorrowState {
        uint112 totalScaled;
        uint112 index;
        uint32 lastAccrual;
    }

    /// @dev An account in a market: one slot.
    struct Position {
        uint128 supplyShares;
        uint112 borrowScaled;
        bool collateral;
    }

    /// @dev An account's collateral and debt, priced.
    struct AccountValues {
        uint256 borrowingPower;
        uint256 liquidationValue;
        uint256 debtValue;
        uint256 collateralMarkets;
        uint256 priceA;
        uint256 priceB;
    }

    /// @dev Markets whose configuration is already loaded (saves the MarketInfo read), and whose
    /// prices the caller wants back.
    struct Hint {
        uint256 idA;
        address assetA;
        uint256 idB;
        address assetB;
    }

    /// @dev A liquidation's amounts.
    struct Liquidation {
        uint256 priceDebt;
        uint256 priceCollateral;
        uint256 repaid;
        uint256 burned;
        uint256 seizedShares;
        uint256 protocolShares;
        uint256 protocolAssets;
        uint256 incentiveBps;
    }

    /// @inheritdoc ILendingPool
    IOracle public immutable oracle;
    /// @inheritdoc ILendingPool
    uint256 public marketCount;

    /// @dev Everything about one market, contiguous: config, limits, supply, borrow, reserves, then
    /// the positions. An operation hashes the asset once and reaches the rest by offset.
    struct Market {
        MarketConfig config;
        MarketLimits limits;
        SupplyState supply;
        BorrowState borrow;
        ReserveState reserves;
        mapping(address account => Position) positions;
    }

    mapping(address asset => Market) internal _markets;
    mapping(uint256 id => MarketInfo) internal _info;
    mapping(address account => uint256 list) internal _accountMarkets;

    // EIP-1153: the lock is never part of the persistent state (and never a conflict key).
    bool private transient locked;

    modifier lock() {
        _enter();
        _;
        locked = false;
    }

    /// @notice Creates a pool without markets.
    /// @param oracle_ The oracle adapter (fixed for the pool's life).
    /// @param owner_ The admin.
    constructor(IOracle oracle_, address owner_) Ownable(owner_) {
        if (address(oracle_) == address(0)) revert ZeroAddress();
        oracle = oracle_;
    }

    /// @dev The lock's entry, a function rather than modifier code so that it exists once in bytecode.
    function _enter() private {
        if (locked) revert Locked();
        locked = true;
    }

    // ================================================================== user actions

    /// @inheritdoc ILendingPool
    function supply(address asset, uint256 assets, address onBehalf) external lock returns (uint256 shares) {
        if (assets == 0) revert ZeroAmount();
        if (onBehalf == address(0)) revert ZeroAddress();
        Market storage m = _markets[asset];
        _accrue(m, asset, _activeConfig(m, asset, PAUSE_SUPPLY));
        SupplyState memory s = m.supply;
        shares = assets.toSharesDown(s.totalAssets, s.totalShares);
        if (shares == 0) revert ZeroShares(asset, assets);
        uint256 total = s.totalAssets + assets;
        uint256 cap = m.limits.supplyCap;
        if (total > cap) revert SupplyCapExceeded(asset, cap, total);
        m.supply = SupplyState(total.toUint128(), (s.totalShares + shares).toUint128());
        Position storage p = m.positions[onBehalf];
        p.supplyShares = (p.supplyShares + shares).toUint128();
        emit Supply(asset, msg.sender, onBehalf, assets, shares);
        IERC20(asset).safeTransferFrom(msg.sender, address(this), assets);
    }

    /// @inheritdoc ILendingPool
    function withdraw(
        address asset,
        uint256 assets,
        address receiver
    ) external lock returns (uint256 withdrawn, uint256 shares) {
        if (assets == 0) revert ZeroAmount();
        Market storage m = _markets[asset];
        MarketConfig memory cfg = _activeConfig(m, asset, PAUSE_WITHDRAW);
        BorrowState memory b = _accrue(m, asset, cfg);
        SupplyState memory s = m.supply;
        Position storage p = m.positions[msg.sender];
        uint256 balance = p.supplyShares;
        if (assets == type(uint256).max) {
            shares = balance;
            if (shares == 0) revert ZeroAmount();
            withdrawn = shares.toAssetsDown(s.totalAssets, s.totalShares);
        } else {
            withdrawn = assets;
            shares = assets.toSharesUp(s.totalAssets, s.totalShares);
            if (shares > balance) revert InsufficientBalance(msg.sender, balance, shares);
        }
        _requireCash(m, asset, s.totalAssets, b, withdrawn);
        m.supply = SupplyState(uint128(s.totalAssets - withdrawn), uint128(s.totalShares - shares));
        p.supplyShares = uint128(balance - shares);
        if (p.collateral) _requireHealthy(msg.sender, cfg.id, asset, true);
        emit Withdraw(asset, msg.sender, receiver, withdrawn, shares);
        IERC20(asset).safeTransfer(receiver, withdrawn);
    }

    /// @inheritdoc ILendingPool
    function borrow(address asset, uint256 assets, address receiver) external lock {
        if (assets == 0) revert ZeroAmount();
        Market storage m = _markets[asset];
        MarketConfig memory cfg = _activeConfig(m, asset, PAUSE_BORROW);
        BorrowState memory b = _accrue(m, asset, cfg);
        uint256 borrowsPrior = uint256(b.totalScaled).mulDivDown(b.index, WAD);
        uint256 supplyAssets = m.supply.totalAssets;
        {
            ReserveState memory r = m.reserves;
            if (borrowsPrior + assets > r.borrowCap)
                revert BorrowCapExceeded(asset, r.borrowCap, borrowsPrior + assets);
            uint256 cash = supplyAssets + r.amount - borrowsPrior;
            if (assets > cash) revert InsufficientCash(asset, cash, assets);
        }
        // The debt is rounded up (the borrower owes at least `assets`); whatever the rounding adds
        // to the total borrows belongs to the suppliers.
        uint256 scaled = assets.mulDivUp(WAD, b.index);
        uint256 totalScaled = b.totalScaled + scaled;
        uint256 surplus = totalScaled.mulDivDown(b.index, WAD) - borrowsPrior - assets;
        m.borrow = BorrowState(totalScaled.toUint112(), b.index, uint32(block.timestamp));
        if (surplus != 0) m.supply.totalAssets = (supplyAssets + surplus).toUint128();

        Position storage p = m.positions[msg.sender];
        uint256 previous = p.borrowScaled;
        p.borrowScaled = (previous + scaled).toUint112();
        if (previous == 0 && !p.collateral) _addToList(msg.sender, cfg.id);
        _requireHealthy(msg.sender, cfg.id, asset, false);
        emit Borrow(asset, msg.sender, receiver, assets);
        IERC20(asset).safeTransfer(receiver, assets);
    }

    /// @inheritdoc ILendingPool
    function repay(address asset, uint256 assets, address onBehalf) external lock returns (uint256 repaid) {
        if (assets == 0) revert ZeroAmount();
        Market storage m = _markets[asset];
        MarketConfig memory cfg = _activeConfig(m, asset, PAUSE_REPAY);
        BorrowState memory b = _accrue(m, asset, cfg);
        Position storage p = m.positions[onBehalf];
        uint256 userScaled = p.borrowScaled;
        if (userScaled == 0) revert NoDebt(onBehalf, asset);
        uint256 debt = userScaled.mulDivUp(b.index, WAD);
        uint256 burned;
        if (assets >= debt) {
            (repaid, burned) = (debt, userScaled);
        } else {
            // Fewer scaled units burned than the payment is worth: rounding favours the pool.
            (repaid, burned) = (assets, assets.mulDivDown(WAD, b.index));
        }
        _reduceBorrows(m, b, burned, repaid);
        p.borrowScaled = uint112(userScaled - burned);
        if (burned == userScaled && !p.collateral) _removeFromList(onBehalf, cfg.id);
        emit Repay(asset, msg.sender, onBehalf, repaid);
        IERC20(asset).safeTransferFrom(msg.sender, address(this), repaid);
    }

    /// @inheritdoc ILendingPool
    function enterMarket(address asset) external {
        Market storage m = _markets[asset];
        MarketConfig memory cfg = _listedConfig(m, asset);
        Position storage p = m.positions[msg.sender];
        if (p.collateral) return;
        if (p.borrowScaled == 0) _addToList(msg.sender, cfg.id);
        p.collateral = true;
        emit MarketEntered(msg.sender, asset);
    }

    /// @inheritdoc ILendingPool
    function exitMarket(address asset) external lock {
        Market storage m = _markets[asset];
        MarketConfig memory cfg = _listedConfig(m, asset);
        Position storage p = m.positions[msg.sender];
        if (!p.collateral) return;
        p.collateral = false;
        if (p.borrowScaled == 0) _removeFromList(msg.sender, cfg.id);
        if (p.supplyShares != 0) _requireHealthy(msg.sender, cfg.id, asset, true);
        emit MarketExited(msg.sender, asset);
    }

    /// @inheritdoc ILendingPool
    function liquidate(
        address borrower,
        address debtAsset,
        address collateralAsset,
        uint256 repayAmount
    ) external lock returns (uint256 repaid, uint256 seizedShares) {
        if (borrower == msg.sender) revert SelfLiquidation(borrower);
        if (repayAmount == 0) revert ZeroAmount();
        Liquidation memory liq = _liquidate(borrower, debtAsset, collateralAsset, repayAmount);
        emit Liquidate(
            msg.sender,
            borrower,
            debtAsset,
            collateralAsset,
            liq.repaid,
            liq.seizedShares,
            liq.protocolAssets
        );
        if (liq.repaid != 0) IERC20(debtAsset).safeTransferFrom(msg.sender, address(this), liq.repaid);
        return (liq.repaid, liq.seizedShares);
    }

    /// @inheritdoc ILendingPool
    function flashLoan(
        IFlashLoanReceiver receiver,
        address asset,
        uint256 amount,
        bytes calldata data
    ) external lock returns (uint256 fee) {
        if (amount == 0) revert ZeroAmount();
        Market storage m = _markets[asset];
        MarketConfig memory cfg = _activeConfig(m, asset, PAUSE_FLASH_LOAN);
        BorrowState memory b = _accrue(m, asset, cfg);
        _requireCash(m, asset, m.supply.totalAssets, b, amount);
        fee = amount.mulDivUp(cfg.flashFeeBps, BPS);
        // Credited before the loan: the repayment is pulled below, or the whole loan reverts.
        m.reserves.amount = (m.reserves.amount + fee).toUint128();
        emit FlashLoan(address(receiver), asset, amount, fee);
        IERC20(asset).safeTransfer(address(receiver), amount);
        if (receiver.onFlashLoan(msg.sender, asset, amount, fee, data) != FLASH_LOAN_SUCCESS) {
            revert FlashLoanCallbackFailed(address(receiver));
        }
        IERC20(asset).safeTransferFrom(address(receiver), address(this), amount + fee);
    }

    /// @inheritdoc ILendingPool
    function accrueInterest(address asset) external lock {
        Market storage m = _markets[asset];
        _accrue(m, asset, _listedConfig(m, asset));
    }

    // ================================================================== admin

    /// @inheritdoc ILendingPool
    function listMarket(
        address asset,
        IInterestRateModel rateModel,
        uint256 collateralFactorBps,
        uint256 liquidationThresholdBps,
        uint256 liquidationIncentiveBps,
        uint256 reserveFactorBps,
        uint256 supplyCap,
        uint256 borrowCap
    ) external onlyOwner {
        if (asset == address(0) || address(rateModel) == address(0)) revert ZeroAddress();
        Market storage m = _markets[asset];
        if (m.config.id != 0) revert MarketAlreadyListed(asset);
        uint256 id = marketCount + 1;
        if (id > MAX_LISTED_MARKETS) revert TooManyListedMarkets();
        marketCount = id;
        m.config.rateModel = rateModel;
        m.limits.protocolSeizeBps = uint16(DEFAULT_PROTOCOL_SEIZE_BPS);
        m.borrow = BorrowState(0, uint112(WAD), uint32(block.timestamp));
        emit MarketListed(asset, id, rateModel);
        _setParams(
            m,
            asset,
            id,
            collateralFactorBps,
            liquidationThresholdBps,
            liquidationIncentiveBps,
            reserveFactorBps,
            supplyCap,
            borrowCap
        );
    }

    /// @inheritdoc ILendingPool
    function setMarketParams(
        address asset,
        uint256 collateralFactorBps,
        uint256 liquidationThresholdBps,
        uint256 liquidationIncentiveBps,
        uint256 reserveFactorBps,
        uint256 supplyCap,
        uint256 borrowCap
    ) external onlyOwner lock {
        Market storage m = _markets[asset];
        MarketConfig memory cfg = _listedConfig(m, asset);
        // Interest up to now is split with the old reserve factor.
        _accrue(m, asset, cfg);
        _setParams(
            m,
            asset,
            cfg.id,
            collateralFactorBps,
            liquidationThresholdBps,
            liquidationIncentiveBps,
            reserveFactorBps,
            supplyCap,
            borrowCap
        );
    }

    /// @inheritdoc ILendingPool
    function setRateModel(address asset, IInterestRateModel rateModel) external onlyOwner lock {
        if (address(rateModel) == address(0)) revert ZeroAddress();
        Market storage m = _markets[asset];
        _accrue(m, asset, _listedConfig(m, asset));
        m.config.rateModel = rateModel;
        emit RateModelSet(asset, rateModel);
    }

    /// @inheritdoc ILendingPool
    function setFees(address asset, uint256 flashFeeBps, uint256 protocolSeizeBps) external onlyOwner {
        Market storage m = _markets[asset];
        _listedConfig(m, asset);
        _checkBps(flashFeeBps, MAX_FLASH_FEE_BPS);
        _checkBps(protocolSeizeBps, MAX_PROTOCOL_SEIZE_BPS);
        m.config.flashFeeBps = uint16(flashFeeBps);
        m.limits.protocolSeizeBps = uint16(protocolSeizeBps);
        emit FeesSet(asset, flashFeeBps, protocolSeizeBps);
    }

    /// @inheritdoc ILendingPool
    function setPaused(address asset, uint8 pausedActions) external onlyOwner {
        Market storage m = _markets[asset];
        _listedConfig(m, asset);
        m.config.paused = pausedActions;
        emit PausedSet(asset, pausedActions);
    }

    /// @inheritdoc ILendingPool
    function withdrawReserves(address asset, uint256 amount, address to) external onlyOwner lock {
        if (amount == 0) revert ZeroAmount();
        Market storage m = _markets[asset];
        BorrowState memory b = _accrue(m, asset, _listedConfig(m, asset));
        uint256 reserves = m.reserves.amount;
        if (amount > reserves) revert InsufficientReserves(asset, reserves, amount);
        _requireCash(m, asset, m.supply.totalAssets, b, amount);
        m.reserves.amount = uint128(reserves - amount);
        emit ReservesWithdrawn(asset, to, amount);
        IERC20(asset).safeTransfer(to, amount);
    }

    // ================================================================== views

    /// @inheritdoc ILendingPool
    function marketConfig(
        address asset
    )
        external
        view
        returns (
            uint256 id,
            IInterestRateModel rateModel,
            uint256 collateralFactorBps,
            uint256 liquidationThresholdBps,
            uint256 liquidationIncentiveBps,
            uint256 reserveFactorBps,
            uint256 flashFeeBps,
            uint8 pausedActions
        )
    {
        MarketConfig memory c = _markets[asset].config;
        return (
            c.id,
            c.rateModel,
            c.collateralFactorBps,
            c.liquidationThresholdBps,
            c.liquidationIncentiveBps,
            c.reserveFactorBps,
            c.flashFeeBps,
            c.paused
        );
    }

    /// @inheritdoc ILendingPool
    function marketLimits(
        address asset
    ) external view returns (uint256 supplyCap, uint256 borrowCap, uint256 protocolSeizeBps) {
        Market storage m = _markets[asset];
        return (m.limits.supplyCap, m.reserves.borrowCap, m.limits.protocolSeizeBps);
    }

    /// @inheritdoc ILendingPool
    function marketState(
        address asset
    )
        external
        view
        returns (
            uint256 totalSupplyAssets,
            uint256 totalSupplyShares,
            uint256 totalBorrows,
            uint256 totalReserves,
            uint256 borrowIndex,
            uint256 lastAccrual,
            uint256 cash
        )
    {
        Market storage m = _markets[asset];
        SupplyState memory s = m.supply;
        BorrowState memory b = m.borrow;
        totalSupplyAssets = s.totalAssets;
        totalSupplyShares = s.totalShares;
        totalBorrows = uint256(b.totalScaled).mulDivDown(b.index, WAD);
        totalReserves = m.reserves.amount;
        borrowIndex = b.index;
        lastAccrual = b.lastAccrual;
        cash = totalSupplyAssets + totalReserves - totalBorrows;
    }

    /// @inheritdoc ILendingPool
    function position(
        address asset,
        address account
    ) external view returns (uint256 supplyShares, uint256 borrowScaled, bool collateral) {
        Position memory p = _markets[asset].positions[account];
        return (p.supplyShares, p.borrowScaled, p.collateral);
    }

    /// @inheritdoc ILendingPool
    function accountMarkets(address account) external view returns (address[] memory assets) {
        uint256 list = _accountMarkets[account];
        uint256 n = list.length();
        assets = new address[](n);
        for (uint256 i; i < n; ++i) {
            assets[i] = _info[list.at(i)].asset;
        }
    }

    /// @inheritdoc ILendingPool
    function accountLiquidity(
        address account
    ) external view returns (uint256 borrowingPower, uint256 liquidationValue, uint256 debtValue) {
        AccountValues memory v = _accountValues(account, Hint(0, address(0), 0, address(0)));
        return (v.borrowingPower, v.liquidationValue, v.debtValue);
    }

    /// @inheritdoc ILendingPool
    function marketAsset(uint256 id) external view returns (address) {
        return _info[id].asset;
    }

    // ================================================================== internals: markets

    /// @dev The market's configuration; reverts if it is not listed.
    function _listedConfig(Market storage m, address asset) internal view returns (MarketConfig memory cfg) {
        cfg = m.config;
        if (cfg.id == 0) revert MarketNotListed(asset);
    }

    /// @dev The market's configuration; reverts if it is not listed or `action` is paused.
    function _activeConfig(
        Market storage m,
        address asset,
        uint8 action
    ) internal view returns (MarketConfig memory cfg) {
        cfg = _listedConfig(m, asset);
        if (cfg.paused & action != 0) revert ActionPaused(asset, action);
    }

    /// @dev Accrues interest up to now (Compound v2's accrueInterest, per second) and returns the
    /// borrow state. Nothing to do without borrows; `borrow` stamps the time when borrows start.
    function _accrue(Market storage m, address asset, MarketConfig memory cfg) internal returns (BorrowState memory b) {
        b = m.borrow;
        if (b.lastAccrual == block.timestamp || b.totalScaled == 0) return b;
        (uint256 index, uint256 interest, uint256 toReserves, uint256 borrows) = _pendingInterest(
            m,
            cfg.rateModel,
            cfg.reserveFactorBps,
            b
        );
        b.index = index.toUint112();
        b.lastAccrual = uint32(block.timestamp);
        m.borrow = b;
        if (interest != 0) {
            m.supply.totalAssets = (m.supply.totalAssets + interest - toReserves).toUint128();
            if (toReserves != 0) m.reserves.amount = (m.reserves.amount + toReserves).toUint128();
        }
        emit AccrueInterest(asset, interest, index, borrows);
    }

    /// @dev Interest since the last accrual. Truncation order: rate (model, down) -> factor = rate *
    /// dt -> index += factor * index / 1e18 (down) -> borrows = scaled * index / 1e18 (down) ->
    /// interest = new borrows - old borrows -> reserves += interest * reserveFactor / 1e18 (down).
    function _pendingInterest(
        Market storage m,
        IInterestRateModel rateModel,
        uint256 reserveFactorBps,
        BorrowState memory b
    ) internal view returns (uint256 index, uint256 interest, uint256 toReserves, uint256 borrows) {
        uint256 borrowsPrior = uint256(b.totalScaled).mulDivDown(b.index, WAD);
        uint256 reserves = m.reserves.amount;
        uint256 cash = m.supply.totalAssets + reserves - borrowsPrior;
        uint256 rate = rateModel.getBorrowRate(cash, borrowsPrior, reserves).min(MAX_BORROW_RATE);
        uint256 factor = rate * (block.timestamp - b.lastAccrual);
        index = b.index + factor.mulDivDown(b.index, WAD);
        borrows = uint256(b.totalScaled).mulDivDown(index, WAD);
        interest = borrows - borrowsPrior;
        toReserves = interest.mulDivDown(reserveFactorBps * BPS_TO_MANTISSA, WAD);
    }

    /// @dev The borrow index now, without writing: the stored one if the market accrued this second.
    function _currentIndex(Market storage m) internal view returns (uint256) {
        BorrowState memory b = m.borrow;
        if (b.lastAccrual == block.timestamp || b.totalScaled == 0) return b.index;
        MarketConfig memory cfg = m.config;
        (uint256 index, , , ) = _pendingInterest(m, cfg.rateModel, cfg.reserveFactorBps, b);
        return index;
    }

    /// @dev Reverts unless the market holds `amount` of cash (supply assets + reserves - borrows).
    function _requireCash(
        Market storage m,
        address asset,
        uint256 totalSupplyAssets,
        BorrowState memory b,
        uint256 amount
    ) internal view {
        uint256 cash = totalSupplyAssets + m.reserves.amount - uint256(b.totalScaled).mulDivDown(b.index, WAD);
        if (amount > cash) revert InsufficientCash(asset, cash, amount);
    }

    /// @dev Removes `burned` scaled units paid for by `repaid` assets. The total borrows fall by at
    /// most `repaid` (floor(x) - floor(x - y) <= ceil(y)); the difference goes to the suppliers.
    function _reduceBorrows(Market storage m, BorrowState memory b, uint256 burned, uint256 repaid) internal {
        uint256 before = uint256(b.totalScaled).mulDivDown(b.index, WAD);
        uint256 totalScaled = b.totalScaled - burned;
        uint256 surplus = repaid - (before - totalScaled.mulDivDown(b.index, WAD));
        m.borrow.totalScaled = uint112(totalScaled);
        b.totalScaled = uint112(totalScaled);
        if (surplus != 0) m.supply.totalAssets = (m.supply.totalAssets + surplus).toUint128();
    }

    // ================================================================== internals: accounts

    function _addToList(address account, uint256 id) internal {
        uint256 list = _accountMarkets[account];
        if (list.length() >= MarketListLib.MAX_MARKETS) revert TooManyMarkets(account, MarketListLib.MAX_MARKETS);
        _accountMarkets[account] = list.add(id);
    }

    function _removeFromList(address account, uint256 id) internal {
        _accountMarkets[account] = _accountMarkets[account].remove(id);
    }

    /// @dev Reverts unless the account's borrowing power covers its debt. With `skipWithoutDebt`, an
    /// account without debt passes without any price being read.
    function _requireHealthy(address account, uint256 id, address asset, bool skipWithoutDebt) internal view {
        if (skipWithoutDebt && !_hasDebt(account, id, asset)) return;
        AccountValues memory v = _accountValues(account, Hint(id, asset, 0, address(0)));
        if (v.borrowingPower < v.debtValue) revert InsufficientCollateral(account, v.borrowingPower, v.debtValue);
    }

    function _hasDebt(address account, uint256 id, address asset) internal view returns (bool) {
        uint256 list = _accountMarkets[account];
        uint256 n = list.length();
        for (uint256 i; i < n; ++i) {
            uint256 marketId = list.at(i);
            address marketAsset_ = marketId == id ? asset : _info[marketId].asset;
            if (_markets[marketAsset_].positions[account].borrowScaled != 0) return true;
        }
        return false;
    }

    /// @dev The account's collateral (at the markets' last accrual) and debt (at the index of this
    /// second) in oracle units, looping over its markets (at most MAX_ACCOUNT_MARKETS).
    function _accountValues(address account, Hint memory hint) internal view returns (AccountValues memory v) {
        uint256 list = _accountMarkets[account];
        uint256 n = list.length();
        for (uint256 i; i < n; ++i) {
            uint256 id = list.at(i);
            address asset;
            uint256 cf;
            uint256 lt;
            if (id == hint.idA || id == hint.idB) {
                // Already loaded by the caller: no MarketInfo read.
                asset = id == hint.idA ? hint.assetA : hint.assetB;
                MarketConfig memory c = _markets[asset].config;
                (cf, lt) = (c.collateralFactorBps, c.liquidationThresholdBps);
            } else {
                MarketInfo memory info = _info[id];
                (asset, cf, lt) = (info.asset, info.collateralFactorBps, info.liquidationThresholdBps);
            }
            _addMarketValue(v, account, asset, cf, lt, hint);
        }
    }

    function _addMarketValue(
        AccountValues memory v,
        address account,
        address asset,
        uint256 cf,
        uint256 lt,
        Hint memory hint
    ) internal view {
        Market storage m = _markets[asset];
        Position storage p = m.positions[account];
        (uint256 shares, uint256 scaled, bool collateral) = (p.supplyShares, p.borrowScaled, p.collateral);
        if (!collateral) shares = 0;
        if (shares == 0 && scaled == 0) return;
        uint256 price = oracle.price(asset);
        if (asset == hint.assetA) v.priceA = price;
        if (asset == hint.assetB) v.priceB = price;
        if (shares != 0) {
            (uint256 totalAssets, uint256 totalShares) = (m.supply.totalAssets, m.supply.totalShares);
            uint256 value = shares.toAssetsDown(totalAssets, totalShares).mulDivDown(price, WAD);
            v.borrowingPower += value.mulDivDown(cf, BPS);
            v.liquidationValue += value.mulDivDown(lt, BPS);
            ++v.collateralMarkets;
        }
        if (scaled != 0) v.debtValue += scaled.mulDivUp(_currentIndex(m), WAD).mulDivUp(price, WAD);
    }

    // ================================================================== internals: liquidation

    /// @dev A liquidation's effects (the caller emits and pulls the repayment).
    function _liquidate(
        address borrower,
        address debtAsset,
        address collateralAsset,
        uint256 repayAmount
    ) internal returns (Liquidation memory liq) {
        Market storage dm = _markets[debtAsset];
        Market storage cm = _markets[collateralAsset];
        BorrowState memory b;
        Hint memory hint;
        {
            MarketConfig memory debtCfg = _activeConfig(dm, debtAsset, PAUSE_LIQUIDATE);
            MarketConfig memory collateralCfg = _activeConfig(cm, collateralAsset, PAUSE_LIQUIDATE);
            b = _accrue(dm, debtAsset, debtCfg);
            if (collateralAsset != debtAsset) _accrue(cm, collateralAsset, collateralCfg);
            hint = Hint(debtCfg.id, debtAsset, collateralCfg.id, collateralAsset);
            liq.incentiveBps = collateralCfg.liquidationIncentiveBps;
        }
        AccountValues memory v = _accountValues(borrower, hint);
        if (v.liquidationValue >= v.debtValue) revert AccountHealthy(borrower, v.liquidationValue, v.debtValue);
        if (v.collateralMarkets == 0) {
            // Nothing left to seize anywhere: the debt in this market is bad debt.
            _writeOffBadDebt(dm, borrower, debtAsset, hint.idA, b);
            return liq;
        }
        _planLiquidation(dm, cm, borrower, hint, v, b.index, repayAmount, liq);

        // Debt side.
        _reduceBorrows(dm, b, liq.burned, liq.repaid);
        Position storage bp = dm.positions[borrower];
        bp.borrowScaled = uint112(bp.borrowScaled - liq.burned);
        // Collateral side: shares move to the liquidator, the protocol's part becomes reserves.
        _seize(cm, borrower, liq);
        if (v.collateralMarkets == 1 && cm.positions[borrower].supplyShares == 0) {
            // That was the borrower's last collateral: what it still owes here is bad debt (its debts
            // in other markets are written off by liquidations there).
            _writeOffBadDebt(dm, borrower, debtAsset, hint.idA, b);
        } else if (bp.borrowScaled == 0 && !bp.collateral) {
            _removeFromList(borrower, hint.idA);
        }
    }

    /// @dev Sizes a liquidation into `liq`: repayment capped by the close factor (full below the dust
    /// value), seize = repaid value * incentive / collateral price in shares rounded down, capped by
    /// the borrower's shares (then the repayment shrinks to match, rounded up), protocol share
    /// rounded down.
    function _planLiquidation(
        Market storage dm,
        Market storage cm,
        address borrower,
        Hint memory hint,
        AccountValues memory v,
        uint256 debtIndex,
        uint256 repayAmount,
        Liquidation memory liq
    ) internal view {
        Position memory bp = dm.positions[borrower];
        if (bp.borrowScaled == 0) revert NoDebt(borrower, hint.assetA);
        Position memory cp = cm.positions[borrower];
        if (!cp.collateral || cp.supplyShares == 0) revert NoCollateral(borrower, hint.assetB);
        (liq.priceDebt, liq.priceCollateral) = (v.priceA, v.priceB);

        uint256 debt = uint256(bp.borrowScaled).mulDivUp(debtIndex, WAD);
        uint256 maxRepay =
            debt.mulDivDown(liq.priceDebt, WAD) <= LIQUIDATION_DUST_VALUE
                ? debt
                : debt.mulDivDown(CLOSE_FACTOR_BPS, BPS);
        liq.repaid = repayAmount.min(maxRepay);

        SupplyState memory cs = cm.supply;
        uint256 seizeAssets = liq.repaid.mulDivDown(liq.priceDebt * liq.incentiveBps, liq.priceCollateral * BPS);
        liq.seizedShares = seizeAssets.toSharesDown(cs.totalAssets, cs.totalShares);
        if (liq.seizedShares > cp.supplyShares) {
            liq.seizedShares = cp.supplyShares;
            seizeAssets = liq.seizedShares.toAssetsDown(cs.totalAssets, cs.totalShares);
            liq.repaid = seizeAssets.mulDivUp(liq.priceCollateral * BPS, liq.priceDebt * liq.incentiveBps);
        }
        if (liq.seizedShares == 0) revert NothingToSeize(borrower, repayAmount);
        liq.burned = liq.repaid == debt ? bp.borrowScaled : liq.repaid.mulDivDown(WAD, debtIndex);
        liq.protocolShares = liq.seizedShares.mulDivDown(cm.limits.protocolSeizeBps, BPS);
        liq.protocolAssets = liq.protocolShares.toAssetsDown(cs.totalAssets, cs.totalShares);
    }

    /// @dev Moves the seized shares: the liquidator's part to the liquidator, the protocol's part
    /// burned and its assets (rounded down) moved from the suppliers to the reserves.
    function _seize(Market storage cm, address borrower, Liquidation memory liq) internal {
        Position storage cp = cm.positions[borrower];
        cp.supplyShares = uint128(cp.supplyShares - liq.seizedShares);
        Position storage lp = cm.positions[msg.sender];
        lp.supplyShares = (lp.supplyShares + liq.seizedShares - liq.protocolShares).toUint128();
        if (liq.protocolShares != 0) {
            SupplyState memory s = cm.supply;
            cm.supply = SupplyState(
                uint128(s.totalAssets - liq.protocolAssets),
                uint128(s.totalShares - liq.protocolShares)
            );
            cm.reserves.amount = (cm.reserves.amount + liq.protocolAssets).toUint128();
        }
    }

    /// @dev The borrower has no collateral left: its debt in this market is removed from the borrows
    /// and the loss taken from the suppliers' assets (their share value drops), beyond them from the
    /// reserves. Cash is unchanged, so no phantom assets remain.
    function _writeOffBadDebt(
        Market storage m,
        address borrower,
        address asset,
        uint256 id,
        BorrowState memory b
    ) internal {
        Position storage p = m.positions[borrower];
        uint256 scaled = p.borrowScaled;
        if (scaled == 0) return;
        uint256 before = uint256(b.totalScaled).mulDivDown(b.index, WAD);
        uint256 totalScaled = b.totalScaled - scaled;
        uint256 loss = before - totalScaled.mulDivDown(b.index, WAD);
        m.borrow.totalScaled = uint112(totalScaled);
        p.borrowScaled = 0;
        if (!p.collateral) _removeFromList(borrower, id);
        uint256 supplyAssets = m.supply.totalAssets;
        uint256 fromSuppliers = loss.min(supplyAssets);
        m.supply.totalAssets = uint128(supplyAssets - fromSuppliers);
        if (loss > fromSuppliers) m.reserves.amount = uint128(m.reserves.amount - (loss - fromSuppliers));
        emit BadDebt(borrower, asset, loss);
    }

    // ================================================================== internals: parameters

    /// @dev Validates and stores a market's risk parameters (the id makes the market listed).
    function _setParams(
        Market storage m,
        address asset,
        uint256 id,
        uint256 cf,
        uint256 lt,
        uint256 li,
        uint256 rf,
        uint256 supplyCap,
        uint256 borrowCap
    ) internal {
        _checkCollateralParams(cf, lt, li);
        _checkBps(rf, BPS);
        MarketConfig storage c = m.config;
        c.id = uint8(id);
        c.collateralFactorBps = uint16(cf);
        c.liquidationThresholdBps = uint16(lt);
        c.liquidationIncentiveBps = uint16(li);
        c.reserveFactorBps = uint16(rf);
        _info[id] = MarketInfo(asset, uint16(cf), uint16(lt));
        m.limits.supplyCap = _toCap(supplyCap);
        m.reserves.borrowCap = _toCap(borrowCap);
        emit MarketParamsSet(asset, cf, lt, li, rf, supplyCap, borrowCap);
    }

    function _checkCollateralParams(uint256 cf, uint256 lt, uint256 li) internal pure {
        if (cf > lt || lt >= BPS || li < BPS || li > MAX_LIQUIDATION_INCENTIVE_BPS || lt * li > BPS * BPS) {
            revert InvalidCollateralParams(cf, lt, li);
        }
    }

    function _checkBps(uint256 value, uint256 max) internal pure {
        if (value > max) revert InvalidBps(value, max);
    }

    /// @dev A cap in 120 bits; `type(uint256).max` means no cap.
    function _toCap(uint256 cap) internal pure returns (uint120) {
        if (cap == type(uint256).max) return type(uint120).max;
        if (cap > type(uint120).max) revert InvalidCap(cap);
        return uint120(cap);
    }
}
