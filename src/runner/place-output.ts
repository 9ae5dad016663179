import { existsSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { dirname, extname } from "node:path";
import { hashFile } from "../media/hash-file.js";
import { syncDir } from "./download-file.js";
import { failpoint } from "./failpoint.js";

/**
 * Renames a verified `.part` to its output name, never overwriting a file that is not this output:
 * an identical file (ours, from a run cut off after the rename) is kept; a different one makes
 * the output take the next free name (`name-2.mp4`). Returns the final path.
 */
export async function placeOutput(part: string, dest: string, sha256: string): Promise<string> {
  let target = dest;
  for (let n = 2; existsSync(target); n += 1) {
    if ((await hashFile(target)).sha256 === sha256) {
      await rm(part, { force: true });
      return target;
    }
    const extension = extname(dest);
    target = `${dest.slice(0, dest.length - extension.length)}-${n}${extension}`;
  }
  failpoint("before-rename");
  await rename(part, target);
  await syncDir(dirname(target));
  failpoint("after-rename");
  return target;
}
