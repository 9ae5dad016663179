import { klingPricing } from "../kling/pricing.js";
import type { PriceTable } from "../pricing.js";
import { inferredPrices } from "../task-api/inferred-prices.js";

/** fal's price per output second (limits.json). Only v3 pro was seen; the rest stand in from Kling. */
export const falPricing: PriceTable = {
  rounding: "ceil-second",
  entries: [
    {
      model: "kling-v3",
      mode: "pro",
      usdPerSecond: 0.168,
      verified: "third-party",
      source: "two third-party repos for fal-ai/kling-video/v3/pro/motion-control (another cites 0.126)",
      seenOn: "2026-11-21",
    },
    ...inferredPrices(
      klingPricing.entries.filter((e) => !(e.model === "kling-v3" && e.mode === "pro")),
      "no fal price found for this model and tier (2026-11-21); Kling's official prices stand in",
    ),
  ],
};
