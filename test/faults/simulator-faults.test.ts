import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { request as httpRequest } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../../src/clock.js";
import type { SubmitRequest } from "../../src/providers/contract.js";
import { KlingAdapter } from "../../src/providers/kling/adapter.js";
import { ProviderError } from "../../src/providers/provider-error.js";
import { SIM_KLING_ACCOUNT } from "../../src/simulator/dialects/kling.js";
import { FaultPlan, type FaultRule, readFaultFile, seededRandom } from "../../src/simulator/faults.js";
import { type RunningSimulator, startSimulator } from "../../src/simulator/server.js";
import { ASSETS, tempDir } from "../helpers/paths.js";

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function simulator(faults: FaultRule[]): Promise<{ sim: RunningSimulator; kling: KlingAdapter }> {
  const sim = await startSimulator({ taskMs: 40, faults });
  running.push(sim);
  const kling = new KlingAdapter({
    baseUrl: `${sim.url}/kling`,
    accessKey: SIM_KLING_ACCOUNT.accessKey,
    secretKey: SIM_KLING_ACCOUNT.secretKey,
    clock: systemClock,
    timeoutMs: 500,
  });
  return { sim, kling };
}

async function submitRequest(sim: RunningSimulator, clientRef: string): Promise<SubmitRequest> {
  const image = join(ASSETS, "characters", "ava.png");
  const video = join(ASSETS, "moves", "wave.mp4");
  return {
    spec: { provider: "kling", model: "kling-v3", mode: "std", orientation: "image", image: local(image), video: local(video) },
    clientRef,
    imageUrl: await sim.registerMedia(image),
    videoUrl: await sim.registerMedia(video),
  };
}
const local = (path: string) => ({ kind: "local" as const, path, sha256: "0".repeat(64), bytes: 1 });

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

async function succeededOutput(kling: KlingAdapter, taskId: string): Promise<string> {
  for (let i = 0; i < 200; i += 1) {
    const state = await kling.get(taskId);
    if (state.status === "succeeded" && state.outputUrl) return state.outputUrl;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("the task did not succeed");
}

describe("simulator faults", () => {
  it("answers an `error` fault in the dialect's words, with Retry-After, and bills nothing", async () => {
    const { sim, kling } = await simulator([{ on: "create", action: "error", kind: "rate_limited", retryAfterSeconds: 2, count: 1 }]);
    const error = await rejection(kling.submit(await submitRequest(sim, "a")));
    expect(error).toMatchObject({ kind: "rate_limited", httpStatus: 429, providerCode: "1302", retryAfterMs: 2000 });
    expect(sim.engine.billing()).toHaveLength(0);
    // count: 1 — the next create goes through.
    await kling.submit(await submitRequest(sim, "b"));
    expect(sim.engine.billing()).toHaveLength(1);
    expect(sim.faults.applied.get("error")).toBe(1);
  });

  it("reset_after_handling bills the task and loses the answer; the task can be found by its client reference", async () => {
    const { sim, kling } = await simulator([{ on: "create", action: "reset_after_handling", count: 1 }]);
    const error = await rejection(kling.submit(await submitRequest(sim, "lost-1")));
    expect(error).toMatchObject({ kind: "network", sent: "maybe" });
    expect(sim.engine.billing().filter((b) => b.kind === "charge")).toHaveLength(1);
    const found = await kling.findByClientRef("lost-1");
    expect(found?.taskId).toBe(sim.engine.billing()[0]?.taskId);
  });

  it("reset_before_handling loses the request: nothing billed, and the client cannot tell", async () => {
    const { sim, kling } = await simulator([{ on: "create", action: "reset_before_handling", count: 1 }]);
    const error = await rejection(kling.submit(await submitRequest(sim, "never")));
    expect(error).toMatchObject({ kind: "network", sent: "maybe" });
    expect(sim.engine.billing()).toHaveLength(0);
    expect(await kling.findByClientRef("never")).toBeUndefined();
  });

  it("hang_after_handling bills the task and the client times out", async () => {
    const { sim, kling } = await simulator([{ on: "create", action: "hang_after_handling", holdMs: 3000 }]);
    const error = await rejection(kling.submit(await submitRequest(sim, "slow")));
    expect(error).toMatchObject({ kind: "network", sent: "maybe" });
    expect(sim.engine.billing()).toHaveLength(1);
  });

  it("aims at one kind of request: a 503 on gets leaves creates alone", async () => {
    const { sim, kling } = await simulator([{ on: "get", action: "error", kind: "unavailable", count: 2 }]);
    const task = await kling.submit(await submitRequest(sim, "g"));
    expect(await rejection(kling.get(task.taskId))).toMatchObject({ kind: "server", httpStatus: 503 });
    expect(await rejection(kling.get(task.taskId))).toMatchObject({ kind: "server", httpStatus: 503 });
    expect((await kling.get(task.taskId)).providerStatus).toBeDefined();
  });

  it("download faults: truncate cuts the body, ignore_range answers 200, expire_link answers 403, If-Range is honoured", async () => {
    const { sim, kling } = await simulator([
      { on: "download", action: "truncate", count: 1 },
      { on: "download", action: "ignore_range", count: 1 },
      { on: "download", action: "expire_link", count: 1 },
    ]);
    const task = await kling.submit(await submitRequest(sim, "d"));
    const url = await succeededOutput(kling, task.taskId);

    const full = await httpRequest(url);
    const promised = Number(full.headers["content-length"]);
    const received = await full.body.arrayBuffer().then(
      (b) => b.byteLength,
      () => -1,
    );
    expect(received).not.toBe(promised); // cut short (or errored mid-body)

    const ignored = await httpRequest(url, { headers: { range: "bytes=10-" } });
    await ignored.body.dump();
    expect(ignored.statusCode).toBe(200);

    const expired = await httpRequest(url);
    await expired.body.dump();
    expect(expired.statusCode).toBe(403);

    const head = await httpRequest(url, { method: "HEAD" });
    await head.body.dump();
    const etag = String(head.headers.etag);
    const partial = await httpRequest(url, { headers: { range: "bytes=10-", "if-range": etag } });
    await partial.body.dump();
    expect(partial.statusCode).toBe(206);
    const stale = await httpRequest(url, { headers: { range: "bytes=10-", "if-range": '"another-version"' } });
    await stale.body.dump();
    expect(stale.statusCode).toBe(200);
  });
});

describe("fault plans", () => {
  it("skip, count and rate pick requests deterministically from the seed", () => {
    const pickAll = (seed: number) => {
      const plan = new FaultPlan([{ on: "create", action: "reset_after_handling", rate: 0.3, skip: 2, count: 5 }], {
        random: seededRandom(seed),
        startMs: 0,
      });
      return Array.from({ length: 60 }, () => plan.pick("create", "kling", 0) !== undefined);
    };
    const hits = pickAll(7);
    expect(hits.slice(0, 2)).toEqual([false, false]);
    expect(hits.filter(Boolean)).toHaveLength(5);
    expect(pickAll(7)).toEqual(hits);
    expect(pickAll(8)).not.toEqual(hits);
  });

  it("windows by time since start, and by dialect", () => {
    const plan = new FaultPlan([{ on: "get", dialect: "fal", action: "error", kind: "unavailable", fromMs: 100, untilMs: 200 }], {
      random: () => 0,
      startMs: 1000,
    });
    expect(plan.pick("get", "fal", 1050)).toBeUndefined();
    expect(plan.pick("get", "kling", 1150)).toBeUndefined();
    expect(plan.pick("get", "fal", 1150)).toBeDefined();
    expect(plan.pick("get", "fal", 1200)).toBeUndefined();
  });

  it("a bad fault file is refused with the file and the field", () => {
    const dir = tempDir();
    const file = join(dir, "faults.yaml");
    writeFileSync(file, "- on: create\n  action: error\n");
    expect(() => readFaultFile(file)).toThrow(`${file}: 0.kind: an \`error\` fault needs a \`kind\``);
    writeFileSync(file, "faults:\n  - on: create\n    action: truncate\n");
    expect(() => readFaultFile(file)).toThrow(/faults\.0\.action: truncate, ignore_range and expire_link apply to downloads only/);
    writeFileSync(file, "- on: create\n  action: error\n  kind: rate_limited\n  retryAfterSeconds: 1\n");
    expect(readFaultFile(file)).toEqual([{ on: "create", action: "error", kind: "rate_limited", retryAfterSeconds: 1 }]);
  });
});
