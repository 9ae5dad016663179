import type { ElementPrice, PriceTable } from "../pricing.js";

/**
 * Kling official API prices, USD per output second. Kling sells resource packs, so no per-second
 * list price is published; these are the figures in ../shared/contracts/limits.json.
 */
export const klingPricing: PriceTable = {
  rounding: "ceil-second",
  entries: [
    {
      model: "kling-v3",
      mode: "std",
      usdPerSecond: 0.126,
      verified: "third-party",
      source: "EvoLink's Kling v3 Motion Control page: 'Kling official API is $0.126/s'",
      seenOn: "2026-11-21",
    },
    {
      model: "kling-v3",
      mode: "pro",
      usdPerSecond: 0.168,
      verified: "inferred",
      source: "EvoLink's 1080p price 0.1512 at its stated 10% discount; matches fal's v3 pro 0.168",
      seenOn: "2026-11-21",
    },
    {
      model: "kling-v2.6",
      mode: "std",
      usdPerSecond: 0.07,
      verified: "third-party",
      source: "Replicate's kwaivgi/kling-v2.6-motion-control 720p (third-party listing; another says 0.09)",
      seenOn: "2026-11-21",
    },
    {
      model: "kling-v2.6",
      mode: "pro",
      usdPerSecond: 0.12,
      verified: "third-party",
      source: "Replicate's kwaivgi/kling-v2.6-motion-control 1080p (third-party listing; another says 0.15)",
      seenOn: "2026-11-21",
    },
  ],
};

/**
 * Creating a custom element (`POST /v1/general/advanced-custom-elements`). Kling publishes no price
 * for it; a proxy's example answer (docs.anyfast.ai, "Query Custom Element") shows
 * `final_unit_deduction: "0"`, and EvoLink resells it at $0.014. Unknown, so counted as $0 and
 * flagged in the plan.
 */
export const klingElementPrice: ElementPrice = {
  usdPerElement: 0,
  verified: "unknown",
  source: "unknown",
  note: 'Kling publishes no price for advanced-custom-elements; counted as $0 (a proxy\'s example answer shows final_unit_deduction "0"; EvoLink resells it at $0.014)',
  seenOn: "2026-11-21",
};
