/**
 * Deploys the lending market's core: a jump rate model, a Chainlink oracle adapter, the pool and
 * its read-only lens.
 *
 *   npx hardhat ignition deploy ignition/modules/Lending.ts --network <name> \
 *     --parameters '{"Lending":{"owner":"0x…","kink":"800000000000000000"}}'
 *
 * `owner` (who sets feeds, lists and configures markets, withdraws reserves) defaults to the
 * deploying account. The rate model's parameters are per second, 1e18 fixed point; the defaults
 * are 2% a year at zero utilisation, +10% a year up to an 80% kink, +300% a year above it.
 * Markets are then listed by the owner: `oracle.setFeed(asset, aggregator, heartbeat)`, then
 * `pool.listMarket(asset, rateModel, cf, lt, incentive, reserveFactor, supplyCap, borrowCap)`.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

const SECONDS_PER_YEAR = 31_536_000n;
const E18 = 10n ** 18n;

const LendingModule = buildModule("Lending", (m) => {
  const owner = m.getParameter("owner", m.getAccount(0));
  const baseRatePerSecond = m.getParameter("baseRatePerSecond", (2n * E18) / 100n / SECONDS_PER_YEAR);
  const multiplierPerSecond = m.getParameter("multiplierPerSecond", (10n * E18) / 100n / SECONDS_PER_YEAR);
  const jumpMultiplierPerSecond = m.getParameter("jumpMultiplierPerSecond", (300n * E18) / 100n / SECONDS_PER_YEAR);
  const kink = m.getParameter("kink", (80n * E18) / 100n);

  const rateModel = m.contract("JumpRateModel", [
    baseRatePerSecond,
    multiplierPerSecond,
    jumpMultiplierPerSecond,
    kink,
  ]);
  const oracle = m.contract("ChainlinkOracleAdapter", [owner]);
  const pool = m.contract("LendingPool", [oracle, owner]);
  const lens = m.contract("LendingLens");
  return { pool, oracle, rateModel, lens };
});

export default LendingModule;
