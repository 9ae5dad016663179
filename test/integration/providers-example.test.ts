/**
 * Done means: every provider runs the example campaign end to end on its simulator dialect. Each
 * test runs the real CLI with `MOTIONBATCH_SIM_DIALECT=<provider>`, so the real adapter talks to
 * the simulator speaking that provider's API, and checks the 12 videos and the billing log.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openLedger } from "../../src/ledger/open-ledger.js";
import { allJobs } from "../../src/ledger/queries.js";
import { PAID_PROVIDERS } from "../../src/providers/paid-providers.js";
import { priceOf } from "../../src/providers/pricing.js";
import { doubleCharged, readSimBilling } from "../helpers/billing.js";
import { fastSim, runCli } from "../helpers/cli.js";
import { ASSETS, EXAMPLE_MANIFEST, tempDir } from "../helpers/paths.js";

/** The example, with absolute paths (and another model where the provider sells only that one). */
function example(dir: string, model: string): string {
  const text = readFileSync(EXAMPLE_MANIFEST, "utf8").replaceAll("assets/", `${ASSETS}/`).replaceAll("kling-v3", model);
  const file = join(dir, "example.csv");
  writeFileSync(file, text);
  return file;
}

/** Vidgo sells Kling 2.6 motion control only. */
const MODEL: Record<string, "kling-v3" | "kling-v2.6"> = { vidgo: "kling-v2.6" };

describe.each(PAID_PROVIDERS.map((p) => p.name))("the example campaign on the %s dialect", (provider) => {
  it("downloads 12 videos, bills each job once at the provider's price, and exits 0", async () => {
    const dir = tempDir();
    const model = MODEL[provider] ?? "kling-v3";
    const manifest = example(dir, model);
    const result = await runCli(["run", manifest], { cwd: dir, env: { ...fastSim(), MOTIONBATCH_SIM_DIALECT: provider } });
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("jobs: 12 downloaded");

    const ledgerPath = join(dir, "motionbatch.sqlite");
    const ledger = openLedger(ledgerPath, { mustExist: true });
    const jobs = allJobs(ledger);
    ledger.close();
    expect(jobs).toHaveLength(12);
    for (const job of jobs) {
      expect(job.state).toBe("downloaded");
      const bytes = readFileSync(job.output_path as string);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(job.output_sha256);
    }

    const billing = readSimBilling(ledgerPath);
    const charges = billing.filter((b) => b.kind === "charge");
    expect(charges).toHaveLength(12);
    expect(new Set(charges.map((b) => b.dialect))).toEqual(new Set([provider]));
    expect(doubleCharged(billing)).toEqual([]);
    // Billed at the dialect's provider's prices: 2 characters x 2 orientations x (3 + 4 + 5) s.
    const pricing = PAID_PROVIDERS.find((p) => p.name === provider)?.pricing;
    const expected = [3, 4, 5].reduce(
      (sum, s) => sum + 4 * (pricing ? (priceOf(pricing, model, "std", s)?.usd ?? Number.NaN) : Number.NaN),
      0,
    );
    expect(charges.reduce((sum, b) => sum + b.usd, 0)).toBeCloseTo(expected, 4);
  });
});
