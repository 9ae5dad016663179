import { type ChildProcess, spawn } from "node:child_process";
import { BIN } from "./paths.js";

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (dist/) as a real child process. */
export function runCli(
  args: string[],
  options: {
    cwd: string;
    env?: NodeJS.ProcessEnv;
    killAfterMs?: number;
    /** Sends `killSignal` once the child's stderr so far satisfies this (e.g. a job was submitted). */
    killWhen?: (stderr: string) => boolean;
    killSignal?: NodeJS.Signals;
    timeoutMs?: number;
  },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, CI: "true", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    let signalled = false;
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (!signalled && options.killWhen?.(stderr)) {
        signalled = true;
        child.kill(options.killSignal ?? "SIGKILL");
      }
    });
    const killer =
      options.killAfterMs !== undefined ? setTimeout(() => child.kill(options.killSignal ?? "SIGKILL"), options.killAfterMs) : undefined;
    const guard = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 50_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (killer) clearTimeout(killer);
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Fast simulator settings for tests: tasks take `taskMs`, polls follow. */
export function fastSim(taskMs = 120): NodeJS.ProcessEnv {
  return { MOTIONBATCH_SIM_TASK_MS: String(taskMs) };
}
