import { readFile } from "node:fs/promises";
import { MotionbatchError } from "../../errors.js";
import { httpTimeoutMs, type ProviderDefinition } from "../provider-definition.js";
import { publicUrlProblem, requirePublicUrl } from "../public-url.js";
import { KlingAdapter } from "./adapter.js";
import { klingElementPrice, klingPricing } from "./pricing.js";

export const KLING_DEFAULT_BASE_URL = "https://api-singapore.klingai.com";

export const kling: ProviderDefinition = {
  name: "kling",
  displayName: "Kling AI official API",
  paid: true,
  envVars: ["KLING_ACCESS_KEY", "KLING_SECRET_KEY"],
  pricing: klingPricing,
  elements: { price: klingElementPrice },
  defaultConcurrency: 4,
  // A motion-control task takes minutes; polling is free but there is no point in hurrying it.
  pollIntervals: () => ({ firstMs: 10_000, maxMs: 60_000 }),
  // Kling documents no indexing delay for external_task_id; a minute is a conservative guess.
  reconcileSettleMs: 60_000,
  outputLinkLifetimeSeconds: 30 * 24 * 3600,
  missingEnv: (env) => ["KLING_ACCESS_KEY", "KLING_SECRET_KEY"].filter((name) => !env[name]),
  inputProblem(ref, role, options) {
    // Kling takes an image as raw base64, but a video only by URL: a local one goes through the upload store.
    return role === "video" ? publicUrlProblem(ref, role, "kling", options) : undefined;
  },
  unsupported: (spec) => (spec.cfgScale !== undefined ? ["cfg_scale (Kling's API has no such parameter)"] : []),
  async connect({ env, clock, name, uploads }) {
    const missing = kling.missingEnv(env);
    if (missing.length > 0) throw new MotionbatchError("E_CONFIG", `kling: set ${missing.join(" and ")} in the environment`);
    const baseUrl = baseUrlFrom(env, "MOTIONBATCH_KLING_BASE_URL", KLING_DEFAULT_BASE_URL);
    const adapter = new KlingAdapter({
      baseUrl,
      accessKey: env.KLING_ACCESS_KEY as string,
      secretKey: env.KLING_SECRET_KEY as string,
      clock,
      timeoutMs: httpTimeoutMs(env),
      ...(name ? { provider: name } : {}),
    });
    return {
      adapter,
      async resolveInput(ref, role) {
        if (ref.kind === "remote" || role === "video") return requirePublicUrl(ref, role, "kling", uploads);
        return (await readFile(ref.path)).toString("base64");
      },
      close: async () => undefined,
    };
  },
};

export function baseUrlFrom(env: NodeJS.ProcessEnv, variable: string, fallback: string): string {
  const value = env[variable];
  if (!value) return fallback;
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http(s)");
    return value;
  } catch {
    throw new MotionbatchError("E_CONFIG", `${variable} must be an http(s) URL; got "${value}"`);
  }
}
