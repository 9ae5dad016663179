import { klingPricing } from "../kling/pricing.js";
import type { PriceTable } from "../pricing.js";
import { inferredPrices } from "../task-api/inferred-prices.js";

/**
 * AIMLAPI publishes no per-second price for these models (limits.json); its answers carry
 * `meta.usage.usd_spent`. Kling's prices stand in; v2.6 is sold in pro only.
 */
export const aimlapiPricing: PriceTable = {
  rounding: "ceil-second",
  entries: inferredPrices(
    klingPricing.entries.filter((e) => e.model === "kling-v3" || e.mode === "pro"),
    "no AIMLAPI price found (2026-11-21); Kling's official prices stand in",
  ),
};
