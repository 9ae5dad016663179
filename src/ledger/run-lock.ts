import Database from "better-sqlite3";
import { MotionbatchError } from "../errors.js";

/**
 * One writer per ledger. The lock is an exclusive SQLite lock on `<ledger>.lock`, held for the
 * whole run: the operating system releases it when the process ends, even by `kill -9`, so a
 * crashed run never leaves a stale lock behind. Readers (`status`, `report`) do not take it.
 */
export function acquireRunLock(ledgerPath: string): { release(): void } {
  const lockPath = `${ledgerPath}.lock`;
  const db = new Database(lockPath, { timeout: 0 });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS holder (pid INTEGER); DELETE FROM holder; COMMIT;");
    db.prepare("INSERT INTO holder (pid) VALUES (?)").run(process.pid);
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code?.startsWith("SQLITE_BUSY")) {
      throw new MotionbatchError(
        "E_LEDGER_IN_USE",
        `the ledger ${ledgerPath} is in use by another motionbatch run; wait for it to finish (or stop it), then run again`,
        { cause: error },
      );
    }
    throw new MotionbatchError("E_LEDGER", `cannot lock the ledger ${ledgerPath}: ${(error as Error).message}`, { cause: error });
  }
  return { release: () => db.close() };
}
