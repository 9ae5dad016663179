import { klingPricing } from "../kling/pricing.js";
import type { PriceTable } from "../pricing.js";
import { inferredPrices } from "../task-api/inferred-prices.js";

/** Freepik publishes no per-second price for motion control (limits.json: `pricing: []`). */
export const freepikPricing: PriceTable = {
  rounding: "ceil-second",
  entries: inferredPrices(klingPricing.entries, "no Freepik price found (2026-11-21); Kling's official prices stand in"),
};
