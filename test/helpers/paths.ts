import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const EXAMPLE_MANIFEST = join(REPO, "manifests", "example.csv");
export const ASSETS = join(REPO, "manifests", "assets");
export const BIN = join(REPO, "bin", "motionbatch.js");

export function tempDir(prefix = "motionbatch-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
