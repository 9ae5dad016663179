import type { Model } from "../../manifest/columns.js";
import type { PriceEntry } from "../pricing.js";

/**
 * Another provider's prices, marked `inferred`, for a provider that publishes none: a plan must
 * not show a paid job as free. `why` says whose prices they are and why they stand in.
 */
export function inferredPrices(from: readonly PriceEntry[], why: string, models?: readonly Model[]): PriceEntry[] {
  return from
    .filter((entry) => models === undefined || models.includes(entry.model))
    .map((entry) => ({ ...entry, verified: "inferred", source: `${why} (stand-in: ${entry.source})` }));
}
