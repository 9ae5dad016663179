import { MotionbatchError } from "../errors.js";
import type { MediaRef } from "../media/media-ref.js";

/**
 * Where a provider that fetches its inputs by URL learns a local file's public URL. Today there is
 * no upload store, so a local file is refused; the S3 upload store plugs in here (and in
 * `publicUrlProblem`), for every provider at once.
 */
export async function requirePublicUrl(ref: MediaRef, role: "image" | "video", provider: string): Promise<string> {
  if (ref.kind === "remote") return ref.url;
  throw new MotionbatchError("E_INPUT", publicUrlProblem(ref, role, provider) as string);
}

/** Why `requirePublicUrl` would refuse an input (for plan time), or undefined when it would not. */
export function publicUrlProblem(ref: MediaRef, role: "image" | "video", provider: string): string | undefined {
  if (ref.kind === "remote") return undefined;
  return `${provider} fetches the ${role} by URL; use a public URL in the manifest, or configure the upload store`;
}
