import { PROVIDERS } from "../providers/registry.js";
import { table } from "./format.js";
import { parseOptions } from "./options.js";

const USAGE = "motionbatch providers [--json]";

/** Names, prices (dated, with source), limits, and which providers are configured here. */
export async function providersCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { json: { type: "boolean" } }, USAGE);
  const list = [...PROVIDERS.values()].map((p) => ({
    name: p.name,
    display_name: p.displayName,
    paid: p.paid,
    env: p.envVars,
    missing_env: p.missingEnv(process.env),
    default_concurrency: p.defaultConcurrency,
    output_link_lifetime_seconds: p.outputLinkLifetimeSeconds ?? null,
    prices: p.pricing.entries.map((e) => ({
      model: e.model,
      mode: e.mode,
      usd_per_second: e.usdPerSecond,
      verified: e.verified,
      source: e.source,
      seen_on: e.seenOn,
    })),
    rounding: p.pricing.rounding,
  }));
  if (values.json) {
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  const rows = list.flatMap((p) =>
    p.prices.map((price, index) => [
      index === 0 ? p.name : "",
      index === 0 ? (p.missing_env.length === 0 ? "yes" : `no: set ${p.missing_env.join(", ")}`) : "",
      `${price.model} ${price.mode}`,
      `$${price.usd_per_second.toFixed(4)}/s${p.paid ? "" : " (simulated)"}`,
      `${price.verified}, ${price.seen_on}`,
    ]),
  );
  process.stdout.write(`${table(["provider", "configured", "model", "price", "source"], rows)}\n`);
  process.stdout.write("prices are per second of output; sources: motionbatch providers --json\n");
  return 0;
}
