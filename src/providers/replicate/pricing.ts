import { klingPricing } from "../kling/pricing.js";
import type { PriceTable } from "../pricing.js";
import { inferredPrices } from "../task-api/inferred-prices.js";

/** Replicate's price per output second (limits.json). v2.6 sources disagree (0.07/0.12 or 0.09/0.15); v3 was not found. */
export const replicatePricing: PriceTable = {
  rounding: "ceil-second",
  entries: [
    ...inferredPrices(
      klingPricing.entries.filter((e) => e.model === "kling-v3"),
      "no Replicate price found for kwaivgi/kling-v3-motion-control (2026-11-21); Kling's official prices stand in",
    ),
    {
      model: "kling-v2.6",
      mode: "std",
      usdPerSecond: 0.07,
      verified: "third-party",
      source: "kwaivgi/kling-v2.6-motion-control 720p, third-party listing (another says 0.09)",
      seenOn: "2026-11-21",
    },
    {
      model: "kling-v2.6",
      mode: "pro",
      usdPerSecond: 0.12,
      verified: "third-party",
      source: "kwaivgi/kling-v2.6-motion-control 1080p, third-party listing (another says 0.15)",
      seenOn: "2026-11-21",
    },
  ],
};
