import { readdirSync, readFileSync } from "node:fs";
import type { Database } from "better-sqlite3";
import { MotionbatchError } from "../errors.js";

const MIGRATIONS_DIR = new URL("./migrations/", import.meta.url);

function migrationFiles(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d{3}_.+\.sql$/.test(name))
    .sort();
}

/** The schema version of a ledger this motionbatch writes: the highest migration number (numbers may have gaps). */
export function latestSchemaVersion(files: readonly string[] = migrationFiles()): number {
  return Math.max(0, ...files.map((name) => Number(name.slice(0, 3))));
}

/** Applies the numbered SQL files in migrations/ that this ledger has not seen, all in one transaction. */
export function migrate(db: Database, ledgerPath: string): void {
  const files = migrationFiles();
  // Read and migrate under one write lock, so two processes opening a new ledger do not both migrate.
  db.transaction(() => apply(db, ledgerPath, files)).immediate();
}

function apply(db: Database, ledgerPath: string, files: string[]): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  const latest = latestSchemaVersion(files);
  if (current > latest) {
    throw new MotionbatchError(
      "E_LEDGER",
      `the ledger ${ledgerPath} was written by a newer motionbatch (schema ${current}, this one knows ${latest}); upgrade motionbatch`,
    );
  }
  for (const file of files) {
    const version = Number(file.slice(0, 3));
    if (version <= current) continue;
    db.exec(readFileSync(new URL(file, MIGRATIONS_DIR), "utf8"));
    db.pragma(`user_version = ${version}`);
  }
}
