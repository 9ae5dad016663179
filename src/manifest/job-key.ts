import { createHash } from "node:crypto";
import { mediaIdentity } from "../media/media-ref.js";
import type { ElementSpec, JobSpec } from "./job-spec.js";

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
    // Appended only when present, so the keys of jobs without an element stay what they were.
    ...(spec.element ? [elementIdentity(spec.element)] : []),
    ...(spec.kind ? [spec.kind] : []),
  ];
  return createHash("sha256").update(JSON.stringify(normalized)).digest("hex");
}

/** What makes two elements the same element: its video (by content or URL), name and description. */
export function elementIdentity(element: ElementSpec): string[] {
  return [mediaIdentity(element.video), element.name.trim(), element.description.trim()];
}

/**
 * The job key of the job that creates a character's element: one per provider, character image
 * and element (video, name, description), whatever the model, mode or orientation of its videos.
 */
export function elementJobKey(spec: Pick<JobSpec, "provider" | "image" | "element">): string | undefined {
  if (!spec.element) return undefined;
  const normalized = [KEY_VERSION, "element", spec.provider, mediaIdentity(spec.image), ...elementIdentity(spec.element)];
  return createHash("sha256").update(JSON.stringify(normalized)).digest("hex");
}
