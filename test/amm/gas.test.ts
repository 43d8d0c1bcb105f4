/**
 * The committed gas snapshot is what the contracts cost now (like Uniswap v4's snapshots/),
 * and every operation with a Uniswap v2 reference costs no more than Uniswap v2.
 */
import { expect } from "chai";
import hre from "hardhat";
import { measureAmmGas, UNISWAP_V2_REFERENCE, type GasRow } from "../../scripts/lib/gas";
import { readGasSnapshot, toSnapshot } from "../../scripts/lib/gasSnapshot";

describe("AMM gas", () => {
  let rows: GasRow[];
  before(async () => {
    rows = await measureAmmGas(hre);
  });

  it("matches the committed snapshot (run `pnpm gas` and commit snapshots/amm.json after a change)", () => {
    expect(toSnapshot(rows)).to.deep.equal(readGasSnapshot("amm"));
  });

  it("is reproducible: a second measurement gives the same figures", async () => {
    expect(toSnapshot(await measureAmmGas(hre))).to.deep.equal(toSnapshot(rows));
  });

  it("costs no more than Uniswap v2 for every operation with a reference figure", () => {
    const measured = new Map(rows.map((r) => [r.name, r.gasUsed]));
    for (const [name, reference] of Object.entries(UNISWAP_V2_REFERENCE)) {
      expect(measured.has(name), `${name} is measured`).to.equal(true);
      expect(measured.get(name), name).to.be.at.most(reference);
    }
  });
});
