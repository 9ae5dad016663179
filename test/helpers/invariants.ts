import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { expect } from "vitest";
import type { JobRecord } from "../../src/ledger/job-record.js";
import { doubleCharged, readSimBilling } from "./billing.js";

export interface IntactOptions {
  /** The ledger file (its simulator billing log sits beside it). */
  ledgerPath: string;
  outDir: string;
  /** Jobs the ledger must hold. */
  jobs: number;
  /** Every job must be downloaded (otherwise: downloaded, failed with a reason, or unknown). */
  allDownloaded?: boolean;
}

/**
 * The proof after kills and faults, checked against the simulator's billing log, not our ledger:
 * nothing billed twice; every billed task that was not refunded has a verified output on disk, or
 * belongs to a job the ledger still calls `unknown` (possibly billed, in the report); every job
 * ends downloaded, failed with a reason, or unknown; the ledger is intact; no `.part` file is left.
 */
export function assertIntact(options: IntactOptions): JobRecord[] {
  const billing = readSimBilling(options.ledgerPath);
  expect(doubleCharged(billing)).toEqual([]);
  const refunded = new Set(billing.filter((b) => b.kind === "refund").map((b) => b.taskId));
  const kept = billing.filter((b) => b.kind === "charge" && !refunded.has(b.taskId));

  const db = new Database(options.ledgerPath, { readonly: true });
  let jobs: JobRecord[];
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.pragma("foreign_key_check")).toEqual([]);
    jobs = db.prepare("SELECT * FROM jobs").all() as JobRecord[];
  } finally {
    db.close();
  }
  expect(jobs).toHaveLength(options.jobs);
  for (const job of jobs) {
    if (options.allDownloaded) expect(job.state, `${job.name}: ${job.error ?? ""}`).toBe("downloaded");
    else expect(["downloaded", "failed", "unknown"]).toContain(job.state);
    if (job.state === "failed") expect(job.error ?? "").not.toBe("");
    if (job.state === "downloaded") {
      const bytes = readFileSync(job.output_path as string);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(job.output_sha256);
    }
  }
  // The simulator's own task id: the ledger's task id on Kling, and in every dialect the name of
  // the output the simulator served (/outputs/<id>.mp4), since some dialects show their own ids.
  const downloadedTasks = new Set(
    jobs
      .filter((j) => j.state === "downloaded")
      .flatMap((j) => [j.task_id, decodeURIComponent(/\/outputs\/([^/?]+)\.mp4/.exec(j.output_url ?? "")?.[1] ?? "")]),
  );
  const unaccounted = kept.filter((b) => !downloadedTasks.has(b.taskId));
  expect(unaccounted.length).toBeLessThanOrEqual(jobs.filter((j) => j.state === "unknown").length);
  expect(partFiles(options.outDir)).toEqual([]);
  return jobs;
}

function partFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: "utf8" });
  } catch {
    return [];
  }
  return names.filter((name) => name.endsWith(".part")).map((name) => join(dir, name));
}
