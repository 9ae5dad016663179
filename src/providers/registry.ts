import { PAID_PROVIDERS } from "./paid-providers.js";
import type { ProviderDefinition } from "./provider-definition.js";
import { sim } from "./sim/definition.js";

/** Every provider motionbatch can run a job on, by the name used in manifests and --provider. */
export const PROVIDERS: ReadonlyMap<string, ProviderDefinition> = new Map([sim, ...PAID_PROVIDERS].map((p) => [p.name, p]));

export const PROVIDER_NAMES: readonly string[] = [...PROVIDERS.keys()];

export function providerNamed(name: string): ProviderDefinition {
  const provider = PROVIDERS.get(name);
  if (!provider) throw new Error(`unknown provider ${name}`);
  return provider;
}
