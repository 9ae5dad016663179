import { statSync } from "node:fs";
import { resolve } from "node:path";
import { globSync } from "tinyglobby";
import { isRemote } from "../media/media-ref.js";

/** Characters that make an input a folder glob (`assets/characters/*.png`, `moves/{wave,spin}.mp4`). */
const GLOB_CHARACTERS = /[*?[\]{}]/;

/**
 * The files an input of a YAML campaign stands for, as absolute paths sorted by code point (the
 * same order on every machine and locale). A URL, or a path naming a file that exists
 * (`take [final].mp4`), is itself; a path with `* ? [ ] { }` is a glob of files; `undefined` when
 * a glob matches nothing.
 */
export function expandInput(value: string, baseDir: string): string[] | undefined {
  if (isRemote(value) || !GLOB_CHARACTERS.test(value) || isFile(resolve(baseDir, value))) return [value];
  const matches = globSync(value, { cwd: baseDir, absolute: true, onlyFiles: true, expandDirectories: false });
  if (matches.length === 0) return undefined;
  return matches.map((path) => resolve(path)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
