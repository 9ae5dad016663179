import { MotionbatchError } from "../errors.js";
import type { MediaRef } from "../media/media-ref.js";
import type { InputOptions, PublicUrlStore } from "./provider-definition.js";

/**
 * Where a provider that fetches its inputs by URL learns a local file's public URL: the upload
 * store (src/upload/, an S3-compatible bucket) when one is configured, for every provider at once.
 * Without one, a local file is refused.
 */
export async function requirePublicUrl(
  ref: MediaRef,
  role: "image" | "video",
  provider: string,
  uploads: PublicUrlStore | undefined,
): Promise<string> {
  if (ref.kind === "remote") return ref.url;
  if (uploads) return uploads.publicUrlFor(ref);
  throw new MotionbatchError("E_INPUT", publicUrlProblem(ref, role, provider) as string);
}

/** Why `requirePublicUrl` would refuse an input (for plan time), or undefined when it would not. */
export function publicUrlProblem(ref: MediaRef, role: "image" | "video", provider: string, options?: InputOptions): string | undefined {
  if (ref.kind === "remote" || options?.canUpload) return undefined;
  const what = role === "video" ? "reference video" : "character image";
  return `${provider} needs the ${what} as a public URL; set MOTIONBATCH_S3_BUCKET (an upload store, see docs/PLANNING.md) or use the file's URL in the manifest`;
}
