import type { ElementPrice, PriceTable } from "../pricing.js";

/** Creating a Kling custom element through EvoLink: 1 credit, refunded on failure [read]. */
export const evolinkElementPrice: ElementPrice = {
  usdPerElement: 0.014,
  verified: "read",
  source: "https://evolink.ai/zh/kling-3?model=kling-custom-element ($0.014 per request, 1 credit, full refund on failure)",
  seenOn: "2026-11-21",
};

/** EvoLink's price per output second [read: https://evolink.ai/zh/kling-v3-motion-control]. It sells v3 only. */
export const evolinkPricing: PriceTable = {
  // EvoLink rounds to the nearest second [read]; rounding up keeps estimates on the safe side.
  rounding: "ceil-second",
  entries: [
    {
      model: "kling-v3",
      mode: "std",
      usdPerSecond: 0.1134,
      verified: "read",
      source: "https://evolink.ai/zh/kling-v3-motion-control (720p)",
      seenOn: "2026-11-21",
    },
    {
      model: "kling-v3",
      mode: "pro",
      usdPerSecond: 0.1512,
      verified: "read",
      source: "https://evolink.ai/zh/kling-v3-motion-control (1080p; another render showed 0.160)",
      seenOn: "2026-11-21",
    },
  ],
};
