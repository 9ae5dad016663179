import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../../src/clock.js";
import type { JobSpec } from "../../src/manifest/job-spec.js";
import type { MediaRef } from "../../src/media/media-ref.js";
import { KlingAdapter } from "../../src/providers/kling/adapter.js";
import { ProviderError } from "../../src/providers/provider-error.js";
import { SIM_FAIL_MARKER, SIM_KLING_ACCOUNT } from "../../src/simulator/dialects/kling.js";
import { type RunningSimulator, startSimulator } from "../../src/simulator/server.js";
import { ASSETS } from "../helpers/paths.js";

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function simulator(options: Parameters<typeof startSimulator>[0] = {}): Promise<RunningSimulator> {
  const sim = await startSimulator({ taskMs: 60, ...options });
  running.push(sim);
  return sim;
}

function adapter(sim: RunningSimulator, secretKey: string = SIM_KLING_ACCOUNT.secretKey): KlingAdapter {
  return new KlingAdapter({ baseUrl: `${sim.url}/kling`, accessKey: SIM_KLING_ACCOUNT.accessKey, secretKey, clock: systemClock });
}

const local = (path: string): MediaRef => ({ kind: "local", path, sha256: "0".repeat(64), bytes: 1 });
const spec = (overrides: Partial<JobSpec> = {}): JobSpec => ({
  provider: "kling",
  model: "kling-v3",
  mode: "std",
  orientation: "image",
  image: local(join(ASSETS, "characters", "ava.png")),
  video: local(join(ASSETS, "moves", "spin.mp4")),
  ...overrides,
});

async function request(sim: RunningSimulator, clientRef: string, overrides: Partial<JobSpec> = {}) {
  return {
    spec: spec(overrides),
    clientRef,
    imageUrl: await sim.registerMedia(join(ASSETS, "characters", "ava.png")),
    videoUrl: await sim.registerMedia(join(ASSETS, "moves", "spin.mp4")),
  };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i += 1) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("timed out");
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

describe("the Kling adapter against the simulator's Kling dialect", () => {
  it("sends Kling's documented body and reads submitted -> processing -> succeed with the video", async () => {
    const sim = await simulator();
    const kling = adapter(sim);
    const req = await request(sim, "ref-1", { keepSound: false, prompt: "dance" });
    expect(KlingAdapter.requestBody(req)).toEqual({
      model_name: "kling-v3",
      image_url: req.imageUrl,
      video_url: req.videoUrl,
      character_orientation: "image",
      mode: "std",
      prompt: "dance",
      keep_original_sound: "no",
      external_task_id: "ref-1",
    });
    const task = await kling.submit(req);
    expect(task.state.status).toBe("queued");
    expect(task.state.providerStatus).toBe("submitted");
    const done = await until(
      () => kling.get(task.taskId),
      (s) => s.status === "succeeded",
    );
    expect(done.providerStatus).toBe("succeed");
    expect(done.outputSeconds).toBe(4);
    expect(done.outputUrl).toMatch(/\/outputs\/.+\.mp4$/);
    const billing = sim.engine.billing();
    expect(billing).toHaveLength(1);
    expect(billing[0]?.usd).toBeCloseTo(4 * 0.126, 6);
  });

  it("finds a task by its client reference (external_task_id), and says when there is none", async () => {
    const sim = await simulator();
    const kling = adapter(sim);
    const task = await kling.submit(await request(sim, "ref-find"));
    expect((await kling.findByClientRef("ref-find"))?.taskId).toBe(task.taskId);
    expect(await kling.findByClientRef("ref-never-sent")).toBeUndefined();
  });

  it("a resubmission under the same client reference adopts the existing task instead of paying again", async () => {
    const sim = await simulator();
    const kling = adapter(sim);
    const first = await kling.submit(await request(sim, "ref-dup"));
    const second = await kling.submit(await request(sim, "ref-dup"));
    expect(second.taskId).toBe(first.taskId);
    expect(sim.engine.billing().filter((b) => b.kind === "charge")).toHaveLength(1);
  });

  it.each([
    ["a wrong secret key", { secret: "wrong" }, "auth", "1000"],
    ["a full account (concurrency)", { concurrency: 0 }, "concurrency_full", "1303"],
    ["no credits left", { creditsUsd: 0.01 }, "out_of_credits", "1102"],
  ] as const)("maps %s to its error kind and Kling code", async (_label, setup, kind, code) => {
    const sim = await simulator({
      ...("concurrency" in setup ? { concurrency: setup.concurrency } : {}),
      ...("creditsUsd" in setup ? { creditsUsd: setup.creditsUsd } : {}),
    });
    const kling = adapter(sim, "secret" in setup ? setup.secret : undefined);
    const error = await failure(kling.submit(await request(sim, `ref-${code}`)));
    expect(error.kind).toBe(kind);
    expect(error.providerCode).toBe(code);
    expect(error.message).not.toContain(SIM_KLING_ACCOUNT.secretKey);
    expect(sim.engine.billing()).toHaveLength(0);
  });

  it("refuses an invalid request the way Kling does (400, code 1201, naming the field)", async () => {
    const sim = await simulator();
    const req = await request(sim, "ref-missing-video");
    const error = await failure(adapter(sim).submit({ ...req, videoUrl: `${sim.url}/media/${"f".repeat(64)}/nothing.mp4` }));
    expect(error.kind).toBe("invalid_input");
    expect(error.httpStatus).toBe(400);
    expect(error.message).toContain("video_url");
  });

  it("reports a failed task with Kling's reason, refunded in the billing log", async () => {
    const sim = await simulator();
    const kling = adapter(sim);
    const task = await kling.submit(await request(sim, "ref-fail", { prompt: `please ${SIM_FAIL_MARKER}` }));
    const done = await until(
      () => kling.get(task.taskId),
      (s) => s.status === "failed",
    );
    expect(done.failure?.class).toBe("content-policy");
    expect(done.failure?.message).toMatch(/risk control/);
    const net = sim.engine.billing().reduce((sum, b) => sum + b.usd, 0);
    expect(net).toBeCloseTo(0, 9);
  });

  it("a duplicate refusal whose look-up fails is an unknown outcome, never a failed (maybe paid) job", async () => {
    const { createServer } = await import("node:http");
    // A provider that refuses the POST as a duplicate and then cannot answer the look-up.
    const server = createServer((req, res) => {
      const status = req.method === "POST" ? 400 : 502;
      const body =
        req.method === "POST" ? { code: 1201, message: "external_task_id already exists" } : { code: 5000, message: "bad gateway" };
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as { port: number };
      const kling = new KlingAdapter({ baseUrl: `http://127.0.0.1:${port}`, accessKey: "a", secretKey: "b", clock: systemClock });
      const error = await failure(
        kling.submit({ spec: spec(), clientRef: "ref-x", imageUrl: "http://x/a.png", videoUrl: "http://x/v.mp4" }),
      );
      expect(error.kind).toBe("server");
      expect(error.sent).toBe("maybe");
    } finally {
      server.close();
    }
  });

  it("a refused connection is a network error that was known not to be sent", async () => {
    const sim = await simulator();
    const url = sim.url;
    await sim.close();
    running.splice(0);
    const offline = new KlingAdapter({ baseUrl: `${url}/kling`, accessKey: "a", secretKey: "b", clock: systemClock });
    const refused = await failure(offline.get("123"));
    expect(refused.kind).toBe("network");
    expect(refused.sent).toBe("no");
  });
});
