import { MotionbatchError } from "../../errors.js";
import { SIM_KLING_ACCOUNT } from "../../simulator/dialects/kling.js";
import { startSimulator } from "../../simulator/server.js";
import { KlingAdapter } from "../kling/adapter.js";
import { klingElementPrice, klingPricing } from "../kling/pricing.js";
import type { ProviderDefinition } from "../provider-definition.js";

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new MotionbatchError("E_CONFIG", `${name} must be a number from 0 up; got "${raw}"`);
  return value;
}

/**
 * The built-in simulator, started in-process on a loopback port and spoken to through the real
 * Kling adapter. No keys, no network, no money: prices are Kling's, so plans and reports look real.
 * Its tasks and billing log live beside the ledger (`<ledger>.sim.jsonl`), so a resumed run finds
 * the tasks of the run before, as it would at a real provider.
 */
export const sim: ProviderDefinition = {
  name: "sim",
  displayName: "Built-in simulator (Kling dialect, no money)",
  paid: false,
  envVars: [],
  pricing: klingPricing,
  elements: { price: klingElementPrice },
  defaultConcurrency: 4,
  pollIntervals(env) {
    const taskMs = positiveNumber(env, "MOTIONBATCH_SIM_TASK_MS", 3000);
    return { firstMs: Math.max(10, Math.round(taskMs / 4)), maxMs: Math.max(20, Math.round(taskMs / 2)) };
  },
  // The simulator records a task before it answers the POST: "not found" is true at once.
  reconcileSettleMs: 0,
  missingEnv: () => [],
  inputProblem: () => undefined,
  unsupported: (spec) => (spec.cfgScale !== undefined ? ["cfg_scale (the simulator speaks Kling's API, which has no such parameter)"] : []),
  async connect({ env, clock, ledgerPath }) {
    let simulator: Awaited<ReturnType<typeof startSimulator>>;
    try {
      simulator = await startSimulator({
        clock,
        stateFile: `${ledgerPath}.sim.jsonl`,
        taskMs: positiveNumber(env, "MOTIONBATCH_SIM_TASK_MS", 3000),
        concurrency: positiveNumber(env, "MOTIONBATCH_SIM_CONCURRENCY", 4),
        creditsUsd: positiveNumber(env, "MOTIONBATCH_SIM_CREDITS_USD", Number.POSITIVE_INFINITY),
      });
    } catch (error) {
      throw new MotionbatchError("E_SIMULATOR", `the built-in simulator could not start: ${(error as Error).message}`, { cause: error });
    }
    const adapter = new KlingAdapter({
      provider: "sim",
      baseUrl: `${simulator.url}/kling`,
      accessKey: SIM_KLING_ACCOUNT.accessKey,
      secretKey: SIM_KLING_ACCOUNT.secretKey,
      clock,
    });
    return {
      adapter,
      resolveInput: async (ref) => (ref.kind === "remote" ? ref.url : simulator.registerMedia(ref.path)),
      close: () => simulator.close(),
    };
  },
};
