import type { PriceTable } from "../pricing.js";

/**
 * Vidgo prices in credits per second (2,000 credits = $10): 9 credits at 720p, 15 at 1080p
 * [read: Vidgo's page, PROVIDERS.md]. PROVIDERS.md lists them in its v3 column, but the only
 * model found on Vidgo is kling-2.6-motion-control, so they are kept for v2.6.
 */
export const vidgoPricing: PriceTable = {
  rounding: "ceil-second",
  entries: [
    {
      model: "kling-v2.6",
      mode: "std",
      usdPerSecond: 0.045,
      verified: "read",
      source: "Vidgo model page: 9 credits/s at 720p, 2,000 credits = $10",
      seenOn: "2026-11-21",
    },
    {
      model: "kling-v2.6",
      mode: "pro",
      usdPerSecond: 0.075,
      verified: "read",
      source: "Vidgo model page: 15 credits/s at 1080p, 2,000 credits = $10",
      seenOn: "2026-11-21",
    },
  ],
};
