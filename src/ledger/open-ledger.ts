import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { MotionbatchError } from "../errors.js";
import { migrate } from "./migrate.js";
import { acquireRunLock } from "./run-lock.js";

export interface Ledger {
  db: Database.Database;
  path: string;
  /** The current run, when opened for a run. */
  runId?: number;
  close(): void;
}

export interface OpenOptions {
  /** Take the one-writer lock (for `run`, `reconcile`). */
  lock?: boolean;
  /** Refuse to create a missing ledger (for `status`, `report`). */
  mustExist?: boolean;
}

/**
 * Opens (and migrates) a ledger with the durability pragmas of DESIGN.md, set on every open: WAL,
 * synchronous=FULL, busy_timeout, foreign keys.
 */
export function openLedger(path: string, options: OpenOptions = {}): Ledger {
  const absolute = resolve(path);
  if (!options.mustExist) mkdirSync(dirname(absolute), { recursive: true });
  const lock = options.lock ? acquireRunLock(absolute) : undefined;
  let db: Database.Database;
  try {
    db = new Database(absolute, { fileMustExist: options.mustExist ?? false });
  } catch (error) {
    lock?.release();
    const missing = (error as { code?: string }).code === "SQLITE_CANTOPEN";
    throw missing
      ? new MotionbatchError("E_USAGE", `no ledger at ${path}: run \`motionbatch run\` first, or pass --ledger`, { cause: error })
      : new MotionbatchError("E_LEDGER", `cannot open the ledger ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("busy_timeout = 5000");
    db.pragma("foreign_keys = ON");
    migrate(db, path);
  } catch (error) {
    db.close();
    lock?.release();
    if (error instanceof MotionbatchError) throw error;
    throw new MotionbatchError("E_LEDGER", `the ledger ${path} is not usable: ${(error as Error).message}`, { cause: error });
  }
  return {
    db,
    path: absolute,
    close() {
      db.close();
      lock?.release();
    },
  };
}
