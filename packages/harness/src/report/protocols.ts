/** Per-protocol text the report shows before a protocol's workloads. */
import type { Report, WorldsInfo } from "./schema";

/** Where the lending intro goes: before the first lending workload (else the first mixed one), or -1. */
export function lendingIntroIndex(report: Report): number {
  if (!report.parameters.worlds?.lending) return -1;
  const lending = report.workloads.findIndex((w) => w.protocol === "Lending");
  return lending >= 0 ? lending : report.workloads.findIndex((w) => w.protocol === "DeFi");
}

/** What the lending world is, and which of its keys every workload shares by design. */
export function LENDING_INTRO(l: NonNullable<WorldsInfo["lending"]>): string {
  return (
    `The lending workloads act in one \`LendingPool\` with ${l.markets.length} markets (below), priced by ` +
    "Chainlink-style USD feeds (`MockAggregator`, 8 decimals, 24 h heartbeat) through a `ChainlinkOracleAdapter`, " +
    `with ${l.users} users (lenders, borrowers at every distance from liquidation, a few without positions), a ` +
    `whale's liquidity in every market and ${l.liquidators} liquidators. The pool keeps per-market and ` +
    "per-account state: a position is one slot (`_markets[X].positions[account]`), an account's market list one " +
    "slot. What every operation on a market shares is inherent to pooled lending: a supply or withdrawal writes " +
    "the market's supply totals (`_markets[X].supply`), a borrow or repay its borrow totals (`_markets[X].borrow`, " +
    "with the index and the accrual time, accrued by the market's first operation of a block), and each moves the " +
    "asset's balance of the pool (`ERC20Mock._balances[LendingPool]`). Health checks (borrow, collateral " +
    "withdrawals, exits, liquidations) read the price of every market the account uses, so a price update " +
    "conflicts with every health check that prices that asset."
  );
}
