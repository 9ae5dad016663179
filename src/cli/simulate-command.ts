import { MotionbatchError } from "../errors.js";
import { SIM_DIALECTS } from "../simulator/dialects/sim-dialects.js";
import { type FaultRule, readFaultFile } from "../simulator/faults.js";
import { startSimulator } from "../simulator/server.js";
import { parseOptions } from "./options.js";

const USAGE = "motionbatch simulate [--port N] [--state FILE] [--task-ms N] [--concurrency N] [--files DIR] [--faults FILE] [--seed N]";

function count(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw new MotionbatchError("E_USAGE", `${flag} expects a whole number from 0 up; got "${text}"`);
  return value;
}

/** Runs the provider simulator standalone until Ctrl-C. */
export async function simulateCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(
    args,
    {
      port: { type: "string" },
      state: { type: "string" },
      "task-ms": { type: "string" },
      concurrency: { type: "string" },
      files: { type: "string" },
      faults: { type: "string" },
      seed: { type: "string" },
    },
    USAGE,
  );
  const port = count(values.port, "--port");
  const taskMs = count(values["task-ms"], "--task-ms");
  const concurrency = count(values.concurrency, "--concurrency");
  const seed = count(values.seed, "--seed");
  let faults: FaultRule[] | undefined;
  try {
    faults = values.faults ? readFaultFile(values.faults) : undefined;
  } catch (error) {
    throw new MotionbatchError("E_USAGE", (error as Error).message);
  }
  const simulator = await startSimulator({
    ...(port !== undefined ? { port } : {}),
    ...(taskMs !== undefined ? { taskMs } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(values.state ? { stateFile: values.state } : {}),
    ...(values.files ? { filesDir: values.files } : {}),
    ...(faults ? { faults } : {}),
    ...(seed !== undefined ? { seed } : {}),
  }).catch((error: unknown) => {
    throw new MotionbatchError("E_SIMULATOR", `the simulator could not start: ${(error as Error).message}`, { cause: error });
  });
  process.stdout.write(
    [
      `simulator listening on ${simulator.url}`,
      "  dialects (the environment that points each provider here):",
      ...SIM_DIALECTS.map(
        (d) =>
          `    ${d.name.padEnd(10)} ${Object.entries(d.env(`${simulator.url}/${d.name}`))
            .map(([name, value]) => `${name}=${value}`)
            .join(" ")}`,
      ),
      `  billing log:   ${simulator.url}/_sim/billing`,
      ...(values.files ? [`  files:         ${simulator.url}/files/ (from ${values.files})`] : []),
      "Ctrl-C to stop",
      "",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await simulator.close();
  return 0;
}
