import { PROVIDERS } from "../providers/registry.js";
import { parseOptions } from "./options.js";
import { providerFacts, providersText } from "./provider-facts.js";

const USAGE = "motionbatch providers [--json]";

/**
 * Every provider: configured here or not (which variables are missing), models and tiers, prices
 * (dated, with source), custom elements, input limits, output link lifetime.
 */
export async function providersCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { json: { type: "boolean" } }, USAGE);
  const facts = [...PROVIDERS.values()].map((p) => providerFacts(p, process.env));
  process.stdout.write(values.json ? `${JSON.stringify(facts, null, 2)}\n` : `${providersText(facts)}\n`);
  return 0;
}
