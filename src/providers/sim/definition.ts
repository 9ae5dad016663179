import { readFileSync, writeFileSync } from "node:fs";
import { MotionbatchError } from "../../errors.js";
import { SIM_DIALECTS, type SimDialect, simDialectNamed } from "../../simulator/dialects/sim-dialects.js";
import { type FaultRule, readFaultFile } from "../../simulator/faults.js";
import { startSimulator } from "../../simulator/server.js";
import { PAID_PROVIDERS } from "../paid-providers.js";
import type { PriceTable } from "../pricing.js";
import type { ProviderDefinition } from "../provider-definition.js";

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new MotionbatchError("E_CONFIG", `${name} must be a number from 0 up; got "${raw}"`);
  return value;
}

/**
 * Which dialect the simulator speaks (`MOTIONBATCH_SIM_DIALECT`, default `kling`), and the real
 * provider whose adapter talks to it.
 */
export function simDialectOf(env: NodeJS.ProcessEnv): { dialect: SimDialect; provider: ProviderDefinition } {
  const name = env.MOTIONBATCH_SIM_DIALECT || "kling";
  const dialect = simDialectNamed(name);
  const provider = PAID_PROVIDERS.find((p) => p.name === name);
  if (!dialect || !provider) {
    throw new MotionbatchError(
      "E_CONFIG",
      `MOTIONBATCH_SIM_DIALECT must be one of ${SIM_DIALECTS.map((d) => d.name).join(", ")}; got "${name}"`,
    );
  }
  return { dialect, provider };
}

/**
 * The built-in simulator, started in-process on a loopback port and spoken to through a real
 * adapter: Kling's by default, or the provider named by `MOTIONBATCH_SIM_DIALECT`. No keys, no
 * network, no money: prices, unsupported parameters and errors are that provider's, so plans and
 * reports look real. What a plan needs is read from the process environment (as the CLI has it);
 * `connect` reads the run's environment.
 * Its tasks and billing log live beside the ledger (`<ledger>.sim.jsonl`), so a resumed run finds
 * the tasks of the run before, as it would at a real provider.
 */
export const sim: ProviderDefinition = {
  name: "sim",
  get displayName(): string {
    return `Built-in simulator (${simDialectOf(process.env).dialect.name} dialect, no money)`;
  },
  paid: false,
  envVars: [],
  get pricing(): PriceTable {
    return simDialectOf(process.env).provider.pricing;
  },
  // Custom elements when the simulated provider has them (Kling's dialect does).
  get elements(): ProviderDefinition["elements"] {
    return simDialectOf(process.env).provider.elements;
  },
  defaultConcurrency: 4,
  pollIntervals(env) {
    const taskMs = positiveNumber(env, "MOTIONBATCH_SIM_TASK_MS", 3000);
    return { firstMs: Math.max(10, Math.round(taskMs / 4)), maxMs: Math.max(20, Math.round(taskMs / 2)) };
  },
  // The simulator records a task before it answers the POST: "not found" is true at once.
  reconcileSettleMs: 0,
  missingEnv: () => [],
  inputProblem: () => undefined,
  unsupported: (spec) => simDialectOf(process.env).provider.unsupported(spec),
  async connect({ env, clock, ledgerPath }) {
    const { dialect, provider } = simDialectOf(env);
    let faults: FaultRule[] | undefined;
    try {
      faults = env.MOTIONBATCH_SIM_FAULTS ? readFaultFile(env.MOTIONBATCH_SIM_FAULTS) : undefined;
    } catch (error) {
      throw new MotionbatchError("E_CONFIG", `MOTIONBATCH_SIM_FAULTS: ${(error as Error).message}`);
    }
    // The simulator comes back on the port it had before (when free), as a provider's host stays the
    // same: links and handles a killed run recorded (fal's status_url, output links) still work.
    const portFile = `${ledgerPath}.sim.port`;
    const previousPort = readPort(portFile);
    const start = (port: number) =>
      startSimulator({
        port,
        clock,
        stateFile: `${ledgerPath}.sim.jsonl`,
        taskMs: positiveNumber(env, "MOTIONBATCH_SIM_TASK_MS", 3000),
        concurrency: positiveNumber(env, "MOTIONBATCH_SIM_ACCOUNT_CONCURRENCY", 4),
        creditsUsd: positiveNumber(env, "MOTIONBATCH_SIM_CREDITS_USD", Number.POSITIVE_INFINITY),
        ...(faults ? { faults } : {}),
        seed: positiveNumber(env, "MOTIONBATCH_SIM_SEED", 1),
      });
    let simulator: Awaited<ReturnType<typeof startSimulator>>;
    try {
      simulator = await start(previousPort ?? 0).catch((error: unknown) => {
        if (previousPort !== undefined && (error as { code?: string }).code === "EADDRINUSE") return start(0);
        throw error;
      });
      writeFileSync(portFile, new URL(simulator.url).port);
    } catch (error) {
      throw new MotionbatchError("E_SIMULATOR", `the built-in simulator could not start: ${(error as Error).message}`, { cause: error });
    }
    let real: Awaited<ReturnType<ProviderDefinition["connect"]>>;
    try {
      // The run's settings (MOTIONBATCH_HTTP_TIMEOUT_MS...), with the provider's base URL and key
      // replaced by the simulator's: a real key in the environment is never sent to the simulator.
      const simEnv = { ...env, ...dialect.env(`${simulator.url}/${dialect.name}`) };
      real = await provider.connect({ env: simEnv, clock, ledgerPath, name: "sim" });
    } catch (error) {
      await simulator.close();
      throw error;
    }
    return {
      adapter: real.adapter,
      // Local inputs are served by the simulator, so any dialect can fetch them.
      resolveInput: async (ref) => (ref.kind === "remote" ? ref.url : simulator.registerMedia(ref.path)),
      close: async () => {
        await real.close();
        await simulator.close();
      },
    };
  },
};

function readPort(file: string): number | undefined {
  try {
    const port = Number(readFileSync(file, "utf8").trim());
    return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
  } catch {
    return undefined;
  }
}
