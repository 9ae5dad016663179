/**
 * One conformance suite, every adapter against its simulator dialect over real HTTP. The
 * adapter-level tests connect each real provider definition to a standalone simulator through
 * `MOTIONBATCH_<PROVIDER>_BASE_URL` and the dialect's key; the runner-level tests run small batches
 * on the built-in `sim` provider speaking that dialect (`MOTIONBATCH_SIM_DIALECT`), with the
 * simulator's billing log as the ground truth.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { request as httpRequest } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../src/clock.js";
import { EXIT } from "../../src/errors.js";
import { openLedger } from "../../src/ledger/open-ledger.js";
import { allJobs } from "../../src/ledger/queries.js";
import type { Model } from "../../src/manifest/columns.js";
import type { JobSpec } from "../../src/manifest/job-spec.js";
import { ManifestError } from "../../src/manifest/problem.js";
import { makePlan } from "../../src/plan/make-plan.js";
import { aimlapiApi, aimlapiRequest } from "../../src/providers/aimlapi/api.js";
import type { Adapter, SubmitRequest, TaskState } from "../../src/providers/contract.js";
import { evolinkApi, evolinkRequest } from "../../src/providers/evolink/api.js";
import { falApi, falRequest } from "../../src/providers/fal/api.js";
import { freepikApi, freepikRequest } from "../../src/providers/freepik/api.js";
import { httpJson } from "../../src/providers/http.js";
import { KlingAdapter } from "../../src/providers/kling/adapter.js";
import { klingJwt } from "../../src/providers/kling/auth.js";
import { priceOf } from "../../src/providers/pricing.js";
import { ProviderError } from "../../src/providers/provider-error.js";
import { reapiApi, reapiRequest } from "../../src/providers/reapi/api.js";
import { providerNamed } from "../../src/providers/registry.js";
import { replicateApi, replicateRequest } from "../../src/providers/replicate/api.js";
import { providerErrorOf } from "../../src/providers/task-api/error-table.js";
import type { TaskApi } from "../../src/providers/task-api/task-api.js";
import { valueAt } from "../../src/providers/task-api/value-at.js";
import { unifiedApi, unifiedRequest } from "../../src/providers/unified/api.js";
import { vidgoApi, vidgoRequest } from "../../src/providers/vidgo/api.js";
import { writeReports } from "../../src/report/write-reports.js";
import { classifySubmitFailure } from "../../src/runner/retry-policy.js";
import { runBatch } from "../../src/runner/run-batch.js";
import { SIM_FAIL_MARKER } from "../../src/simulator/dialects/create-task.js";
import { SIM_KLING_ACCOUNT } from "../../src/simulator/dialects/kling.js";
import { simDialectNamed } from "../../src/simulator/dialects/sim-dialects.js";
import type { FaultRule } from "../../src/simulator/faults.js";
import { type RunningSimulator, startSimulator } from "../../src/simulator/server.js";
import { doubleCharged, readSimBilling } from "../helpers/billing.js";
import { fastSim } from "../helpers/cli.js";
import { ASSETS, tempDir } from "../helpers/paths.js";

interface Case {
  provider: string;
  /** A model the provider sells (Vidgo sells Kling 2.6 only). */
  model: Model;
  /** The reason a [sim:fail] task gives, as the report shows it. */
  failure: RegExp;
  /** What the halt says when the account is out of credits. */
  outOfCredits: RegExp;
  /** Whether a lost POST can be found again (by client reference or list). */
  reconciles: "client-ref" | "list" | "no";
  /** The failure class the report gives a [sim:fail] task. */
  failureClass?: "content-policy" | "provider";
}

const CASES: readonly Case[] = [
  {
    provider: "kling",
    model: "kling-v3",
    failure: /risk control/,
    outOfCredits: /code 1102.*Resource pack depleted/,
    reconciles: "client-ref",
  },
  {
    provider: "freepik",
    model: "kling-v3",
    failure: /ended FAILED without a reason/,
    outOfCredits: /HTTP 402: insufficient credits/,
    reconciles: "no",
    failureClass: "provider",
  },
  {
    provider: "fal",
    model: "kling-v3",
    failure: /flagged by a content checker/,
    outOfCredits: /HTTP 403.*Exhausted balance/,
    reconciles: "no",
  },
  {
    provider: "replicate",
    model: "kling-v3",
    failure: /flagged as sensitive/,
    outOfCredits: /HTTP 402: insufficient credits/,
    reconciles: "no",
  },
  {
    provider: "evolink",
    model: "kling-v3",
    failure: /content_policy_violation: Content policy violation/,
    outOfCredits: /HTTP 402 \(insufficient_quota_error\)/,
    reconciles: "no",
  },
  {
    provider: "vidgo",
    model: "kling-v2.6",
    failure: /violates the usage policy/,
    outOfCredits: /HTTP 402 \(402\): insufficient credits/,
    reconciles: "no",
  },
  {
    provider: "aimlapi",
    model: "kling-v3",
    failure: /ModerationError: .*content moderation/,
    outOfCredits: /HTTP 403: You've run out of credits/,
    reconciles: "no",
  },
  {
    provider: "reapi",
    model: "kling-v3",
    failure: /content policy violation/,
    outOfCredits: /HTTP 402 \(insufficient_quota_error\)/,
    reconciles: "no",
  },
  {
    provider: "unified",
    model: "kling-v3",
    failure: /content_policy_violation: Your request was blocked/,
    outOfCredits: /HTTP 402 \(insufficient_quota_error\)/,
    reconciles: "no",
  },
];

/** Each adapter's exported request builder (the Prism contract tests call them too). */
const BUILDERS: Record<string, (request: SubmitRequest) => { body: Record<string, unknown> }> = {
  kling: (request) => ({ body: KlingAdapter.requestBody(request) }),
  freepik: freepikRequest,
  fal: falRequest,
  replicate: replicateRequest,
  evolink: evolinkRequest,
  vidgo: vidgoRequest,
  aimlapi: aimlapiRequest,
  reapi: reapiRequest,
  unified: unifiedRequest,
};

const IMAGE = join(ASSETS, "characters", "ava.png");
const VIDEO = join(ASSETS, "moves", "wave.mp4");
const local = (path: string) => ({ kind: "local" as const, path, sha256: "0".repeat(64), bytes: 1 });

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function simulator(faults: FaultRule[] = []): Promise<RunningSimulator> {
  const sim = await startSimulator({ taskMs: 60, faults });
  running.push(sim);
  return sim;
}

/** The real provider definition, connected to the simulator as a user would: base URL and key in the environment. */
async function connect(sim: RunningSimulator, provider: string): Promise<Adapter> {
  const dialect = simDialectNamed(provider);
  if (!dialect) throw new Error(`no dialect ${provider}`);
  const env = dialect.env(`${sim.url}/${provider}`);
  const definition = providerNamed(provider);
  expect(definition.missingEnv(env)).toEqual([]);
  const session = await definition.connect({ env, clock: systemClock, ledgerPath: "unused" });
  return session.adapter;
}

async function submitRequest(sim: RunningSimulator, c: Case, clientRef: string, overrides: Partial<JobSpec> = {}): Promise<SubmitRequest> {
  return {
    spec: {
      provider: c.provider,
      model: c.model,
      mode: "std",
      orientation: "image",
      image: local(IMAGE),
      video: local(VIDEO),
      ...overrides,
    },
    clientRef,
    imageUrl: await sim.registerMedia(IMAGE),
    videoUrl: await sim.registerMedia(VIDEO),
  };
}

async function until(adapter: Adapter, taskId: string, handle: string | undefined, done: (s: TaskState) => boolean): Promise<TaskState> {
  for (let i = 0; i < 300; i += 1) {
    const state = await adapter.get(taskId, handle);
    if (done(state)) return state;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("the task did not end");
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

describe.each(CASES)("the $provider adapter against its dialect", (c) => {
  it("submits, polls to success, and downloads a playable MP4, billed once at the provider's price", async () => {
    const sim = await simulator();
    const adapter = await connect(sim, c.provider);
    const request = await submitRequest(sim, c, "ref-ok", { prompt: "dance" });
    const task = await adapter.submit(request);
    expect(task.state.status).toBe("queued");
    const done = await until(adapter, task.taskId, task.handle, (s) => s.status === "succeeded");
    expect(done.outputUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/outputs\/.+\.mp4$/);

    const download = await httpRequest(done.outputUrl as string);
    const bytes = Buffer.from(await download.body.arrayBuffer());
    expect(download.statusCode).toBe(200);
    expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");

    const billing = sim.engine.billing();
    expect(billing).toHaveLength(1);
    expect(billing[0]?.dialect).toBe(c.provider);
    const price = priceOf(providerNamed(c.provider).pricing, c.model, "std", 3);
    expect(billing[0]?.usd).toBeCloseTo(price?.usd ?? Number.NaN, 6);
  });

  it("sends the body its exported request builder makes, and the dialect reads it as asked", async () => {
    const sim = await simulator();
    const adapter = await connect(sim, c.provider);
    const request = await submitRequest(sim, c, "ref-body", { orientation: "video", mode: "pro", prompt: "wave hello" });
    await adapter.submit(request);
    const asked = sim.engine.taskById(sim.engine.billing()[0]?.taskId as string)?.request;
    expect(asked).toMatchObject({ model: c.model, mode: "pro", orientation: "video" });
    const builder = BUILDERS[c.provider];
    expect(builder).toBeDefined();
    expect(asked?.body).toEqual(builder?.(request).body);
  });

  it("maps a refused input to invalid_input naming the field, and a wrong key to auth, never echoing the key", async () => {
    const sim = await simulator();
    const adapter = await connect(sim, c.provider);
    const request = await submitRequest(sim, c, "ref-bad");
    const invalid = await rejection(adapter.submit({ ...request, videoUrl: `${sim.url}/media/${"f".repeat(64)}/missing.mp4` }));
    expect(invalid.kind).toBe("invalid_input");
    expect(classifySubmitFailure(invalid)).toBe("fail_job");
    expect(invalid.message).toContain("video_url");

    const dialect = simDialectNamed(c.provider);
    const env = Object.fromEntries(
      Object.entries(dialect?.env(`${sim.url}/${c.provider}`) ?? {}).map(([k, v]) => [k, k.includes("BASE_URL") ? v : `${v}-wrong`]),
    );
    const wrong = (await providerNamed(c.provider).connect({ env, clock: systemClock, ledgerPath: "unused" })).adapter;
    const auth = await rejection(wrong.submit(request));
    expect(auth.kind).toBe("auth");
    expect(classifySubmitFailure(auth)).toBe("halt_provider");
    for (const value of Object.values(env)) if (!value.startsWith("http")) expect(auth.message).not.toContain(value);
    expect(sim.engine.billing()).toHaveLength(0);
  });

  it("answers 429 with Retry-After in the provider's words: the adapter slows down, nothing is billed", async () => {
    const sim = await simulator([
      { on: "create", dialect: c.provider, action: "error", kind: "rate_limited", retryAfterSeconds: 2, count: 1 },
    ]);
    const adapter = await connect(sim, c.provider);
    const request = await submitRequest(sim, c, "ref-429");
    const limited = await rejection(adapter.submit(request));
    expect(limited.kind).toBe("rate_limited");
    expect(limited.httpStatus).toBe(429);
    expect(limited.retryAfterMs).toBe(2000);
    expect(classifySubmitFailure(limited)).toBe("slow_down");
    expect(sim.engine.billing()).toHaveLength(0);
    await adapter.submit(request);
    expect(sim.engine.billing()).toHaveLength(1);
  });

  it("tells a full account (concurrency) and an empty one (credits) apart, by the provider's words, not its status alone", async () => {
    const full = await startSimulator({ taskMs: 60, concurrency: 0 });
    running.push(full);
    const concurrency = await rejection((await connect(full, c.provider)).submit(await submitRequest(full, c, "ref-full")));
    expect(concurrency.kind).toBe("concurrency_full");
    expect(classifySubmitFailure(concurrency)).toBe("slow_down");

    const poor = await startSimulator({ taskMs: 60, creditsUsd: 0.01 });
    running.push(poor);
    const credits = await rejection((await connect(poor, c.provider)).submit(await submitRequest(poor, c, "ref-poor")));
    expect(credits.kind).toBe("out_of_credits");
    expect(classifySubmitFailure(credits)).toBe("halt_provider");
    expect(credits.message).toMatch(c.outOfCredits);
  });

  it(`a POST whose answer is lost ${c.reconciles === "no" ? "cannot be found again: there is no way to ask" : "is found again, exactly once"}`, async () => {
    const sim = await simulator([{ on: "create", dialect: c.provider, action: "reset_after_handling", skip: 1, count: 1 }]);
    const adapter = await connect(sim, c.provider);
    // Another task first, so a look-up has something to tell apart.
    const other = await adapter.submit(await submitRequest(sim, c, "ref-other", { mode: "pro" }));
    const request = await submitRequest(sim, c, "ref-lost");
    const fromMs = Date.now();
    const lost = await rejection(adapter.submit(request));
    expect(lost.kind).toBe("network");
    expect(classifySubmitFailure(lost)).toBe("unknown");
    const charged = sim.engine.billing().filter((b) => b.kind === "charge");
    expect(charged).toHaveLength(2);
    const lostTaskId = charged[1]?.taskId as string;

    if (c.reconciles === "no") {
      expect(adapter.findByClientRef).toBeUndefined();
      expect(adapter.findByRequest).toBeUndefined();
      return;
    }
    const window = { fromMs: fromMs - 1000, toMs: Date.now() + 1000 };
    const found = await adapter.findByRequest?.(request, window);
    expect(found).toHaveLength(1);
    const candidate = found?.[0];
    expect(candidate?.taskId).not.toBe(other.taskId);
    // The candidate is the task that was billed, and it can be followed to its output.
    const done = await until(adapter, candidate?.taskId as string, candidate?.handle, (s) => s.status === "succeeded");
    expect(done.outputUrl).toContain(encodeURIComponent(lostTaskId));
    if (c.reconciles === "client-ref") expect((await adapter.findByClientRef?.("ref-lost"))?.taskId).toBe(candidate?.taskId);
    // Outside the window, nothing (for a list that shows creation times).
    if (c.reconciles === "client-ref") expect(await adapter.findByRequest?.(request, { fromMs: 0, toMs: fromMs - 60_000 })).toEqual([]);
  });
});

/** A small campaign on the built-in simulator speaking `c`'s dialect. */
function campaign(dir: string, c: Case, jobs: { name: string; image?: string; prompt?: string }[]): string {
  const file = join(dir, `${c.provider}.yaml`);
  writeFileSync(
    file,
    [
      `campaign: conformance-${c.provider}`,
      `defaults: { provider: sim, orientation: image, mode: std, model: ${c.model} }`,
      "jobs:",
      ...jobs.map(
        (j) =>
          `  - { name: ${j.name}, image: ${join(ASSETS, "characters", j.image ?? "ava.png")}, video: ${VIDEO}${j.prompt ? `, prompt: "${j.prompt}"` : ""} }`,
      ),
    ].join("\n"),
  );
  return file;
}

function faultFile(dir: string, rules: FaultRule[]): string {
  const file = join(dir, "faults.json");
  writeFileSync(file, JSON.stringify(rules));
  return file;
}

function ledgerJobs(ledgerPath: string) {
  const ledger = openLedger(ledgerPath, { mustExist: true });
  try {
    return allJobs(ledger);
  } finally {
    ledger.close();
  }
}

describe.each(CASES)("the runner on the $provider dialect", (c) => {
  // A plan reads the simulator's dialect from the process environment, as the CLI does.
  const before = process.env.MOTIONBATCH_SIM_DIALECT;
  beforeAll(() => {
    process.env.MOTIONBATCH_SIM_DIALECT = c.provider;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.MOTIONBATCH_SIM_DIALECT;
    else process.env.MOTIONBATCH_SIM_DIALECT = before;
  });
  const env = (extra: NodeJS.ProcessEnv = {}) => ({ ...fastSim(), MOTIONBATCH_SIM_DIALECT: c.provider, ...extra });

  it("ends a failed task failed, with the provider's reason in the report (exit 3)", async () => {
    const dir = tempDir();
    const manifest = campaign(dir, c, [{ name: "ok" }, { name: "bad", image: "ben.png", prompt: `please ${SIM_FAIL_MARKER}` }]);
    const ledgerPath = join(dir, "l.sqlite");
    const result = await runBatch(await makePlan([manifest]), { ledgerPath, outDir: join(dir, "out"), env: env() });
    expect(result.exitCode).toBe(EXIT.someFailed);
    expect(result.counts).toEqual({ downloaded: 1, failed: 1 });
    const ledger = openLedger(ledgerPath, { mustExist: true });
    const { report } = await writeReports(ledger, join(dir, "out"));
    ledger.close();
    const failed = report.jobs.find((j) => j.status === "failed");
    expect(failed?.name).toBe("bad");
    expect(failed?.error).toMatch(c.failure);
    expect(failed?.failure_class).toBe(c.failureClass ?? "content-policy");
    expect(report.summary.billed_usd).toBeGreaterThan(0);
  });

  it("slows down on 429 with Retry-After and finishes without failing or paying twice", async () => {
    const dir = tempDir();
    const manifest = campaign(dir, c, [{ name: "one" }]);
    const ledgerPath = join(dir, "l.sqlite");
    const faults = faultFile(dir, [
      { on: "create", dialect: c.provider, action: "error", kind: "rate_limited", retryAfterSeconds: 1, count: 1 },
    ]);
    const details: string[] = [];
    const result = await runBatch(await makePlan([manifest]), {
      ledgerPath,
      outDir: join(dir, "out"),
      env: env({ MOTIONBATCH_SIM_FAULTS: faults }),
      onEvent: (e) => {
        if (e.type === "job" && e.detail) details.push(e.detail);
      },
    });
    expect(result.exitCode).toBe(EXIT.ok);
    expect(details.filter((d) => d.startsWith("slowing down"))).toHaveLength(1);
    const billing = readSimBilling(ledgerPath);
    expect(billing.filter((b) => b.kind === "charge")).toHaveLength(1);
  });

  it("halts the provider when it is out of credits: exit 4, a clear message, every paid output kept", async () => {
    const dir = tempDir();
    const manifest = campaign(dir, c, [{ name: "a" }, { name: "b", image: "ben.png" }, { name: "c", prompt: "third" }]);
    const ledgerPath = join(dir, "l.sqlite");
    const onePrice = priceOf(providerNamed(c.provider).pricing, c.model, "std", 3)?.usd ?? 0;
    const result = await runBatch(await makePlan([manifest]), {
      ledgerPath,
      outDir: join(dir, "out"),
      env: env({ MOTIONBATCH_SIM_CREDITS_USD: String(onePrice * 1.5), MOTIONBATCH_SIM_ACCOUNT_CONCURRENCY: "1" }),
    });
    expect(result.exitCode).toBe(EXIT.halted);
    expect(result.halted).toEqual([{ provider: "sim", reason: expect.stringMatching(c.outOfCredits) }]);
    const charges = readSimBilling(ledgerPath).filter((b) => b.kind === "charge");
    expect(charges).toHaveLength(1);
    const jobs = ledgerJobs(ledgerPath);
    expect(jobs.filter((j) => j.state === "downloaded")).toHaveLength(1);
    expect(jobs.filter((j) => j.state === "planned")).toHaveLength(2);
  });

  it(`a POST whose answer is lost is an unknown that ${c.reconciles === "no" ? "stays unknown, never paid again" : "is reconciled"}`, async () => {
    const dir = tempDir();
    const manifest = campaign(dir, c, [{ name: "first" }, { name: "second", image: "ben.png" }]);
    const ledgerPath = join(dir, "l.sqlite");
    const faults = faultFile(dir, [{ on: "create", dialect: c.provider, action: "reset_after_handling", count: 1 }]);
    const run = async () =>
      runBatch(await makePlan([manifest]), { ledgerPath, outDir: join(dir, "out"), env: env({ MOTIONBATCH_SIM_FAULTS: faults }) });
    const first = await run();
    const billing = readSimBilling(ledgerPath);
    expect(billing.filter((b) => b.kind === "charge")).toHaveLength(2);
    expect(doubleCharged(billing)).toEqual([]);
    const states = ledgerJobs(ledgerPath)
      .map((j) => j.state)
      .sort();
    if (c.reconciles !== "no") {
      // By client reference, or (Freepik) the only unclaimed task in the provider's list.
      expect(first.exitCode).toBe(EXIT.ok);
      expect(states).toEqual(["downloaded", "downloaded"]);
      return;
    }
    expect(first.exitCode).toBe(EXIT.someFailed);
    expect(states).toEqual(["downloaded", "unknown"]);
    // The same command again: the unknown job is not sent again (it may have been paid).
    const again = await run();
    expect(again.exitCode).toBe(EXIT.someFailed);
    expect(readSimBilling(ledgerPath).filter((b) => b.kind === "charge")).toHaveLength(2);
  });
});

describe("MOTIONBATCH_SIM_DIALECT", () => {
  it("names a dialect the simulator speaks; anything else is a clear configuration error", async () => {
    const dir = tempDir();
    const manifest = campaign(dir, CASES[0] as Case, [{ name: "x" }]);
    const error = await runBatch(await makePlan([manifest]), {
      ledgerPath: join(dir, "l.sqlite"),
      outDir: join(dir, "out"),
      env: { ...fastSim(), MOTIONBATCH_SIM_DIALECT: "klingg" },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: "E_CONFIG",
      message: expect.stringMatching(/MOTIONBATCH_SIM_DIALECT must be one of kling, freepik.*; got "klingg"/),
    });
  });
});

/** Where each provider's body keeps the reference video and the orientation. */
const SHAPES: Record<string, { api?: TaskApi; video: string; orientation: string }> = {
  kling: { video: "video_url", orientation: "character_orientation" },
  freepik: { api: freepikApi, video: "video_url", orientation: "character_orientation" },
  fal: { api: falApi, video: "video_url", orientation: "character_orientation" },
  replicate: { api: replicateApi, video: "input.video", orientation: "input.character_orientation" },
  evolink: { api: evolinkApi, video: "video_urls", orientation: "model_params.character_orientation" },
  vidgo: { api: vidgoApi, video: "input.video_urls", orientation: "input.character_orientation" },
  aimlapi: { api: aimlapiApi, video: "video_url", orientation: "character_orientation" },
  reapi: { api: reapiApi, video: "video_url", orientation: "character_orientation" },
  unified: { api: unifiedApi, video: "video_url", orientation: "character_orientation" },
};

/** The simulator's key for a dialect (the one variable of its environment that is not a base URL). */
function simKeyOf(provider: string): string {
  const env = simDialectNamed(provider)?.env("http://sim") ?? {};
  return Object.entries(env).find(([name]) => !name.endsWith("_BASE_URL"))?.[1] ?? "";
}

/** A copy of `body` with `path` set to `value` (or removed when undefined). */
function edited(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  const steps = path.split(".");
  let target = copy;
  for (const step of steps.slice(0, -1)) target = target[step] as Record<string, unknown>;
  const last = steps.at(-1) as string;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

describe.each(CASES)("the $provider dialect checks requests as strictly as the provider", (c) => {
  const shape = SHAPES[c.provider] as (typeof SHAPES)[string];
  const field = (path: string) => path.split(".").at(-1) as string;
  it.each([
    ["an unknown field", (b: Record<string, unknown>) => edited(b, "colour", "red"), "colour"],
    ["a missing reference video", (b: Record<string, unknown>) => edited(b, shape.video, undefined), field(shape.video)],
    ["an orientation outside its enum", (b: Record<string, unknown>) => edited(b, shape.orientation, "sideways"), field(shape.orientation)],
  ])("refuses %s in the provider's error shape, naming the field, and bills nothing", async (_label, edit, named) => {
    const sim = await simulator();
    const request = await submitRequest(sim, c, "ref-strict");
    const { path, body } =
      c.provider === "kling"
        ? { path: "/v1/videos/motion-control", body: KlingAdapter.requestBody(request) }
        : (shape.api as TaskApi).create(request);
    const headers =
      c.provider === "kling"
        ? { authorization: `Bearer ${klingJwt(SIM_KLING_ACCOUNT.accessKey, SIM_KLING_ACCOUNT.secretKey, Date.now())}` }
        : (shape.api as TaskApi).authHeaders(simKeyOf(c.provider));
    const response = await httpJson({
      provider: c.provider,
      method: "POST",
      url: `${sim.url}/${c.provider}${path}`,
      headers,
      body: edit(body),
    });
    expect([400, 422]).toContain(response.status);
    if (c.provider === "kling") {
      expect(response.json).toMatchObject({ code: 1201, message: expect.stringContaining(named) });
    } else {
      const error = providerErrorOf(c.provider, (shape.api as TaskApi).errors, "POST", response, Date.now());
      expect(error.kind).toBe("invalid_input");
      expect(error.message).toContain(named);
    }
    expect(sim.engine.billing()).toHaveLength(0);
  });
});

/** How each provider says "keep the sound" (PROVIDERS.md), and what it cannot honour. */
const PARAMETERS: Record<string, { sound?: string; soundOff?: unknown; unsupported: string[] }> = {
  kling: { sound: "keep_original_sound", soundOff: "no", unsupported: ["cfg_scale"] },
  freepik: { unsupported: ["keep_sound"] },
  fal: { sound: "keep_original_sound", soundOff: false, unsupported: ["cfg_scale"] },
  replicate: { sound: "input.keep_original_sound", soundOff: false, unsupported: ["cfg_scale"] },
  evolink: { unsupported: ["keep_sound", "cfg_scale"] },
  vidgo: { unsupported: ["keep_sound", "cfg_scale"] },
  aimlapi: { sound: "keep_audio", soundOff: false, unsupported: ["cfg_scale"] },
  reapi: { sound: "keep_original_sound", soundOff: "no", unsupported: ["cfg_scale"] },
  unified: { sound: "keep_original_sound", soundOff: "no", unsupported: ["cfg_scale"] },
};

describe.each(CASES)("the $provider request builder", (c) => {
  const expected = PARAMETERS[c.provider] as (typeof PARAMETERS)[string];
  it("maps sound in the provider's own words, sends cfg_scale only where it exists, and reports the rest", () => {
    const spec: JobSpec = {
      provider: c.provider,
      model: c.model,
      mode: "std",
      orientation: "video",
      image: local(IMAGE),
      video: local(VIDEO),
      keepSound: false,
      cfgScale: 0.7,
    };
    const body = BUILDERS[c.provider]?.({ spec, clientRef: "ref", imageUrl: "https://x/a.png", videoUrl: "https://x/v.mp4" }).body;
    const text = JSON.stringify(body);
    if (expected.sound) expect(valueAt(body, expected.sound)).toBe(expected.soundOff);
    else expect(text).not.toMatch(/sound|audio/);
    if (expected.unsupported.includes("cfg_scale")) expect(text).not.toContain("cfg_scale");
    else expect(valueAt(body, "cfg_scale")).toBe(0.7);
    const reported = providerNamed(c.provider)
      .unsupported(spec)
      .map((p) => p.split(" ")[0]);
    expect(reported).toEqual(expected.unsupported);
  });
});

describe("plan time", () => {
  it("reports a parameter the provider cannot honour as a warning, and a local file a URL provider cannot fetch as a problem", async () => {
    const dir = tempDir();
    const freepik = CASES.find((c) => c.provider === "freepik") as Case;
    const file = campaign(dir, freepik, [{ name: "x" }]);
    writeFileSync(file, `${readFileSync(file, "utf8").replace("mode: std", "mode: std, keep_sound: yes")}\n`);
    const before = process.env.MOTIONBATCH_SIM_DIALECT;
    process.env.MOTIONBATCH_SIM_DIALECT = "freepik";
    try {
      const plan = await makePlan([file]);
      expect(plan.warnings.some((w) => /sim cannot honour keep_sound \(Freepik's API has no sound parameter\)/.test(w))).toBe(true);
    } finally {
      if (before === undefined) delete process.env.MOTIONBATCH_SIM_DIALECT;
      else process.env.MOTIONBATCH_SIM_DIALECT = before;
    }
    const refused = await makePlan([file], { provider: "freepik" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(ManifestError);
    const messages = (refused as ManifestError).problems.map((p) => `${p.column}: ${p.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^image: .*ava\.png: freepik needs the character image as a public URL/),
      expect.stringMatching(/^video: .*wave\.mp4: freepik needs the reference video as a public URL/),
    ]);
  });
});
