import { evolinkPricing } from "../evolink/pricing.js";
import type { PriceTable } from "../pricing.js";
import { reapiPricing } from "../reapi/pricing.js";
import { inferredPrices } from "../task-api/inferred-prices.js";

/**
 * The unified API's product page gives no price. EvoLink's (same task ids) stand in for v3 and
 * reAPI's for v2.6, which EvoLink does not sell.
 */
export const unifiedPricing: PriceTable = {
  rounding: "ceil-second",
  entries: [
    ...inferredPrices(evolinkPricing.entries, "no price on the unified API's product page (2026-11-21); EvoLink's stand in"),
    ...inferredPrices(reapiPricing.entries, "no price on the unified API's product page (2026-11-21); reAPI's stand in", ["kling-v2.6"]),
  ],
};
