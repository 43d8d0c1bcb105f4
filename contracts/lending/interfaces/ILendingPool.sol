// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IInterestRateModel} from "./IInterestRateModel.sol";
import {IOracle} from "./IOracle.sol";
import {IFlashLoanReceiver} from "./IFlashLoanReceiver.sol";

/// @title ILendingPool
/// @author Lanes
/// @notice A pooled, multi-asset, over-collateralised lending market (Compound v2 semantics, per
/// second, with Morpho-style virtual supply shares). One market per asset; supply positions are
/// internal shares, debts are scaled by the market's borrow index. Factors and fees are in basis
/// points; prices come from an `IOracle` (value of `amount` base units = amount * price / 1e18).
interface ILendingPool {
    // ------------------------------------------------------------------ errors

    /// @notice A pool function was re-entered while it was running.
    error Locked();
    /// @notice An address argument is the zero address.
    error ZeroAddress();
    /// @notice An amount argument is zero.
    error ZeroAmount();
    /// @notice A supply would mint no shares (the amount is worth less than one share).
    /// @param asset The market.
    /// @param assets The amount supplied.
    error ZeroShares(address asset, uint256 assets);
    /// @notice `asset` has no market.
    /// @param asset The token.
    error MarketNotListed(address asset);
    /// @notice `asset` already has a market.
    /// @param asset The token.
    error MarketAlreadyListed(address asset);
    /// @notice All 255 market ids are taken.
    error TooManyListedMarkets();
    /// @notice The action is paused in this market.
    /// @param asset The market.
    /// @param action The action's pause bit (see the PAUSE_* constants).
    error ActionPaused(address asset, uint8 action);
    /// @notice Collateral factor, liquidation threshold or incentive out of bounds: CF <= LT < 100%,
    /// 100% <= incentive <= 150%, LT * incentive <= 100%.
    /// @param collateralFactorBps The collateral factor.
    /// @param liquidationThresholdBps The liquidation threshold.
    /// @param liquidationIncentiveBps The liquidation incentive.
    error InvalidCollateralParams(
        uint256 collateralFactorBps,
        uint256 liquidationThresholdBps,
        uint256 liquidationIncentiveBps
    );
    /// @notice A basis-point parameter is above its maximum.
    /// @param value The value given.
    /// @param max The maximum.
    error InvalidBps(uint256 value, uint256 max);
    /// @notice A cap does not fit 120 bits.
    /// @param cap The cap given.
    error InvalidCap(uint256 cap);
    /// @notice A supply would take the market's supply above its cap.
    /// @param asset The market.
    /// @param cap The supply cap.
    /// @param total The total supply the operation would reach.
    error SupplyCapExceeded(address asset, uint256 cap, uint256 total);
    /// @notice A borrow would take the market's borrows above its cap.
    /// @param asset The market.
    /// @param cap The borrow cap.
    /// @param total The total borrows the operation would reach.
    error BorrowCapExceeded(address asset, uint256 cap, uint256 total);
    /// @notice The market holds less cash than requested.
    /// @param asset The market.
    /// @param cash The market's cash.
    /// @param requested The amount requested.
    error InsufficientCash(address asset, uint256 cash, uint256 requested);
    /// @notice A withdrawal needs more shares than the account holds (ERC-6093 style).
    /// @param account The account.
    /// @param balance Its supply shares.
    /// @param needed The shares the withdrawal burns.
    error InsufficientBalance(address account, uint256 balance, uint256 needed);
    /// @notice The operation would leave the account's borrowing power below its debt.
    /// @param account The account.
    /// @param collateralValue Its collateral value weighted by the collateral factors.
    /// @param debtValue Its debt value.
    error InsufficientCollateral(address account, uint256 collateralValue, uint256 debtValue);
    /// @notice The account already uses the maximum number of markets.
    /// @param account The account.
    /// @param max The maximum (8).
    error TooManyMarkets(address account, uint256 max);
    /// @notice The account has no debt in this market.
    /// @param account The account.
    /// @param asset The market.
    error NoDebt(address account, address asset);
    /// @notice The borrower is not liquidatable: its collateral weighted by the liquidation
    /// thresholds covers its debt.
    /// @param borrower The borrower.
    /// @param liquidationValue Collateral value weighted by the liquidation thresholds.
    /// @param debtValue Debt value.
    error AccountHealthy(address borrower, uint256 liquidationValue, uint256 debtValue);
    /// @notice A liquidator tried to liquidate itself.
    /// @param account The account.
    error SelfLiquidation(address account);
    /// @notice The borrower does not use this market as collateral, or holds none of it.
    /// @param borrower The borrower.
    /// @param asset The collateral market.
    error NoCollateral(address borrower, address asset);
    /// @notice The repayment is worth less than one share of the collateral.
    /// @param borrower The borrower.
    /// @param repayAmount The repayment.
    error NothingToSeize(address borrower, uint256 repayAmount);
    /// @notice The flash loan receiver did not return the ERC-3156 success value.
    /// @param receiver The receiver.
    error FlashLoanCallbackFailed(address receiver);
    /// @notice The reserves are smaller than the withdrawal.
    /// @param asset The market.
    /// @param reserves The reserves.
    /// @param requested The amount requested.
    error InsufficientReserves(address asset, uint256 reserves, uint256 requested);

    // ------------------------------------------------------------------ events

    /// @notice A market was listed.
    /// @param asset The token.
    /// @param id Its market id (1..255).
    /// @param rateModel Its interest rate model.
    event MarketListed(address indexed asset, uint256 id, IInterestRateModel rateModel);
    /// @notice A market's interest rate model changed.
    /// @param asset The market.
    /// @param rateModel The new model.
    event RateModelSet(address indexed asset, IInterestRateModel rateModel);
    /// @notice A market's risk parameters were set (at listing or later).
    /// @param asset The market.
    /// @param collateralFactorBps Borrowing power per unit of collateral value.
    /// @param liquidationThresholdBps Collateral value counted against debt for liquidations.
    /// @param liquidationIncentiveBps Collateral value a liquidator receives per unit of debt value repaid.
    /// @param reserveFactorBps Share of interest going to reserves.
    /// @param supplyCap Maximum total supply (assets; `type(uint256).max` for none).
    /// @param borrowCap Maximum total borrows (assets; `type(uint256).max` for none).
    event MarketParamsSet(
        address indexed asset,
        uint256 collateralFactorBps,
        uint256 liquidationThresholdBps,
        uint256 liquidationIncentiveBps,
        uint256 reserveFactorBps,
        uint256 supplyCap,
        uint256 borrowCap
    );
    /// @notice A market's flash loan fee and protocol share of seized collateral changed.
    /// @param asset The market.
    /// @param flashFeeBps The flash loan fee.
    /// @param protocolSeizeBps The protocol's share of collateral seized from this market.
    event FeesSet(address indexed asset, uint256 flashFeeBps, uint256 protocolSeizeBps);
    /// @notice A market's paused actions changed.
    /// @param asset The market.
    /// @param pausedActions Bit set of paused actions (PAUSE_* constants).
    event PausedSet(address indexed asset, uint8 pausedActions);
    /// @notice Interest accrued in a market.
    /// @param asset The market.
    /// @param interest Interest added to the borrows.
    /// @param borrowIndex The new borrow index.
    /// @param totalBorrows The new total borrows.
    event AccrueInterest(address indexed asset, uint256 interest, uint256 borrowIndex, uint256 totalBorrows);
    /// @notice Assets were supplied.
    /// @param asset The market.
    /// @param caller Who paid.
    /// @param onBehalf Who received the shares.
    /// @param assets Assets supplied.
    /// @param shares Shares minted.
    event Supply(
        address indexed asset,
        address indexed caller,
        address indexed onBehalf,
        uint256 assets,
        uint256 shares
    );
    /// @notice Assets were withdrawn.
    /// @param asset The market.
    /// @param account Whose shares were burned.
    /// @param receiver Who received the assets.
    /// @param assets Assets paid out.
    /// @param shares Shares burned.
    event Withdraw(address indexed asset, address indexed account, address receiver, uint256 assets, uint256 shares);
    /// @notice Assets were borrowed.
    /// @param asset The market.
    /// @param borrower The debtor.
    /// @param receiver Who received the assets.
    /// @param assets Assets borrowed.
    event Borrow(address indexed asset, address indexed borrower, address receiver, uint256 assets);
    /// @notice Debt was repaid.
    /// @param asset The market.
    /// @param payer Who paid.
    /// @param onBehalf The debtor.
    /// @param assets Assets repaid.
    event Repay(address indexed asset, address indexed payer, address indexed onBehalf, uint256 assets);
    /// @notice An account started using a market as collateral.
    /// @param account The account.
    /// @param asset The market.
    event MarketEntered(address indexed account, address indexed asset);
    /// @notice An account stopped using a market as collateral.
    /// @param account The account.
    /// @param asset The market.
    event MarketExited(address indexed account, address indexed asset);
    /// @notice A borrower was liquidated.
    /// @param liquidator Who repaid and received the collateral shares.
    /// @param borrower The borrower.
    /// @param debtAsset The market of the repaid debt.
    /// @param collateralAsset The market of the seized collateral.
    /// @param repaid Debt repaid.
    /// @param seizedShares Collateral shares taken from the borrower (liquidator's and protocol's).
    /// @param protocolAssets Assets of the protocol's part of the seize, added to reserves.
    event Liquidate(
        address indexed liquidator,
        address indexed borrower,
        address debtAsset,
        address collateralAsset,
        uint256 repaid,
        uint256 seizedShares,
        uint256 protocolAssets
    );
    /// @notice Debt of a borrower without collateral was written off against the market's suppliers
    /// (and, beyond their assets, its reserves).
    /// @param borrower The borrower.
    /// @param asset The market.
    /// @param amount Borrows removed.
    event BadDebt(address indexed borrower, address indexed asset, uint256 amount);
    /// @notice A flash loan was repaid.
    /// @param receiver The receiver.
    /// @param asset The token.
    /// @param amount The amount lent.
    /// @param fee The fee, added to reserves.
    event FlashLoan(address indexed receiver, address indexed asset, uint256 amount, uint256 fee);
    /// @notice Reserves were withdrawn by the owner.
    /// @param asset The market.
    /// @param to The receiver.
    /// @param amount The amount.
    event ReservesWithdrawn(address indexed asset, address indexed to, uint256 amount);

    // ------------------------------------------------------------------ user actions

    /// @notice Supplies `assets` from the caller, crediting supply shares (rounded down) to `onBehalf`.
    /// @param asset The market.
    /// @param assets Amount to supply.
    /// @param onBehalf Receiver of the shares.
    /// @return shares Shares minted.
    function supply(address asset, uint256 assets, address onBehalf) external returns (uint256 shares);

    /// @notice Withdraws `assets` of the caller's supply to `receiver` (the zero address is refused by
    /// the token), burning shares rounded up;
    /// `type(uint256).max` withdraws the whole position. Must leave the caller healthy if the market
    /// is its collateral.
    /// @param asset The market.
    /// @param assets Amount to withdraw, or `type(uint256).max` for all.
    /// @param receiver Receiver of the assets.
    /// @return withdrawn Assets paid out.
    /// @return shares Shares burned.
    function withdraw(
        address asset,
        uint256 assets,
        address receiver
    ) external returns (uint256 withdrawn, uint256 shares);

    /// @notice Borrows `assets` for the caller, sent to `receiver`. The market joins the caller's
    /// markets; the caller must stay healthy under the collateral factors.
    /// @param asset The market.
    /// @param assets Amount to borrow.
    /// @param receiver Receiver of the assets.
    function borrow(address asset, uint256 assets, address receiver) external;

    /// @notice Repays up to `assets` of `onBehalf`'s debt from the caller; at most the debt is taken,
    /// so `type(uint256).max` repays it all.
    /// @param asset The market.
    /// @param assets Maximum amount to repay.
    /// @param onBehalf The debtor.
    /// @return repaid Assets taken from the caller.
    function repay(address asset, uint256 assets, address onBehalf) external returns (uint256 repaid);

    /// @notice Uses the caller's supply in `asset` as collateral.
    /// @param asset The market.
    function enterMarket(address asset) external;

    /// @notice Stops using the caller's supply in `asset` as collateral; the caller must stay healthy.
    /// @param asset The market.
    function exitMarket(address asset) external;

    /// @notice Repays up to `repayAmount` (capped by the close factor) of an unhealthy `borrower`'s
    /// debt in `debtAsset` and receives its collateral in `collateralAsset` as supply shares, worth
    /// the repaid value times the liquidation incentive, minus the protocol's share. When the borrower
    /// has no collateral left (after this seize, or already before it), its remaining debt in
    /// `debtAsset` is written off as bad debt (`BadDebt`) instead.
    /// @param borrower The borrower, unhealthy under the liquidation thresholds.
    /// @param debtAsset The market of the debt to repay.
    /// @param collateralAsset The market of the collateral to seize.
    /// @param repayAmount Maximum amount to repay (`type(uint256).max` for the close factor's limit).
    /// @return repaid Debt repaid.
    /// @return seizedShares Collateral shares taken from the borrower.
    function liquidate(
        address borrower,
        address debtAsset,
        address collateralAsset,
        uint256 repayAmount
    ) external returns (uint256 repaid, uint256 seizedShares);

    /// @notice Lends `amount` of `asset` to `receiver` for the duration of its `onFlashLoan` call,
    /// then pulls back `amount` plus the fee (rounded up), which goes to reserves.
    /// @param receiver The receiver, which must approve the pool.
    /// @param asset The market.
    /// @param amount Amount to lend.
    /// @param data Passed to the receiver.
    /// @return fee The fee charged.
    function flashLoan(
        IFlashLoanReceiver receiver,
        address asset,
        uint256 amount,
        bytes calldata data
    ) external returns (uint256 fee);

    /// @notice Accrues interest in `asset`'s market up to now.
    /// @param asset The market.
    function accrueInterest(address asset) external;

    // ------------------------------------------------------------------ admin

    /// @notice Lists a market for `asset` (owner only). Bounds: CF <= LT < 100%, 100% <= incentive
    /// <= 150%, LT * incentive <= 100%, reserve factor <= 100%. Flash fee starts at 0, protocol seize
    /// share at 2.8%, nothing paused.
    /// @param asset The token.
    /// @param rateModel Its interest rate model.
    /// @param collateralFactorBps Borrowing power per unit of collateral value.
    /// @param liquidationThresholdBps Collateral value counted for liquidations (>= CF).
    /// @param liquidationIncentiveBps Collateral paid per unit of debt repaid (e.g. 10800 = 108%).
    /// @param reserveFactorBps Share of interest going to reserves.
    /// @param supplyCap Maximum total supply (assets).
    /// @param borrowCap Maximum total borrows (assets).
    function listMarket(
        address asset,
        IInterestRateModel rateModel,
        uint256 collateralFactorBps,
        uint256 liquidationThresholdBps,
        uint256 liquidationIncentiveBps,
        uint256 reserveFactorBps,
        uint256 supplyCap,
        uint256 borrowCap
    ) external;

    /// @notice Replaces a market's rate model after accruing with the old one (owner only).
    /// @param asset The market.
    /// @param rateModel The new model.
    function setRateModel(address asset, IInterestRateModel rateModel) external;

    /// @notice Sets a market's risk parameters (owner only), after accruing interest with the old
    /// reserve factor. Bounds as in `listMarket`.
    /// @param asset The market.
    /// @param collateralFactorBps Borrowing power per unit of collateral value.
    /// @param liquidationThresholdBps Collateral value counted for liquidations.
    /// @param liquidationIncentiveBps Collateral paid per unit of debt repaid.
    /// @param reserveFactorBps Share of interest going to reserves (at most 100%).
    /// @param supplyCap Maximum total supply (`type(uint256).max` for none).
    /// @param borrowCap Maximum total borrows (`type(uint256).max` for none).
    function setMarketParams(
        address asset,
        uint256 collateralFactorBps,
        uint256 liquidationThresholdBps,
        uint256 liquidationIncentiveBps,
        uint256 reserveFactorBps,
        uint256 supplyCap,
        uint256 borrowCap
    ) external;

    /// @notice Sets a market's flash loan fee (at most 10%) and the protocol's share of collateral
    /// seized from it (at most 50%) (owner only).
    /// @param asset The market.
    /// @param flashFeeBps The flash loan fee.
    /// @param protocolSeizeBps The protocol seize share.
    function setFees(address asset, uint256 flashFeeBps, uint256 protocolSeizeBps) external;

    /// @notice Pauses or unpauses actions in a market (owner only).
    /// @param asset The market.
    /// @param pausedActions Bit set of paused actions (PAUSE_* constants).
    function setPaused(address asset, uint8 pausedActions) external;

    /// @notice Sends `amount` of a market's reserves to `to` (owner only).
    /// @param asset The market.
    /// @param amount The amount.
    /// @param to The receiver.
    function withdrawReserves(address asset, uint256 amount, address to) external;

    // ------------------------------------------------------------------ views

    /// @notice The price source.
    /// @return The oracle adapter.
    function oracle() external view returns (IOracle);

    /// @notice A market's configuration.
    /// @param asset The market.
    /// @return id Market id (1..255; 0 if not listed).
    /// @return rateModel Interest rate model.
    /// @return collateralFactorBps Collateral factor.
    /// @return liquidationThresholdBps Liquidation threshold.
    /// @return liquidationIncentiveBps Liquidation incentive.
    /// @return reserveFactorBps Reserve factor.
    /// @return flashFeeBps Flash loan fee.
    /// @return pausedActions Paused actions.
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
        );

    /// @notice A market's caps and protocol seize share.
    /// @param asset The market.
    /// @return supplyCap Maximum total supply.
    /// @return borrowCap Maximum total borrows.
    /// @return protocolSeizeBps Protocol share of seized collateral.
    function marketLimits(
        address asset
    ) external view returns (uint256 supplyCap, uint256 borrowCap, uint256 protocolSeizeBps);

    /// @notice A market's state as of its last accrual.
    /// @param asset The market.
    /// @return totalSupplyAssets Assets owed to suppliers (cash + borrows - reserves).
    /// @return totalSupplyShares Supply shares outstanding.
    /// @return totalBorrows Borrows, interest included (scaled debt times the index, rounded down).
    /// @return totalReserves Protocol reserves.
    /// @return borrowIndex The borrow index (1e18 at listing).
    /// @return lastAccrual Timestamp of the last accrual.
    /// @return cash Assets held by the market.
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
        );

    /// @notice An account's position in a market.
    /// @param asset The market.
    /// @param account The account.
    /// @return supplyShares Its supply shares.
    /// @return borrowScaled Its scaled debt (debt = scaled * index / 1e18, rounded up).
    /// @return collateral Whether the market is its collateral.
    function position(
        address asset,
        address account
    ) external view returns (uint256 supplyShares, uint256 borrowScaled, bool collateral);

    /// @notice The markets an account uses as collateral or borrows from.
    /// @param account The account.
    /// @return assets The markets' tokens.
    function accountMarkets(address account) external view returns (address[] memory assets);

    /// @notice An account's collateral and debt values now (debts at interest accrued to this
    /// second, collateral at the markets' last accrual), in oracle units (1e18 = one dollar).
    /// @param account The account.
    /// @return borrowingPower Collateral value weighted by the collateral factors.
    /// @return liquidationValue Collateral value weighted by the liquidation thresholds.
    /// @return debtValue Debt value. The account can be liquidated when liquidationValue < debtValue
    /// (health factor liquidationValue / debtValue below 1, see LendingLens.healthFactor).
    function accountLiquidity(
        address account
    ) external view returns (uint256 borrowingPower, uint256 liquidationValue, uint256 debtValue);

    /// @notice The token of market `id`.
    /// @param id The market id.
    /// @return The token (zero if no market has this id).
    function marketAsset(uint256 id) external view returns (address);

    /// @notice The number of markets listed.
    /// @return The count.
    function marketCount() external view returns (uint256);
}
