/**
 * The value at a path such as `data.generated[0]` or `detail[0].msg` in parsed JSON: the notation
 * of `output_url_path` in ../shared/contracts. Undefined when any step is missing.
 */
export function valueAt(json: unknown, path: string): unknown {
  if (path === "") return json;
  let current: unknown = json;
  for (const step of path.split(/\.|(?=\[)/)) {
    if (current === null || typeof current !== "object") return undefined;
    const index = /^\[(\d+)\]$/.exec(step);
    if (index) {
      if (!Array.isArray(current)) return undefined;
      current = current[Number(index[1])];
    } else {
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}

/** The first non-empty string at any of `paths` (an object's `message` counts for the object). */
export function textAt(json: unknown, paths: readonly string[]): string | undefined {
  for (const path of paths) {
    const value = valueAt(json, path);
    if (typeof value === "string" && value !== "") return value;
    if (typeof value === "number") return String(value);
    const message = value !== null && typeof value === "object" ? (value as { message?: unknown }).message : undefined;
    if (typeof message === "string" && message !== "") return message;
  }
  return undefined;
}
