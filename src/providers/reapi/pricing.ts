import type { PriceTable } from "../pricing.js";

const SOURCE = "reAPI pricing page (1 credit = $0.001)";

/** reAPI's price per output second [read: its pricing page, via PROVIDERS.md]. */
export const reapiPricing: PriceTable = {
  rounding: "ceil-second",
  entries: [
    { model: "kling-v3", mode: "std", usdPerSecond: 0.113168, verified: "read", source: SOURCE, seenOn: "2026-11-21" },
    { model: "kling-v3", mode: "pro", usdPerSecond: 0.150832, verified: "read", source: SOURCE, seenOn: "2026-11-21" },
    { model: "kling-v2.6", mode: "std", usdPerSecond: 0.062832, verified: "read", source: SOURCE, seenOn: "2026-11-21" },
    { model: "kling-v2.6", mode: "pro", usdPerSecond: 0.100584, verified: "read", source: SOURCE, seenOn: "2026-11-21" },
  ],
};
