import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/** Prism from the project's node_modules (a devDependency): nothing is downloaded at test time. */
export const PRISM_BIN = fileURLToPath(new URL("../../node_modules/@stoplight/prism-cli/dist/index.js", import.meta.url));
/** The published specs, copied into the repository (CI has only the repository). */
export const SPECS = {
  aimlapi: fileURLToPath(new URL("./specs/aimlapi-motion-control.merged.json", import.meta.url)),
  freepik: fileURLToPath(new URL("./specs/freepik-kling-v3-motion-control-pro.yaml", import.meta.url)),
} as const;

export interface PrismServer {
  url: string;
  /** Milliseconds from spawning Prism to "Prism is listening". */
  startupMs: number;
  /** What Prism printed so far (its validator explains every violation). */
  output(): string;
  stop(): Promise<void>;
}

/** One violation of the spec, as Prism reports it in its `sl-violations` header. */
export interface Violation {
  location: string[];
  code: string;
  message: string;
  severity: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `prism mock <spec>` on a free loopback port and waits until it listens. Rejects (so the
 * test fails, never skips) when Prism is missing, exits, or does not listen within `timeoutMs`.
 */
export async function startPrism(spec: string, timeoutMs = 60_000): Promise<PrismServer> {
  const port = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [PRISM_BIN, "mock", spec, "-p", String(port), "-h", "127.0.0.1"], {
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let onEarlyExit: (code: number | null, signal: NodeJS.Signals | null) => void = () => undefined;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not listen within ${timeoutMs} ms`), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Prism is listening/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    function fail(why: string) {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`Prism (${PRISM_BIN}) ${why} for ${spec}:\n${output.slice(-2000)}`));
    }
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", (error) => fail(`could not start: ${error.message}`));
    onEarlyExit = (code, signal) => fail(`exited (${code ?? signal}) before listening`);
    child.once("exit", onEarlyExit);
  });
  const startupMs = Math.round(performance.now() - started);
  child.off("exit", onEarlyExit);
  return {
    url: `http://127.0.0.1:${port}`,
    startupMs,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** The violations Prism found in a request (empty when the request passed validation). */
export function violationsOf(headers: Record<string, string | string[] | undefined>): Violation[] {
  const raw = headers["sl-violations"];
  const text = Array.isArray(raw) ? raw.join(",") : raw;
  return text ? (JSON.parse(text) as Violation[]) : [];
}
