import { MotionbatchError } from "../../errors.js";
import { baseUrlFrom } from "../kling/definition.js";
import type { ElementPrice, PriceTable } from "../pricing.js";
import { httpTimeoutMs, type ProviderDefinition } from "../provider-definition.js";
import { publicUrlProblem, requirePublicUrl } from "../public-url.js";
import { type TaskApi, unsupportedParameters } from "./task-api.js";
import { taskApiAdapter } from "./task-api-adapter.js";

export interface TaskApiProviderOptions {
  api: TaskApi;
  displayName: string;
  /** The environment variable holding the key (DESIGN.md: `FREEPIK_API_KEY`, `FAL_KEY`, ...). */
  keyEnv: string;
  /** The documented base URL; none when unknown (then `MOTIONBATCH_<PROVIDER>_BASE_URL` must be set). */
  defaultBaseUrl?: string;
  pricing: PriceTable;
  /** Tasks running at once, by default. */
  defaultConcurrency: number;
  outputLinkLifetimeSeconds?: number;
  /** Kling custom elements, when the provider creates them (its `create` then handles `spec.kind === "element"`). */
  elements?: { price: ElementPrice };
}

/** `MOTIONBATCH_<PROVIDER>_BASE_URL`: every provider's base URL can be overridden (DESIGN.md). */
export function baseUrlEnvOf(provider: string): string {
  return `MOTIONBATCH_${provider.toUpperCase()}_BASE_URL`;
}

/** The ProviderDefinition of a JSON task API: key and base URL from the environment, inputs by public URL. */
export function taskApiProvider(options: TaskApiProviderOptions): ProviderDefinition {
  const { api } = options;
  const name = api.provider;
  const baseUrlEnv = baseUrlEnvOf(name);
  const required = [options.keyEnv, ...(options.defaultBaseUrl === undefined ? [baseUrlEnv] : [])];
  const definition: ProviderDefinition = {
    name,
    displayName: options.displayName,
    paid: true,
    envVars: required,
    pricing: options.pricing,
    defaultConcurrency: options.defaultConcurrency,
    // Motion-control tasks take minutes (AIMLAPI's sample run: 6 min); polling is free but need not hurry.
    pollIntervals: () => ({ firstMs: 10_000, maxMs: 60_000 }),
    // Only used by adapters with findByClientRef; none of these providers has one.
    reconcileSettleMs: 60_000,
    ...(options.outputLinkLifetimeSeconds !== undefined ? { outputLinkLifetimeSeconds: options.outputLinkLifetimeSeconds } : {}),
    ...(options.elements ? { elements: options.elements } : {}),
    missingEnv: (env) => required.filter((variable) => !env[variable]),
    inputProblem: (ref, role, inputOptions) => publicUrlProblem(ref, role, name, inputOptions),
    unsupported: (spec) => unsupportedParameters(api.unsupported, spec),
    async connect({ env, clock, name: adapterName, uploads }) {
      const missing = definition.missingEnv(env);
      if (missing.length > 0) throw new MotionbatchError("E_CONFIG", `${name}: set ${missing.join(" and ")} in the environment`);
      const baseUrl = baseUrlFrom(env, baseUrlEnv, options.defaultBaseUrl ?? "");
      const adapter = taskApiAdapter(api, {
        baseUrl,
        key: env[options.keyEnv] as string,
        clock,
        timeoutMs: httpTimeoutMs(env),
        ...(adapterName ? { provider: adapterName } : {}),
      });
      return {
        adapter,
        resolveInput: (ref, role) => requirePublicUrl(ref, role, name, uploads),
        close: async () => undefined,
      };
    },
  };
  return definition;
}
