import { isAbsolute, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { isRemote } from "../media/media-ref.js";

/**
 * A link to a file or URL as the report at `baseDir` must write it: a URL stays as it is; a local
 * path becomes relative to the report's folder (so the folder can be moved or zipped whole), each
 * segment percent-encoded so spaces and `#` survive; a path with no relative form (another drive)
 * becomes a file: URL.
 */
export function href(target: string, baseDir: string): string {
  if (isRemote(target)) return target;
  const path = isAbsolute(target) ? relative(baseDir, target) : target;
  if (isAbsolute(path)) return pathToFileURL(path).href;
  return path.split(sep).map(encodeURIComponent).join("/");
}
