import { type InputLimits, inputLimitsOf } from "../providers/limits.js";
import type { ProviderDefinition } from "../providers/provider-definition.js";
import { describeLimits } from "./provider-limits.js";

/** What `motionbatch providers --json` prints for one provider. Keys never appear: only which variables are set. */
export interface ProviderFacts {
  name: string;
  display_name: string;
  paid: boolean;
  configured: boolean;
  env: readonly string[];
  missing_env: string[];
  base_url_env: string | null;
  default_concurrency: number;
  /** Models and tiers, each with its dated price per second of output and where it came from. */
  prices: { model: string; mode: string; usd_per_second: number; verified: string; source: string; seen_on: string }[];
  rounding: string;
  custom_elements: { usd_per_element: number; verified: string; source: string; seen_on: string; note: string | null } | null;
  /** What the provider accepts for the image and the video, dated, each with its source. */
  input_limits: InputLimits;
  output_link_lifetime_seconds: number | null;
}

export function providerFacts(provider: ProviderDefinition, env: NodeJS.ProcessEnv): ProviderFacts {
  const missing = provider.missingEnv(env);
  const element = provider.elements?.price;
  const limits = inputLimitsOf(provider.name);
  return {
    name: provider.name,
    display_name: provider.displayName,
    paid: provider.paid,
    configured: missing.length === 0,
    env: provider.envVars,
    missing_env: missing,
    // The simulator runs in-process; every real provider's base URL can be overridden.
    base_url_env: provider.paid ? `MOTIONBATCH_${provider.name.toUpperCase()}_BASE_URL` : null,
    default_concurrency: provider.defaultConcurrency,
    prices: provider.pricing.entries.map((e) => ({
      model: e.model,
      mode: e.mode,
      usd_per_second: e.usdPerSecond,
      verified: e.verified,
      source: e.source,
      seen_on: e.seenOn,
    })),
    rounding: provider.pricing.rounding,
    custom_elements: element
      ? {
          usd_per_element: element.usdPerElement,
          verified: element.verified,
          source: element.source,
          seen_on: element.seenOn,
          note: element.note ?? null,
        }
      : null,
    input_limits: limits,
    output_link_lifetime_seconds: limits.output.linkLifetimeSeconds ?? provider.outputLinkLifetimeSeconds ?? null,
  };
}

function duration(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} day(s)`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour(s)`;
  return `${seconds} s`;
}

/** The text `motionbatch providers` prints: one block per provider. */
export function providersText(all: readonly ProviderFacts[]): string {
  const blocks = all.map((p) => {
    const lines = [
      `${p.name}: ${p.display_name}`,
      `  configured: ${p.configured ? (p.env.length > 0 ? `yes (${p.env.join(", ")})` : "yes (nothing to set)") : `no: set ${p.missing_env.join(", ")}`}`,
    ];
    if (p.base_url_env) lines.push(`  base URL override: ${p.base_url_env}`);
    lines.push(`  models and prices, USD per second of output${p.paid ? "" : " (simulated: no money)"}:`);
    const width = Math.max(...p.prices.map((price) => `${price.model} ${price.mode}`.length));
    for (const price of p.prices) {
      lines.push(
        `    ${`${price.model} ${price.mode}`.padEnd(width)}  $${price.usd_per_second.toFixed(4)}/s  ${price.verified}, seen ${price.seen_on}: ${price.source}`,
      );
    }
    const element = p.custom_elements;
    lines.push(
      element
        ? `  custom elements: yes, $${element.usd_per_element.toFixed(4)} each (${element.verified}, seen ${element.seen_on}, source: ${element.source}${element.note ? `; ${element.note}` : ""})`
        : "  custom elements: no",
    );
    const limits = p.input_limits;
    const described = describeLimits(limits);
    // Limits taken from another provider's documents say so, with where they came from.
    const sure = (rule: { verified: string; source: string }) => (rule.verified === "read" ? "" : ` (${rule.verified}: ${rule.source})`);
    lines.push(
      `  input limits, seen ${limits.seenOn}:`,
      `    image: ${described.image}${sure(limits.image)}`,
      `    video: ${described.video}${sure(limits.video)}`,
    );
    lines.push(
      `  output links: ${p.output_link_lifetime_seconds === null ? "lifetime not documented" : `live ${duration(p.output_link_lifetime_seconds)}`}`,
    );
    return lines.join("\n");
  });
  const configured = all.filter((p) => p.configured).length;
  return `${blocks.join("\n\n")}\n\n${configured} of ${all.length} provider(s) configured here. Machine-readable: motionbatch providers --json`;
}
