const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const MAX_SEGMENT = 80;

/**
 * Makes one path segment safe on every file system: no separators, no `..`, no control characters,
 * no reserved device names (Windows), bounded length.
 */
export function safeSegment(text: string): string {
  let safe = text
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N}._-]+/gu, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[.-]+|[.-]+$/g, "");
  if (RESERVED.test(safe)) safe = `_${safe}`;
  if (safe.length > MAX_SEGMENT) safe = safe.slice(0, MAX_SEGMENT).replace(/[.-]+$/, "");
  return safe === "" ? "job" : safe;
}

/** The stem of a path or URL, for default job names: `assets/ava.png` -> `ava`. */
export function stemOf(pathOrUrl: string): string {
  const withoutQuery = pathOrUrl.split(/[?#]/)[0] ?? pathOrUrl;
  const last = withoutQuery.split(/[\\/]/).filter(Boolean).at(-1) ?? "input";
  return last.replace(/\.[^.]*$/, "") || last;
}
