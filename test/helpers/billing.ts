import { existsSync, readFileSync } from "node:fs";
import type { BillingEntry } from "../../src/simulator/engine.js";

/** The simulator's billing log for the `sim` provider: the ground truth for "never pay twice". */
export function readSimBilling(ledgerPath: string): BillingEntry[] {
  const file = `${ledgerPath}.sim.jsonl`;
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .flatMap((line) => {
      try {
        const parsed = JSON.parse(line) as { type: string; entry?: BillingEntry };
        return parsed.type === "billing" && parsed.entry ? [parsed.entry] : [];
      } catch {
        return [];
      }
    });
}

/** Fingerprints (what was asked) charged more than once, net of refunds. */
export function doubleCharged(entries: readonly BillingEntry[]): string[] {
  const charges = new Map<string, number>();
  for (const e of entries) if (e.kind === "charge") charges.set(e.fingerprint, (charges.get(e.fingerprint) ?? 0) + 1);
  return [...charges].filter(([, n]) => n > 1).map(([fingerprint]) => fingerprint);
}
