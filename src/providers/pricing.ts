import type { Mode, Model } from "../manifest/columns.js";

/** How sure we are of a fact about a provider (contracts/README.md). */
export type Verified = "read" | "third-party" | "inferred";

/** A dated price: USD per second of output for one model and mode. */
export interface PriceEntry {
  model: Model;
  mode: Mode;
  usdPerSecond: number;
  verified: Verified;
  source: string;
  seenOn: string;
}

/**
 * `ceil-second`: every started second is billed (the default where a provider does not say);
 * `nearest-second`: rounded to the nearest second (EvoLink says so); `exact`: fractions billed.
 */
export type Rounding = "ceil-second" | "nearest-second" | "exact";

/**
 * The price of creating one Kling custom element. `verified: "unknown"` when no price was found:
 * it is then counted as $0 and the plan says so.
 */
export interface ElementPrice {
  usdPerElement: number;
  verified: Verified | "unknown";
  source: string;
  seenOn: string;
  /** Why the price is what it is, when that needs saying (e.g. why it is unknown). */
  note?: string;
}

export interface PriceTable {
  entries: readonly PriceEntry[];
  /** How the provider turns output seconds into billed seconds (docs/PLANNING.md, per provider). */
  rounding: Rounding;
}

export interface Price {
  billableSeconds: number;
  usd: number;
  entry: PriceEntry;
}

export function billableSeconds(table: PriceTable, seconds: number): number {
  // Guard against float noise such as 5.000000001 from a container's duration.
  switch (table.rounding) {
    case "ceil-second":
      return Math.ceil(seconds - 1e-6);
    case "nearest-second":
      return Math.round(seconds);
    case "exact":
      return seconds;
  }
}

/** The price of `seconds` of output, or undefined when the table has no price for the model and mode. */
export function priceOf(table: PriceTable, model: Model, mode: Mode, seconds: number): Price | undefined {
  const entry = table.entries.find((e) => e.model === model && e.mode === mode);
  if (!entry) return undefined;
  const billable = billableSeconds(table, seconds);
  return { billableSeconds: billable, usd: roundUsd(billable * entry.usdPerSecond), entry };
}

/** Money is kept to 1/10000 of a dollar: prices have up to 4 decimals per second. */
export function roundUsd(usd: number): number {
  return Math.round(usd * 10_000) / 10_000;
}
