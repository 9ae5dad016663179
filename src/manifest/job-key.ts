import { createHash } from "node:crypto";
import { mediaIdentity } from "../media/media-ref.js";
import type { JobSpec } from "./job-spec.js";

/** Bumped only if the normalization below changes; old ledgers then see new keys. */
const KEY_VERSION = 1;

/**
 * The job key: a hash of the normalized job spec. Inputs count by content (local) or URL (remote),
 * so renaming a file or moving a row does not make a new job: the same key is never paid twice.
 */
export function jobKey(spec: JobSpec): string {
  const normalized = [
    KEY_VERSION,
    spec.provider,
    spec.model,
    spec.mode,
    spec.orientation,
    mediaIdentity(spec.image),
    mediaIdentity(spec.video),
    spec.prompt?.trim() ?? null,
    spec.keepSound ?? null,
    spec.cfgScale ?? null,
  ];
  return createHash("sha256").update(JSON.stringify(normalized)).digest("hex");
}
