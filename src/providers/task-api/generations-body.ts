import type { SubmitRequest } from "../contract.js";
import { modelIdOf } from "./not-offered.js";

const MODELS = { "kling-v3": "kling-v3-motion-control", "kling-v2.6": "kling-v2-6-motion-control" } as const;

/**
 * The body of the `/videos/generations` family that takes flat URLs and Kling's own words (reAPI
 * and unified): `mode` std/pro and `keep_original_sound` "yes"/"no" [read: product pages].
 */
export function generationsBody(provider: string, request: SubmitRequest): Record<string, unknown> {
  const { spec } = request;
  return {
    model: modelIdOf(provider, MODELS, spec),
    image_url: request.imageUrl,
    video_url: request.videoUrl,
    // Both sent always: the defaults (std, orientation `image`) are not the manifest's.
    mode: spec.mode,
    character_orientation: spec.orientation,
    ...(spec.prompt !== undefined ? { prompt: spec.prompt } : {}),
    ...(spec.keepSound !== undefined ? { keep_original_sound: spec.keepSound ? "yes" : "no" } : {}),
  };
}
