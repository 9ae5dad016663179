import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { type Clock, systemClock } from "../clock.js";
import { hashFile } from "../media/hash-file.js";
import { probeFile } from "../media/probe.js";
import { probeRemote, statRemote } from "../media/probe-remote.js";
import type { Dialect, DialectContext, SimErrorKind } from "./dialect.js";
import { type KlingAccounts, klingDialect } from "./dialects/kling.js";
import { SIM_DIALECTS } from "./dialects/sim-dialects.js";
import { SimEngine } from "./engine.js";
import { FaultPlan, type FaultRule, seededRandom } from "./faults.js";
import { serveFile } from "./serve-file.js";
import { stableJson } from "./stable-json.js";

/** Pre-rendered output clips (assets/sim-clips/clip-<N>s.mp4), two levels up from src/ or dist/. */
export const DEFAULT_CLIPS_DIR = fileURLToPath(new URL("../../assets/sim-clips/", import.meta.url));
const CLIP_SECONDS = [3, 4, 5, 6, 7, 8, 9, 10];
/** How an output host answers a download that an `error` fault hits. */
const DOWNLOAD_ERROR_STATUS: Record<SimErrorKind, number> = {
  unauthorized: 401,
  invalid: 400,
  not_found: 404,
  rate_limited: 429,
  concurrency_full: 429,
  out_of_credits: 402,
  server: 500,
  unavailable: 503,
};

export interface SimulatorOptions {
  /** @default "127.0.0.1" */
  host?: string;
  /** @default 0 (any free port) */
  port?: number;
  clock?: Clock;
  /** JSONL file keeping tasks and billing across restarts. */
  stateFile?: string;
  /** Real milliseconds a task takes. @default 3000 */
  taskMs?: number;
  /** Running tasks per account. @default 4 */
  concurrency?: number;
  creditsUsd?: number;
  /** Folder served at /files/ (for manifests that name inputs by URL). */
  filesDir?: string;
  clipsDir?: string;
  /** Faults to inject (faults.ts). */
  faults?: readonly FaultRule[];
  /** Kling credentials the simulator accepts (access key -> secret key). @default the simulator's own pair */
  klingAccounts?: KlingAccounts;
  /** Seed of the random source that decides which requests a fault with a `rate` hits. @default 1 */
  seed?: number;
}

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  engine: SimEngine;
  /** The faults injected so far, by action. */
  faults: FaultPlan;
  /** Serves a local file at a URL the dialects can fetch; returns that URL. */
  registerMedia(path: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts the provider simulator: a real HTTP server on loopback speaking each provider's dialect. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const clock = options.clock ?? systemClock;
  const engine = new SimEngine({
    clock,
    ...(options.stateFile ? { stateFile: options.stateFile } : {}),
    ...(options.taskMs !== undefined ? { taskMs: options.taskMs } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.creditsUsd !== undefined ? { creditsUsd: options.creditsUsd } : {}),
  });
  const clipsDir = options.clipsDir ?? DEFAULT_CLIPS_DIR;
  const faults = new FaultPlan(options.faults ?? [], { random: seededRandom(options.seed ?? 1), startMs: clock.now() });
  const dialects: Dialect[] = SIM_DIALECTS.map((d) => (d.name === "kling" ? klingDialect(options.klingAccounts) : d.dialect()));
  const media = new Map<string, string>(); // sha256 -> path
  const seconds = new Map<string, Promise<number | undefined>>(); // path or URL -> seconds
  let baseUrl = "";

  const context: DialectContext = {
    engine,
    outputUrl: (taskId) => `${baseUrl}/outputs/${encodeURIComponent(taskId)}.mp4`,
    fingerprint(work) {
      // Keys sorted at every level: a replacer list of top-level keys would drop nested ones
      // (Replicate's `input`, Vidgo's `input`, EvoLink's `model_params`) and make different work look the same.
      const portable = stableJson(work).replaceAll(baseUrl, "");
      return createHash("sha256").update(portable).digest("hex");
    },
    mediaSeconds(url) {
      const local = localPathOf(url);
      const key = local ?? url;
      let known = seconds.get(key);
      if (!known) {
        known = (local ? probeFile(local) : statRemote(url).then(async (stat) => (await probeRemote(url, stat)).facts)).then(
          (facts) => facts.durationSeconds,
          () => undefined,
        );
        seconds.set(key, known);
      }
      return known;
    },
  };

  function localPathOf(url: string): string | undefined {
    if (!url.startsWith(`${baseUrl}/`)) return undefined;
    const path = new URL(url).pathname;
    const mediaMatch = /^\/media\/([0-9a-f]{64})\//.exec(path);
    if (mediaMatch) return media.get(mediaMatch[1] as string);
    if (path.startsWith("/files/")) return filesPath(decodeURIComponent(path.slice("/files/".length)));
    return undefined;
  }

  function filesPath(relative: string): string | undefined {
    if (!options.filesDir) return undefined;
    const root = resolve(options.filesDir);
    const path = resolve(root, relative);
    return path.startsWith(root + sep) ? path : undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sim");
    const path = url.pathname;
    if ((req.method === "GET" || req.method === "HEAD") && path.startsWith("/media/")) {
      const match = /^\/media\/([0-9a-f]{64})\//.exec(path);
      const file = match ? media.get(match[1] as string) : undefined;
      return file ? serveFile(req, res, file) : void res.writeHead(404).end();
    }
    if ((req.method === "GET" || req.method === "HEAD") && path.startsWith("/files/")) {
      const file = filesPath(decodeURIComponent(path.slice("/files/".length)));
      return file ? serveFile(req, res, file) : void res.writeHead(404).end();
    }
    if ((req.method === "GET" || req.method === "HEAD") && path.startsWith("/outputs/")) {
      const taskId = decodeURIComponent(basename(path, ".mp4"));
      const found = engine.taskById(taskId);
      if (!found || engine.phaseOf(found) !== "succeeded") return void res.writeHead(404).end();
      const fault = faults.pick("download", found.dialect, clock.now());
      if (fault?.action === "error") {
        return void res.writeHead(DOWNLOAD_ERROR_STATUS[fault.kind ?? "server"], { "content-type": "text/plain" }).end("simulated fault");
      }
      if (fault?.action === "expire_link") {
        return void res
          .writeHead(403, { "content-type": "application/xml" })
          .end("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>");
      }
      if (
        fault?.action === "reset_before_handling" ||
        fault?.action === "reset_after_handling" ||
        fault?.action === "hang_after_handling"
      ) {
        return void req.socket.destroy();
      }
      const clip = CLIP_SECONDS.reduce((best, s) => (Math.abs(s - found.outputSeconds) < Math.abs(best - found.outputSeconds) ? s : best));
      return serveFile(req, res, resolve(clipsDir, `clip-${clip}s.mp4`), {
        ...(fault?.action === "ignore_range" ? { ignoreRange: true } : {}),
        ...(fault?.action === "truncate" ? { truncateAt: 0.5 } : {}),
      });
    }
    if (req.method === "GET" && path === "/_sim/billing") return sendJson(res, 200, engine.billing());
    for (const dialect of dialects) {
      const prefix = `/${dialect.name}`;
      if (path === prefix || path.startsWith(`${prefix}/`)) {
        const text = await readBody(req);
        let body: unknown;
        let invalidJson = false;
        if (text !== "") {
          try {
            body = JSON.parse(text);
          } catch {
            invalidJson = true;
          }
        }
        const request = {
          method: req.method ?? "GET",
          path: path.slice(prefix.length) || "/",
          query: url.searchParams,
          headers: req.headers,
          body,
          invalidJson,
          text,
        };
        const fault = faults.pick(dialect.kindOf(request), dialect.name, clock.now());
        if (fault?.action === "error") {
          const kind = fault.kind ?? "server";
          const answer = dialect.error(kind, `simulated ${kind.replaceAll("_", " ")}`);
          const retryAfter: Record<string, string> =
            fault.retryAfterSeconds !== undefined ? { "retry-after": String(fault.retryAfterSeconds) } : {};
          return sendJson(res, answer.status, answer.body, { ...answer.headers, ...retryAfter });
        }
        if (fault?.action === "reset_before_handling") return void req.socket.destroy();
        const answer = await dialect.handle(request, context);
        if (fault?.action === "reset_after_handling") return void req.socket.destroy();
        if (fault?.action === "hang_after_handling") {
          // Real time, not the injected clock: the client's timeout is real.
          await new Promise((wait) => setTimeout(wait, fault.holdMs ?? 60_000).unref());
          return void req.socket.destroy();
        }
        return sendJson(res, answer.status, answer.body, answer.headers, answer.text);
      }
    }
    sendJson(res, 404, { message: `no route for ${req.method} ${path}` });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: `simulator error: ${(error as Error).message}` });
      else res.destroy();
    });
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolvePromise());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  baseUrl = `http://${host}:${address.port}`;

  return {
    url: baseUrl,
    engine,
    faults,
    async registerMedia(path) {
      const absolute = resolve(path);
      if (!existsSync(absolute)) throw new Error(`no such file: ${absolute}`);
      const { sha256 } = await hashFile(absolute);
      media.set(sha256, absolute);
      return `${baseUrl}/media/${sha256}/${encodeURIComponent(basename(absolute))}`;
    },
    close: () =>
      new Promise<void>((resolvePromise) => {
        server.closeAllConnections();
        server.close(() => {
          engine.close();
          resolvePromise();
        });
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolvePromise(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Sends a JSON answer: `written` when the dialect wrote the JSON itself, else `body` stringified. */
function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, written?: string): void {
  const text = written ?? JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers }).end(text);
}
