/**
 * The HTML report opens in a real headless Chromium (Debian's, driven by playwright-core) and
 * its charts are drawn. Run with `pnpm test:browser`; it fails, never skips, without a browser.
 */
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import hre from "hardhat";
import { chromium, type Browser } from "playwright-core";
import { runReport, WORKLOAD_NAMES } from "@lanes/harness";

const CHROMIUM = process.env.LANES_CHROMIUM ?? "/usr/bin/chromium";

describe("report.html in headless Chromium", function () {
  this.timeout(10 * 60_000);
  let browser: Browser;
  let htmlFile: string;
  const outDir = mkdtempSync(path.join(os.tmpdir(), "lanes-report-"));

  before(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set LANES_CHROMIUM`,
      );
    }
    const { files } = await runReport(hre, {
      workloads: [...WORKLOAD_NAMES],
      params: { blocks: 2, blockSize: 40, seed: 7, skew: 1, repeatSenders: 0.1 },
      threads: [1, 2, 4, 8, 16, 32],
      outDir,
      world: { users: 60, pairs: 8, tokens: 6, lpsPerPair: 2 },
      lending: { users: 60, liquidators: 4 },
    });
    htmlFile = files.html;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });

  after(async () => {
    await browser?.close();
  });

  it("draws a speedup chart and a hot-key chart per workload, and the dependency chart", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const failed: string[] = [];
    page.on("requestfailed", (r) => failed.push(r.url()));
    await page.goto(`file://${htmlFile}`);

    for (const name of WORKLOAD_NAMES) {
      const chart = page.locator(`svg#speedup-${name}`);
      const box = await chart.boundingBox();
      expect(box, `speedup chart of ${name} is laid out`).to.not.equal(null);
      expect(box!.width).to.be.greaterThan(300);
      // Every series is a drawn polyline with real length on screen.
      const lengths = await chart
        .locator("polyline.series")
        .evaluateAll((lines) => lines.map((l) => (l as unknown as { getTotalLength(): number }).getTotalLength()));
      expect(lengths.length, `series in ${name}`).to.be.greaterThan(2);
      for (const len of lengths) expect(len).to.be.greaterThan(10);
      const bars = await page.locator(`svg#hot-keys-${name} rect.bar`).count();
      expect(bars, `hot-key bars of ${name}`).to.be.greaterThan(0);
    }
    const depBars = await page.locator("svg#dependency-rate rect.bar").count();
    expect(depBars).to.equal(WORKLOAD_NAMES.length * 2);
    // Self-contained: nothing fetched from anywhere.
    expect(failed).to.deep.equal([]);
    await page.screenshot({ path: path.join(outDir, "report.png"), fullPage: true });
    expect(existsSync(path.join(outDir, "report.png"))).to.equal(true);
  });

  it("draws the static-vs-dynamic section of every workload: a speedup chart, static and traced", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`file://${htmlFile}`);
    const summaryRows = await page.locator("table.static-summary tr[data-workload]").count();
    expect(summaryRows).to.equal(WORKLOAD_NAMES.length);
    for (const name of WORKLOAD_NAMES) {
      const section = page.locator(`section#static-${name}`);
      expect(await section.isVisible(), `static section of ${name}`).to.equal(true);
      const chart = section.locator(`svg#static-speedup-${name}`);
      const box = await chart.boundingBox();
      expect(box, `static speedup chart of ${name} is laid out`).to.not.equal(null);
      expect(box!.width).to.be.greaterThan(300);
      const labels = await chart.locator("polyline.series").evaluateAll((lines) =>
        lines.map((l) => ({
          label: l.getAttribute("data-label") ?? "",
          length: (l as unknown as { getTotalLength(): number }).getTotalLength(),
        })),
      );
      // Each executor twice: on the traced sets and on the static sets.
      for (const executor of ["declared-locks", "declared-raw", "block-stm"])
        for (const sets of ["traced", "static"])
          expect(
            labels.some((l) => l.label === `${executor}, ${sets}`),
            `${name}: ${executor}, ${sets}`,
          ).to.equal(true);
      for (const l of labels) expect(l.length, `${name} ${l.label}`).to.be.greaterThan(10);
      // The 90% verdict for both declared executors, and the soundness line.
      const ratios = await section.locator("ul.static-ratios li[data-executor]").allTextContents();
      expect(ratios).to.have.length(2);
      for (const r of ratios) expect(r).to.match(/[✓✗]/);
      expect(await section.textContent()).to.match(/0 missed keys \(sound\)/);
      expect(await section.locator("div.unsound").count()).to.equal(0);
    }
  });

  it("introduces the lending world before its workloads, with its markets", async () => {
    const page = await browser.newPage();
    await page.goto(`file://${htmlFile}`);
    const intro = page.locator("section#protocol-lending");
    expect(await intro.isVisible()).to.equal(true);
    expect(await intro.locator("table.lending-markets tr").count()).to.equal(7); // header + 6 markets
    // Before the first lending workload's section.
    const order = await page
      .locator("section#protocol-lending, section#workload-lending-mix")
      .evaluateAll((els) => els.map((el) => el.id));
    expect(order).to.deep.equal(["protocol-lending", "workload-lending-mix"]);
  });

  it("opens with the answer for every workload", async () => {
    const page = await browser.newPage();
    await page.goto(`file://${htmlFile}`);
    const answers = await page.locator("div.answer").allTextContents();
    expect(answers).to.have.length(WORKLOAD_NAMES.length);
    for (const a of answers) expect(a).to.match(/TPS/);
  });
});
