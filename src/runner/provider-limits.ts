import { MotionbatchError } from "../errors.js";
import type { ProviderDefinition } from "../providers/provider-definition.js";
import type { ProviderLimits } from "./provider-gate.js";

/**
 * Request limits per provider, as dated data (contracts/limits.json, read 2026-11-21). Where a
 * provider publishes no number we stay well under what such APIs usually take; a 429 slows us down
 * further either way. Concurrency comes from the provider definition (`defaultConcurrency`).
 */
const KNOWN: Readonly<Record<string, Partial<Omit<ProviderLimits, "concurrency">> & { source: string }>> = {
  // The simulator is ours: no rate limit, and a short patience so tests of a dead provider end fast.
  sim: { submitsPerMinute: 1_000_000, pollsPerMinute: 1_000_000, downAfterMs: 60_000, source: "motionbatch simulator" },
  // "query calls have no QPS limit"; creates get 429 code 1302 with no published number.
  kling: { pollsPerMinute: 600, source: "Kling API reference (read)" },
  // Creates 600/min, other calls 3000/min.
  replicate: { submitsPerMinute: 600, pollsPerMinute: 3000, source: "Replicate docs, rate limits (read)" },
  // "429 asks to reduce polling frequency"; no number.
  vidgo: { pollsPerMinute: 60, source: "Vidgo docs, task status (read)" },
};

const FALLBACK: Omit<ProviderLimits, "concurrency"> = {
  submitsPerMinute: 60,
  pollsPerMinute: 300,
  downAfterMs: 10 * 60_000,
};

const SETTINGS = [
  ["CONCURRENCY", "concurrency", 1],
  ["SUBMITS_PER_MINUTE", "submitsPerMinute", 1],
  ["POLLS_PER_MINUTE", "pollsPerMinute", 1],
  ["DOWN_AFTER_S", "downAfterMs", 1000],
] as const;

/** The environment variable that overrides one limit, e.g. MOTIONBATCH_KLING_CONCURRENCY. */
export function limitVariable(provider: string, setting: (typeof SETTINGS)[number][0]): string {
  return `MOTIONBATCH_${provider.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_${setting}`;
}

/**
 * A provider's limits: its known defaults, then `MOTIONBATCH_<PROVIDER>_CONCURRENCY`,
 * `_SUBMITS_PER_MINUTE`, `_POLLS_PER_MINUTE` and `_DOWN_AFTER_S` from the environment, then
 * `concurrency` from the caller (the run's options).
 */
export function limitsFor(definition: ProviderDefinition, env: NodeJS.ProcessEnv, concurrency?: number): ProviderLimits {
  const { source: _source, ...known } = KNOWN[definition.name] ?? { source: "" };
  const limits: ProviderLimits = { ...FALLBACK, ...known, concurrency: definition.defaultConcurrency };
  for (const [setting, key, scale] of SETTINGS) {
    const name = limitVariable(definition.name, setting);
    const raw = env[name];
    if (raw === undefined || raw === "") continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0 || (key === "concurrency" && !Number.isInteger(value))) {
      throw new MotionbatchError("E_CONFIG", `${name} must be a ${key === "concurrency" ? "whole " : ""}number above 0; got "${raw}"`);
    }
    limits[key] = value * scale;
  }
  if (concurrency !== undefined) limits.concurrency = concurrency;
  return limits;
}
