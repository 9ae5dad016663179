import { readdirSync, readFileSync } from "node:fs";
import type { Database } from "better-sqlite3";
import { MotionbatchError } from "../errors.js";

const MIGRATIONS_DIR = new URL("./migrations/", import.meta.url);

/** Applies the numbered SQL files in migrations/ that this ledger has not seen, all in one transaction. */
export function migrate(db: Database, ledgerPath: string): void {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d{3}_.+\.sql$/.test(name))
    .sort();
  // Read and migrate under one write lock, so two processes opening a new ledger do not both migrate.
  db.transaction(() => apply(db, ledgerPath, files)).immediate();
}

function apply(db: Database, ledgerPath: string, files: string[]): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  // Numbers, not a count: migrations from different branches may land out of order (001, 003).
  const latest = Math.max(0, ...files.map((file) => Number(file.slice(0, 3))));
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
