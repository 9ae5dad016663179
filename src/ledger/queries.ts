import type { JobRecord } from "./job-record.js";
import { type JobState, MAYBE_BILLED } from "./job-state.js";
import type { Ledger } from "./open-ledger.js";

export function jobsInState(
  ledger: Ledger,
  states: readonly JobState[],
  options: { dueBeforeMs?: number; limit?: number } = {},
): JobRecord[] {
  const marks = states.map(() => "?").join(", ");
  const due = options.dueBeforeMs !== undefined ? " AND not_before_ms <= ?" : "";
  const limit = options.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(options.limit))}` : "";
  const params: (string | number)[] = [...states];
  if (options.dueBeforeMs !== undefined) params.push(options.dueBeforeMs);
  return ledger.db.prepare(`SELECT * FROM jobs WHERE state IN (${marks})${due} ORDER BY id${limit}`).all(...params) as JobRecord[];
}

export function allJobs(ledger: Ledger): JobRecord[] {
  return ledger.db.prepare("SELECT * FROM jobs ORDER BY id").all() as JobRecord[];
}

export function jobByKey(ledger: Ledger, key: string): JobRecord | undefined {
  return ledger.db.prepare("SELECT * FROM jobs WHERE job_key = ?").get(key) as JobRecord | undefined;
}

export function jobById(ledger: Ledger, id: number): JobRecord | undefined {
  return ledger.db.prepare("SELECT * FROM jobs WHERE id = ?").get(id) as JobRecord | undefined;
}

export function countByState(ledger: Ledger): Partial<Record<JobState, number>> {
  const rows = ledger.db.prepare("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state").all() as { state: JobState; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/** Estimated cost of every job that may have been billed: what --max-cost caps. */
export function committedUsd(ledger: Ledger): number {
  const marks = MAYBE_BILLED.map(() => "?").join(", ");
  const row = ledger.db
    .prepare(`SELECT COALESCE(SUM(COALESCE(billed_usd, estimated_usd, 0)), 0) AS usd FROM jobs WHERE state IN (${marks})`)
    .get(...MAYBE_BILLED) as { usd: number };
  return row.usd;
}

/** The job in flight at its provider (submitted or running) whose accepted attempt is the oldest, with that attempt's intent time. */
export function oldestRunningTask(ledger: Ledger): { job: JobRecord; since: string } | undefined {
  const row = ledger.db
    .prepare(
      `SELECT j.*, COALESCE(a.intent_at, j.updated_at) AS since FROM jobs j
       LEFT JOIN attempts a ON a.job_id = j.id AND a.task_id = j.task_id
       WHERE j.state IN ('submitted', 'running') ORDER BY since, j.id LIMIT 1`,
    )
    .get() as (JobRecord & { since: string }) | undefined;
  if (!row) return undefined;
  const { since, ...job } = row;
  return { job, since };
}

export interface RunRecord {
  id: number;
  started_at: string;
  finished_at: string | null;
  command: string;
  pid: number;
  exit_code: number | null;
}

export function lastRun(ledger: Ledger): RunRecord | undefined {
  return ledger.db.prepare("SELECT * FROM runs ORDER BY id DESC LIMIT 1").get() as RunRecord | undefined;
}

export function rowsOfJobs(ledger: Ledger): Map<number, { manifest: string; row: number }[]> {
  const rows = ledger.db.prepare("SELECT job_id, manifest, row FROM job_rows ORDER BY manifest, row").all() as {
    job_id: number;
    manifest: string;
    row: number;
  }[];
  const byJob = new Map<number, { manifest: string; row: number }[]>();
  for (const r of rows) {
    const list = byJob.get(r.job_id) ?? [];
    list.push({ manifest: r.manifest, row: r.row });
    byJob.set(r.job_id, list);
  }
  return byJob;
}

export function startRun(ledger: Ledger, command: string): number {
  const result = ledger.db
    .prepare("INSERT INTO runs (started_at, command, pid) VALUES (?, ?, ?)")
    .run(new Date().toISOString(), command, process.pid);
  ledger.runId = Number(result.lastInsertRowid);
  return ledger.runId;
}

export function finishRun(ledger: Ledger, exitCode: number): void {
  if (ledger.runId === undefined) return;
  ledger.db.prepare("UPDATE runs SET finished_at = ?, exit_code = ? WHERE id = ?").run(new Date().toISOString(), exitCode, ledger.runId);
}

/** The adapter's handle for a job's task (SubmittedTask.handle), kept with the attempt that created it. */
export function taskHandle(ledger: Ledger, jobId: number, taskId: string): string | undefined {
  const row = ledger.db
    .prepare("SELECT handle FROM attempts WHERE job_id = ? AND task_id = ? AND handle IS NOT NULL ORDER BY number DESC LIMIT 1")
    .get(jobId, taskId) as { handle: string } | undefined;
  return row?.handle;
}

/** When the intent of the attempt with this client reference was recorded (ms), or 0 when there is none. */
export function intentAtMs(ledger: Ledger, clientRef: string): number {
  const intent = ledger.db.prepare("SELECT intent_at FROM attempts WHERE client_ref = ?").get(clientRef) as
    | { intent_at: string }
    | undefined;
  return intent ? Date.parse(intent.intent_at) : 0;
}
