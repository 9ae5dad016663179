// tsc does not copy non-TypeScript files: the SQL migrations go next to the compiled ledger code.
import { cpSync } from "node:fs";

cpSync("src/ledger/migrations", "dist/ledger/migrations", { recursive: true });
