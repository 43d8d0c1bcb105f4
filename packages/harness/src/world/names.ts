/**
 * Human names for the keys of the deployed worlds: every contract instance with its storage
 * layout and a label, every account that can appear as a mapping key.
 *
 * The lending world's assets are labelled by symbol as mapping keys (`LendingPool._markets[USDC]`)
 * and as `lending USDC` when the token itself is the instance (`ERC20Mock._balances[LendingPool] of
 * lending USDC`), so that they never read like the AMM world's tokens of the same symbol.
 */
import type { KeyName } from "@lanes/types";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { readLayout } from "../layout";
import { buildKeyNames, type Instance } from "../naming";
import type { Worlds } from "./index";

type Labels = [string, string][];

export async function keyNamesFor(hre: HardhatRuntimeEnvironment, worlds: Worlds): Promise<Map<string, KeyName>> {
  const instances: Instance[] = [];
  const labels: Labels = [];
  // Keys below the first level of nested mappings (allowance[owner][spender]): spenders are contracts.
  const inner: Labels = [];
  let maxIndex = 8;

  const { amm, lending } = worlds;
  if (amm || lending) {
    const tokenLayout = await readLayout(hre, "ERC20Mock");
    if (amm) {
      const [pairLayout, factoryLayout] = await Promise.all([
        readLayout(hre, "LanesPair"),
        readLayout(hre, "LanesFactory"),
      ]);
      // Spenders are the router; pairs are keyed by tokens. Hashing every account below the first
      // level would be hundreds of thousands of hashes (seconds) for slots no workload writes.
      const router = new Map([[amm.router, "router"]]);
      const tokens = new Map(amm.tokens.map((t): [string, string] => [t.address, `token ${t.symbol}`]));
      const erc20Keys = { _allowances: { inner: router } };
      instances.push(
        { address: amm.factory, layout: factoryLayout, mappingKeys: { getPair: { outer: tokens, inner: tokens } } },
        ...amm.pairs.map((p) => ({ address: p.address, layout: pairLayout, label: p.label, mappingKeys: erc20Keys })),
        ...amm.tokens.map((t) => ({
          address: t.address,
          layout: tokenLayout,
          label: t.symbol,
          mappingKeys: erc20Keys,
        })),
      );
      labels.push(
        [amm.router, "router"],
        [amm.factory, "factory"],
        ...amm.pairs.map((p): [string, string] => [p.address, `pair ${p.label}`]),
        ...amm.tokens.map((t): [string, string] => [t.address, `token ${t.symbol}`]),
        ...amm.users.map((u, i): [string, string] => [u, `user ${i}`]),
        ...amm.lps.flatMap((lps, p) => lps.map((lp, i): [string, string] => [lp, `lp ${p}.${i}`])),
        ["0x000000000000000000000000000000000000dEaD", "0xdead"],
      );
      inner.push([amm.router, "router"], ...amm.tokens.map((t): [string, string] => [t.address, `token ${t.symbol}`]));
      maxIndex = Math.max(maxIndex, amm.pairs.length);
    }
    if (lending) {
      const [poolLayout, oracleLayout, feedLayout] = await Promise.all([
        readLayout(hre, "LendingPool"),
        readLayout(hre, "ChainlinkOracleAdapter"),
        readLayout(hre, "MockAggregator"),
      ]);
      const assets = new Map(lending.markets.map((m) => [m.asset, m.symbol]));
      const accounts = new Map<string, string>([
        ...lending.users.map((u, i): [string, string] => [u, `lender ${i}`]),
        ...lending.liquidators.map((l, i): [string, string] => [l, `liquidator ${i}`]),
        [lending.whale, "whale"],
      ]);
      // The lending world's mappings are keyed by its own accounts only (hashing the AMM's users
      // under them too would cost seconds for names no key can have).
      const pool = new Map([[lending.pool, "LendingPool"]]);
      const holders = new Map([...accounts, ...pool, [lending.keeper, "oracle keeper"]]);
      const tokenKeys = { _balances: { outer: holders }, _allowances: { outer: accounts, inner: pool } };
      instances.push(
        {
          address: lending.pool,
          layout: poolLayout,
          mappingKeys: { _markets: { outer: assets, inner: accounts }, _accountMarkets: { outer: accounts } },
        },
        { address: lending.oracle, layout: oracleLayout, mappingKeys: { _feeds: { outer: assets } } },
        ...lending.markets.map((m) => ({ address: m.feed, layout: feedLayout, label: `${m.symbol}/USD` })),
        ...lending.markets.map((m) => ({
          address: m.asset,
          layout: tokenLayout,
          label: `lending ${m.symbol}`,
          mappingKeys: tokenKeys,
        })),
      );
      labels.push(
        [lending.pool, "LendingPool"],
        [lending.oracle, "oracle adapter"],
        [lending.keeper, "oracle keeper"],
        [lending.deployer, "lending deployer"],
        ...lending.markets.map((m): [string, string] => [m.asset, m.symbol]),
        ...lending.markets.map((m): [string, string] => [m.feed, `${m.symbol}/USD feed`]),
        ...accounts.entries(),
      );
      maxIndex = Math.max(maxIndex, lending.markets.length + 1);
    }
  }
  return buildKeyNames({
    instances,
    addressLabels: new Map(labels),
    innerAddressLabels: new Map(inner),
    maxIndex,
  });
}
