import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MotionbatchError } from "../../src/errors.js";
import type { JobState } from "../../src/ledger/job-state.js";
import { latestSchemaVersion } from "../../src/ledger/migrate.js";
import { type Ledger, type OpenOptions, openLedger } from "../../src/ledger/open-ledger.js";
import { allJobs, committedUsd, jobById, jobByKey, rowsOfJobs } from "../../src/ledger/queries.js";
import {
  beginAttempt,
  beginDownload,
  insertPlannedJobs,
  type PlannedJobInput,
  recordAccepted,
  recordDownloaded,
  recordFailed,
  recordHeld,
  recordNotAccepted,
  recordOutputExpired,
  recordTaskState,
  recordUnknown,
  recoverAtStart,
  releaseUnknown,
  TransitionError,
} from "../../src/ledger/transitions.js";
import type { ExpandedJob } from "../../src/manifest/job-spec.js";
import { loadManifests } from "../../src/manifest/load.js";
import { REPO } from "./temp-campaign.js";

const FIXTURES = join(REPO, "test/fixtures/manifests");
const LOAD = { knownProviders: ["sim"] } as const;

/** 12 jobs (ava, ben x wave, spin, jump x image, video), all asked by row 2 of ledger-jobs.csv. */
let jobs: ExpandedJob[];
/** One new job (row 2) and one job of ledger-jobs.csv asked again (row 4). */
let jobsAgain: ExpandedJob[];

beforeAll(async () => {
  jobs = (await loadManifests([join(FIXTURES, "ledger-jobs.csv")], LOAD)).jobs;
  jobsAgain = (await loadManifests([join(FIXTURES, "ledger-jobs-again.csv")], LOAD)).jobs;
});

let dir: string;
let ledgerPath: string;
let opened: Ledger[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "motionbatch-ledger-"));
  ledgerPath = join(dir, "campaign.ledger");
  opened = [];
});

afterEach(() => {
  for (const ledger of opened) ledger.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(options?: OpenOptions): Ledger {
  const ledger = openLedger(ledgerPath, options);
  opened.push(ledger);
  return ledger;
}

function planned(list: readonly ExpandedJob[], estimatedUsd: (index: number) => number | null = () => 0.5): PlannedJobInput[] {
  return list.map((job, index) => ({ job, estimatedSeconds: 5, estimatedUsd: estimatedUsd(index) }));
}

/** The error a function throws (or undefined). */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

function stateOf(ledger: Ledger, jobId: number): JobState | undefined {
  return jobById(ledger, jobId)?.state;
}

function events(ledger: Ledger, jobId: number): [string | null, string][] {
  const rows = ledger.db.prepare("SELECT from_state, to_state FROM events WHERE job_id = ? ORDER BY id").all(jobId) as {
    from_state: string | null;
    to_state: string;
  }[];
  return rows.map((row) => [row.from_state, row.to_state]);
}

function attempts(
  ledger: Ledger,
  jobId: number,
): { number: number; client_ref: string; request_fingerprint: string; outcome: string | null; task_id: string | null }[] {
  return ledger.db
    .prepare("SELECT number, client_ref, request_fingerprint, outcome, task_id FROM attempts WHERE job_id = ? ORDER BY id")
    .all(jobId) as {
    number: number;
    client_ref: string;
    request_fingerprint: string;
    outcome: string | null;
    task_id: string | null;
  }[];
}

const refFor = (jobId: number) => (attempt: number) => `job-${jobId}-attempt-${attempt}`;

/** Each step moves a job one transition along; `driveTo` replays the steps to reach a state. */
const STEPS: Record<string, (ledger: Ledger, jobId: number, billedUsd: number | null) => void> = {
  submitting: (ledger, id) => {
    beginAttempt(ledger, id, `fingerprint-${id}`, refFor(id));
  },
  submitted: (ledger, id) => recordAccepted(ledger, id, `task-${id}`, "submitted"),
  running: (ledger, id) =>
    recordTaskState(ledger, id, { status: "running", providerStatus: "processing" }, { seconds: null, usd: null }, 1_000),
  succeeded: (ledger, id, billedUsd) =>
    recordTaskState(
      ledger,
      id,
      { status: "succeeded", providerStatus: "succeed", outputUrl: `https://cdn.example.com/${id}.mp4`, outputSeconds: 5 },
      { seconds: 5, usd: billedUsd },
      0,
    ),
  downloading: (ledger, id) => beginDownload(ledger, id),
  downloaded: (ledger, id) => recordDownloaded(ledger, id, { path: `/out/${id}.mp4`, sha256: "ab".repeat(32), bytes: 1234 }),
  failed: (ledger, id) => recordFailed(ledger, id, "input", "the image is too small"),
  unknown: (ledger, id) => recordUnknown(ledger, id, "connection reset after the request was sent"),
  held: (ledger, id) => recordHeld(ledger, id, "past --max-cost"),
  output_expired: (ledger, id) => recordOutputExpired(ledger, id, "the link expired"),
};

const PATHS: Record<JobState, string[]> = {
  planned: [],
  submitting: ["submitting"],
  submitted: ["submitting", "submitted"],
  running: ["submitting", "submitted", "running"],
  succeeded: ["submitting", "submitted", "running", "succeeded"],
  downloading: ["submitting", "submitted", "running", "succeeded", "downloading"],
  downloaded: ["submitting", "submitted", "running", "succeeded", "downloading", "downloaded"],
  failed: ["submitting", "failed"],
  unknown: ["submitting", "unknown"],
  held: ["held"],
  output_expired: ["submitting", "submitted", "running", "succeeded", "output_expired"],
};

function driveTo(ledger: Ledger, jobId: number, state: JobState, billedUsd: number | null = null): void {
  for (const step of PATHS[state]) STEPS[step]?.(ledger, jobId, billedUsd);
  expect(stateOf(ledger, jobId)).toBe(state);
}

/** Inserts the 12 fixture jobs and returns their ids, in job order. */
function insertAll(ledger: Ledger, estimatedUsd?: (index: number) => number | null): number[] {
  insertPlannedJobs(ledger, planned(jobs, estimatedUsd));
  return jobs.map((job) => jobByKey(ledger, job.key)?.id ?? -1);
}

function firstJobId(ledger: Ledger): number {
  const [id] = insertAll(ledger);
  if (id === undefined) throw new Error("no job");
  return id;
}

describe("opening a ledger", () => {
  it("finds 12 jobs in the fixture manifest", () => {
    expect(jobs).toHaveLength(12);
    expect(jobsAgain).toHaveLength(2);
  });

  // The reopen case is the one that bites: SQLite (as better-sqlite3 builds it) opens an existing WAL
  // file with synchronous=NORMAL (1), so FULL holds only if it is set on every open.
  it.each([
    ["a new ledger", false, {}],
    ["an existing ledger, opened again", true, { mustExist: true }],
    ["an existing ledger, opened again for a run", true, { lock: true }],
  ])("sets WAL, synchronous=FULL, foreign keys and busy_timeout on %s", (_, reopen, options: OpenOptions) => {
    if (reopen) openLedger(ledgerPath).close();
    const ledger = open(options);
    expect(ledger.db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(ledger.db.pragma("synchronous", { simple: true })).toBe(2);
    expect(ledger.db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(ledger.db.pragma("busy_timeout", { simple: true })).toBe(5000);
  });

  it("enforces foreign keys: a manifest row for a job that does not exist is refused", () => {
    const ledger = open();
    expect(() => ledger.db.prepare("INSERT INTO job_rows (job_id, manifest, row) VALUES (42, 'x.csv', 2)").run()).toThrow(/FOREIGN KEY/);
  });

  it("migrates a new ledger to the latest schema version", () => {
    const ledger = open();
    expect(ledger.db.pragma("user_version", { simple: true })).toBe(latestSchemaVersion());
    const tables = (ledger.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
      (row) => row.name,
    );
    expect(tables).toEqual(["attempts", "events", "job_rows", "jobs", "runs"]);
  });

  it("does not run the migrations again when it reopens a ledger, and keeps its jobs", () => {
    const first = openLedger(ledgerPath);
    insertPlannedJobs(first, planned(jobs));
    first.close();

    const again = open();
    expect(again.db.pragma("user_version", { simple: true })).toBe(latestSchemaVersion());
    expect(allJobs(again)).toHaveLength(12);
  });

  it("refuses a ledger written by a newer motionbatch", () => {
    const db = new Database(ledgerPath);
    db.pragma("user_version = 99");
    db.close();
    const error = thrownBy(() => open());
    expect(error).toBeInstanceOf(MotionbatchError);
    expect((error as MotionbatchError).code).toBe("E_LEDGER");
    expect((error as MotionbatchError).message).toMatch(/newer motionbatch/);
  });

  it("refuses a missing ledger when it must exist, and creates no file", () => {
    const error = thrownBy(() => open({ mustExist: true }));
    expect(error).toBeInstanceOf(MotionbatchError);
    expect((error as MotionbatchError).message).toMatch(/no ledger at/);
    expect(existsSync(ledgerPath)).toBe(false);
  });
});

describe("inserting planned jobs", () => {
  it("inserts one planned job per job key, with its row and a first event", () => {
    const ledger = open();
    expect(insertPlannedJobs(ledger, planned(jobs))).toEqual({ added: 12, existing: 0 });
    const stored = allJobs(ledger);
    expect(stored).toHaveLength(12);
    expect(new Set(stored.map((job) => job.state))).toEqual(new Set(["planned"]));
    const first = jobByKey(ledger, jobs[0]?.key ?? "");
    expect(first).toMatchObject({
      provider: "sim",
      campaign: "ledger-test",
      estimated_usd: 0.5,
      attempt_count: 0,
      tags_json: '{"channel":"tiktok"}',
    });
    expect(first && rowsOfJobs(ledger).get(first.id)).toEqual([{ manifest: join(FIXTURES, "ledger-jobs.csv"), row: 2 }]);
    expect(first && events(ledger, first.id)).toEqual([[null, "planned"]]);
  });

  it("is idempotent: the same jobs again add nothing and keep their state", () => {
    const ledger = open();
    const [id] = insertAll(ledger);
    if (id === undefined) throw new Error("no job");
    driveTo(ledger, id, "submitted");
    const eventCount = events(ledger, id).length;

    expect(
      insertPlannedJobs(
        ledger,
        planned(jobs, () => 9.99),
      ),
    ).toEqual({ added: 0, existing: 12 });
    expect(allJobs(ledger)).toHaveLength(12);
    expect(jobById(ledger, id)).toMatchObject({ state: "submitted", task_id: `task-${id}`, estimated_usd: 0.5 });
    expect(events(ledger, id)).toHaveLength(eventCount);
    expect(ledger.db.prepare("SELECT COUNT(*) AS n FROM job_rows").get()).toEqual({ n: 12 });
  });

  it("learns the new manifest rows that ask for a job it already has", () => {
    const ledger = open();
    insertAll(ledger);
    expect(insertPlannedJobs(ledger, planned(jobsAgain))).toEqual({ added: 1, existing: 1 });
    expect(allJobs(ledger)).toHaveLength(13);

    const again = jobsAgain.find((job) => jobs.some((known) => known.key === job.key));
    const id = jobByKey(ledger, again?.key ?? "")?.id ?? -1;
    expect(rowsOfJobs(ledger).get(id)).toEqual([
      { manifest: join(FIXTURES, "ledger-jobs-again.csv"), row: 4 },
      { manifest: join(FIXTURES, "ledger-jobs.csv"), row: 2 },
    ]);
    expect(events(ledger, id)).toEqual([[null, "planned"]]);
  });
});

describe("transitions", () => {
  it("walks the happy path from planned to downloaded, one event per move", () => {
    const ledger = open();
    const id = firstJobId(ledger);
    driveTo(ledger, id, "downloaded", 0.42);

    expect(events(ledger, id)).toEqual([
      [null, "planned"],
      ["planned", "submitting"],
      ["submitting", "submitted"],
      ["submitted", "running"],
      ["running", "succeeded"],
      ["succeeded", "downloading"],
      ["downloading", "downloaded"],
    ]);
    expect(jobById(ledger, id)).toMatchObject({
      state: "downloaded",
      attempt_count: 1,
      client_ref: `job-${id}-attempt-1`,
      task_id: `task-${id}`,
      output_url: `https://cdn.example.com/${id}.mp4`,
      output_seconds: 5,
      billed_seconds: 5,
      billed_usd: 0.42,
      output_path: `/out/${id}.mp4`,
      output_sha256: "ab".repeat(32),
      output_bytes: 1234,
      error: null,
    });
    expect(attempts(ledger, id)).toEqual([
      {
        number: 1,
        client_ref: `job-${id}-attempt-1`,
        request_fingerprint: `fingerprint-${id}`,
        outcome: "accepted",
        task_id: `task-${id}`,
      },
    ]);
  });

  it("moves a queued poll's next time without adding an event", () => {
    const ledger = open();
    const id = firstJobId(ledger);
    driveTo(ledger, id, "submitted");
    const before = events(ledger, id);
    recordTaskState(ledger, id, { status: "queued", providerStatus: "submitted" }, { seconds: null, usd: null }, 777);
    expect(events(ledger, id)).toEqual(before);
    expect(jobById(ledger, id)).toMatchObject({ state: "submitted", not_before_ms: 777 });
  });

  it("records a failed task with its failure class", () => {
    const ledger = open();
    const id = firstJobId(ledger);
    driveTo(ledger, id, "running");
    recordTaskState(
      ledger,
      id,
      { status: "failed", providerStatus: "failed", failure: { class: "content-policy", message: "refused" } },
      { seconds: null, usd: null },
      0,
    );
    expect(jobById(ledger, id)).toMatchObject({
      state: "failed",
      failure_class: "content-policy",
      error: "refused",
      provider_status: "failed",
    });
  });

  it.each<[string, JobState, (ledger: Ledger, id: number) => void]>([
    ["recordDownloaded on a planned job", "planned", (l, id) => recordDownloaded(l, id, { path: "/x.mp4", sha256: "00", bytes: 1 })],
    ["recordAccepted on a planned job", "planned", (l, id) => recordAccepted(l, id, "task-x", "submitted")],
    ["beginDownload on a running job", "running", (l, id) => beginDownload(l, id)],
    ["recordHeld on a submitted job", "submitted", (l, id) => recordHeld(l, id, "budget")],
    [
      "recordTaskState(succeeded) on a planned job",
      "planned",
      (l, id) => recordTaskState(l, id, { status: "succeeded", providerStatus: "succeed" }, { seconds: 5, usd: 1 }, 0),
    ],
    ["recordOutputExpired on a downloaded job", "downloaded", (l, id) => recordOutputExpired(l, id, "expired")],
    ["recordFailed on a failed job", "failed", (l, id) => recordFailed(l, id, "provider", "again")],
    ["beginAttempt on a submitted job", "submitted", (l, id) => beginAttempt(l, id, "fp", () => "another-ref")],
    ["beginAttempt on an unknown job", "unknown", (l, id) => beginAttempt(l, id, "fp", () => "another-ref")],
  ])("refuses %s with a TransitionError and changes nothing", (_, state, illegal) => {
    const ledger = open();
    const id = firstJobId(ledger);
    driveTo(ledger, id, state);
    const before = { job: jobById(ledger, id), events: events(ledger, id), attempts: attempts(ledger, id) };

    const error = thrownBy(() => illegal(ledger, id));
    expect(error).toBeInstanceOf(TransitionError);
    expect({ job: jobById(ledger, id), events: events(ledger, id), attempts: attempts(ledger, id) }).toEqual(before);
  });

  it("refuses a transition of a job that does not exist", () => {
    const ledger = open();
    expect(thrownBy(() => beginAttempt(ledger, 999, "fp", () => "ref"))).toBeInstanceOf(TransitionError);
    expect(ledger.db.prepare("SELECT COUNT(*) AS n FROM attempts").get()).toEqual({ n: 0 });
  });
});

describe("attempts", () => {
  it("commits the attempt with its client reference before the POST: another connection sees it", () => {
    const ledger = open();
    const id = firstJobId(ledger);
    const attempt = beginAttempt(ledger, id, "fingerprint-1", refFor(id));
    expect(attempt).toEqual({ number: 1, clientRef: `job-${id}-attempt-1` });

    const reader = new Database(ledgerPath, { readonly: true });
    try {
      const seen = reader
        .prepare("SELECT number, client_ref, request_fingerprint, intent_at, outcome, task_id FROM attempts WHERE job_id = ?")
        .all(id) as {
        intent_at: string;
      }[];
      expect(seen).toEqual([
        {
          number: 1,
          client_ref: `job-${id}-attempt-1`,
          request_fingerprint: "fingerprint-1",
          intent_at: expect.any(String),
          outcome: null,
          task_id: null,
        },
      ]);
      expect(Number.isNaN(Date.parse(seen[0]?.intent_at ?? ""))).toBe(false);
      expect(reader.prepare("SELECT state, client_ref, attempt_count FROM jobs WHERE id = ?").get(id)).toEqual({
        state: "submitting",
        client_ref: `job-${id}-attempt-1`,
        attempt_count: 1,
      });
    } finally {
      reader.close();
    }
  });

  it("keeps the client reference and attempt number while attempts are not accepted", () => {
    const ledger = open();
    const id = firstJobId(ledger);
    let refsMade = 0;
    const makeRef = (attempt: number) => {
      refsMade += 1;
      return `ref-${attempt}-${refsMade}`;
    };
    const first = beginAttempt(ledger, id, "fp-1", makeRef);
    recordNotAccepted(ledger, id, 5_000, "429: rate limited");
    expect(jobById(ledger, id)).toMatchObject({ state: "planned", not_before_ms: 5_000, error: "429: rate limited" });
    expect(attempts(ledger, id)[0]?.outcome).toBe("not_accepted");

    // Refused again (e.g. concurrency full), then found nowhere by reconciliation: still the same reference.
    const second = beginAttempt(ledger, id, "fp-2", makeRef);
    recordUnknown(ledger, id, "timeout after send");
    recordNotAccepted(ledger, id, 0, "not found by reconciliation");
    const third = beginAttempt(ledger, id, "fp-3", makeRef);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(refsMade).toBe(1);
    expect(attempts(ledger, id)).toEqual([
      { number: 1, client_ref: first.clientRef, request_fingerprint: "fp-3", outcome: null, task_id: null },
    ]);
    expect(jobById(ledger, id)).toMatchObject({ state: "submitting", attempt_count: 1, client_ref: first.clientRef });
  });

  it("makes a new attempt with a new client reference only after the operator releases an unknown job", () => {
    const ledger = open();
    const id = firstJobId(ledger);
    const first = beginAttempt(ledger, id, "fp-1", refFor(id));
    recordUnknown(ledger, id, "timeout after send");
    releaseUnknown(ledger, id, "--resubmit-unknown");
    const second = beginAttempt(ledger, id, "fp-2", refFor(id));

    expect(second).toEqual({ number: first.number + 1, clientRef: `job-${id}-attempt-2` });
    expect(attempts(ledger, id).map((a) => [a.number, a.client_ref, a.outcome])).toEqual([
      [1, first.clientRef, "released"],
      [2, second.clientRef, null],
    ]);
    expect(jobById(ledger, id)).toMatchObject({ state: "submitting", attempt_count: 2, client_ref: second.clientRef, error: null });
  });
});

describe("recovering at the start of a run", () => {
  it("turns submitting into unknown, downloading into succeeded and held into planned", () => {
    const ledger = open();
    const ids = insertAll(ledger);
    const want: [JobState, JobState][] = [
      ["submitting", "unknown"],
      ["downloading", "succeeded"],
      ["held", "planned"],
      ["planned", "planned"],
      ["submitted", "submitted"],
      ["running", "running"],
      ["succeeded", "succeeded"],
      ["unknown", "unknown"],
      ["downloaded", "downloaded"],
      ["failed", "failed"],
      ["output_expired", "output_expired"],
    ];
    want.forEach(([from], index) => {
      driveTo(ledger, ids[index] ?? -1, from);
    });

    expect(recoverAtStart(ledger)).toEqual({ unknown: 1, downloads: 1, released: 1 });
    expect(want.map((_, index) => stateOf(ledger, ids[index] ?? -1))).toEqual(want.map(([, to]) => to));
    expect(jobById(ledger, ids[0] ?? -1)?.error).toMatch(/may have been sent/);
    expect(jobById(ledger, ids[2] ?? -1)?.error).toBeNull();
    expect(events(ledger, ids[0] ?? -1).at(-1)).toEqual(["submitting", "unknown"]);
  });

  it("finds nothing to recover on a second call", () => {
    const ledger = open();
    const ids = insertAll(ledger);
    driveTo(ledger, ids[0] ?? -1, "submitting");
    recoverAtStart(ledger);
    expect(recoverAtStart(ledger)).toEqual({ unknown: 0, downloads: 0, released: 0 });
  });
});

describe("committedUsd", () => {
  it("is zero when every job is planned", () => {
    const ledger = open();
    insertAll(ledger);
    expect(committedUsd(ledger)).toBe(0);
  });

  it("sums the billed cost, else the estimate, of the jobs that may be billed, and ignores planned, failed and held", () => {
    const ledger = open();
    // Powers of two: every sum is exact, and each job's part shows in the total.
    const ids = insertAll(ledger, (index) => 2 ** index);
    const cases: [JobState, number | null][] = [
      ["planned", null], // 1: ignored
      ["failed", null], // 2: ignored
      ["held", null], // 4: ignored
      ["submitting", null], // 8
      ["submitted", null], // 16
      ["running", null], // 32
      ["succeeded", 0.5], // billed 0.5, not 64
      ["downloading", null], // 128: billed unknown, the estimate counts
      ["downloaded", 0.25], // billed 0.25, not 256
      ["unknown", null], // 512
      ["output_expired", null], // 1024
      ["planned", null], // 2048: ignored
    ];
    cases.forEach(([state, billedUsd], index) => {
      driveTo(ledger, ids[index] ?? -1, state, billedUsd);
    });
    expect(committedUsd(ledger)).toBe(8 + 16 + 32 + 0.5 + 128 + 0.25 + 512 + 1024);
  });

  it("counts a may-be-billed job without an estimate as zero", () => {
    const ledger = open();
    const ids = insertAll(ledger, (index) => (index === 0 ? null : 1));
    driveTo(ledger, ids[0] ?? -1, "unknown");
    driveTo(ledger, ids[1] ?? -1, "unknown");
    expect(committedUsd(ledger)).toBe(1);
  });
});

describe("the run lock", () => {
  function lockErrorCode(): string | undefined {
    const error = thrownBy(() => open({ lock: true }));
    if (error === undefined) return undefined;
    expect(error).toBeInstanceOf(MotionbatchError);
    return (error as MotionbatchError).code;
  }

  it("refuses a second locked open in the same process with E_LEDGER_IN_USE", () => {
    open({ lock: true });
    expect(lockErrorCode()).toBe("E_LEDGER_IN_USE");
  });

  it("can be taken again once the holder closes the ledger", () => {
    const holder = openLedger(ledgerPath, { lock: true });
    expect(lockErrorCode()).toBe("E_LEDGER_IN_USE");
    holder.close();
    const again = open({ lock: true });
    expect(again.db.pragma("user_version", { simple: true })).toBe(latestSchemaVersion());
  });

  it("lets a reader open the ledger while a run holds the lock", () => {
    const holder = open({ lock: true });
    insertPlannedJobs(holder, planned(jobs));
    const reader = open({ mustExist: true });
    expect(allJobs(reader)).toHaveLength(12);
  });

  describe("held by another process", () => {
    const openLedgerJs = join(REPO, "dist/ledger/open-ledger.js");
    let child: ChildProcess | undefined;

    beforeAll(() => {
      // The child runs the compiled ledger code: build it when dist/ is missing.
      if (!existsSync(openLedgerJs)) execFileSync("npm", ["run", "build"], { cwd: REPO, stdio: "ignore" });
    }, 120_000);

    afterEach(() => {
      if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      child = undefined;
    });

    afterAll(() => {
      child?.kill("SIGKILL");
    });

    /** Starts a node process that takes the lock and stays alive; resolves when it says "locked". */
    function lockInChild(): Promise<ChildProcess> {
      const script = [
        `const { openLedger } = await import(${JSON.stringify(pathToFileURL(openLedgerJs).href)});`,
        `openLedger(process.env.LEDGER_PATH, { lock: true });`,
        `process.stdout.write("locked\\n");`,
        `setInterval(() => {}, 60_000);`,
      ].join("\n");
      const started = spawn(process.execPath, ["--input-type=module", "-e", script], {
        env: { ...process.env, LEDGER_PATH: ledgerPath },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child = started;
      return new Promise((resolve, reject) => {
        let stderr = "";
        started.stderr?.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
        });
        started.stdout?.on("data", (chunk: Buffer) => {
          if (chunk.toString().includes("locked")) resolve(started);
        });
        started.on("exit", (code, signal) => reject(new Error(`the child exited (${code ?? signal}) before locking: ${stderr}`)));
      });
    }

    function exited(process: ChildProcess): Promise<NodeJS.Signals | null> {
      if (process.exitCode !== null || process.signalCode !== null) return Promise.resolve(process.signalCode);
      return new Promise((resolve) => process.once("exit", (_, signal) => resolve(signal)));
    }

    it("refuses the lock while another process holds it, and is free again after that process is killed with SIGKILL", async () => {
      const holder = await lockInChild();
      expect(lockErrorCode()).toBe("E_LEDGER_IN_USE");
      const error = thrownBy(() => open({ lock: true })) as MotionbatchError;
      expect(error.message).toMatch(/in use by another motionbatch run/);

      holder.kill("SIGKILL");
      expect(await exited(holder)).toBe("SIGKILL");

      const ledger = open({ lock: true });
      expect(ledger.db.pragma("user_version", { simple: true })).toBe(latestSchemaVersion());
    });
  });
});
