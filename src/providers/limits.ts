import type { Verified } from "./pricing.js";

/**
 * Input limits of every provider, as dated data: what each one accepts for the character image and
 * the motion reference video, and how long its output links live. Copied from the project's
 * contracts (limits.json, read on 2026-11-21); each entry says where it came from and how sure we
 * are. `null` means not documented in the sources read: a null limit is not checked.
 *
 * Keyed by provider name, so a new provider needs one entry here and nothing else.
 */

/** A limit on the character image. Pixels are per side; the aspect ratio is width / height. */
export interface ImageLimits {
  /** File types, lower case ("jpg", "png", ...). */
  formats: readonly string[] | null;
  /** Bytes; the providers' "10MB" is taken as MiB. */
  maxBytes: number | null;
  minPx: number | null;
  maxPx: number | null;
  aspectRatioMin: number | null;
  aspectRatioMax: number | null;
  /** The provider takes the image inline as base64 (no public URL needed). */
  base64Allowed: boolean | null;
  verified: Verified;
  source: string;
}

/** A limit on the motion reference video. The output is as long as this video. */
export interface VideoLimits {
  formats: readonly string[] | null;
  maxBytes: number | null;
  minPx: number | null;
  maxPx: number | null;
  minSeconds: number | null;
  /** Longest video by character orientation: 10 s with `image`, 30 s with `video` (Kling's rule). */
  maxSeconds: { image: number | null; video: number | null };
  verified: Verified;
  source: string;
}

export interface OutputLimits {
  /** How long a finished output's link can be downloaded. */
  linkLifetimeSeconds: number | null;
  verified: Verified;
  source: string;
}

export interface InputLimits {
  image: ImageLimits;
  video: VideoLimits;
  output: OutputLimits;
  /** The day the sources were read (YYYY-MM-DD). */
  seenOn: string;
}

const MIB = 1024 * 1024;
const SEEN_ON = "2026-11-21";
const KLING_REFERENCE = "Kling official API reference (a public copy, Motion Control section)";

/** Kling's own limits: fal, Replicate and reAPI forward to Kling and document none of their own. */
function klingImage(verified: Verified, source: string): ImageLimits {
  return {
    formats: ["jpg", "jpeg", "png"],
    maxBytes: 10 * MIB,
    minPx: 300,
    maxPx: 65536,
    aspectRatioMin: 0.4,
    aspectRatioMax: 2.5,
    base64Allowed: true,
    verified,
    source,
  };
}

function klingVideo(verified: Verified, source: string): VideoLimits {
  return {
    formats: ["mp4", "mov"],
    maxBytes: 100 * MIB,
    minPx: 340,
    maxPx: 3850,
    minSeconds: 3,
    maxSeconds: { image: 10, video: 30 },
    verified,
    source,
  };
}

const UNDOCUMENTED_OUTPUT: OutputLimits = {
  linkLifetimeSeconds: null,
  verified: "read",
  source: "not documented in the pages read",
};

const kling: InputLimits = {
  image: klingImage("read", KLING_REFERENCE),
  video: klingVideo("read", KLING_REFERENCE),
  output: { linkLifetimeSeconds: 30 * 24 * 3600, verified: "read", source: `${KLING_REFERENCE}: cleared after 30 days` },
  seenOn: SEEN_ON,
};

export const INPUT_LIMITS: Readonly<Record<string, InputLimits>> = {
  kling,
  // The simulator speaks Kling's API and holds inputs to Kling's limits, so a plan on `sim` fails
  // where a plan on `kling` would.
  sim: {
    image: { ...kling.image, source: `as kling: ${kling.image.source}` },
    video: { ...kling.video, source: `as kling: ${kling.video.source}` },
    output: { linkLifetimeSeconds: null, verified: "read", source: "the simulator serves outputs while it runs" },
    seenOn: SEEN_ON,
  },
  freepik: {
    image: {
      formats: ["jpg", "jpeg", "png", "webp"],
      maxBytes: 10 * MIB,
      minPx: 300,
      maxPx: null,
      aspectRatioMin: null,
      aspectRatioMax: null,
      base64Allowed: false,
      verified: "read",
      source: "Freepik OpenAPI for kling-v3-motion-control-pro (a public copy); other Freepik Kling endpoints state aspect 1:2.5-2.5:1",
    },
    video: {
      formats: ["mp4", "mov", "webm", "m4v"],
      maxBytes: null,
      minPx: null,
      maxPx: null,
      minSeconds: 3,
      maxSeconds: { image: 10, video: 30 },
      verified: "read",
      source: "same spec (3-30 s; orientation image: output max 10 s, video: max 30 s)",
    },
    output: UNDOCUMENTED_OUTPUT,
    seenOn: SEEN_ON,
  },
  fal: {
    image: klingImage("inferred", "not documented by fal in the sources read; Kling's own limits assumed (fal forwards to Kling)"),
    video: klingVideo("inferred", "not documented by fal in the sources read; Kling's own limits assumed (fal forwards to Kling)"),
    output: UNDOCUMENTED_OUTPUT,
    seenOn: SEEN_ON,
  },
  replicate: {
    image: klingImage("inferred", "not stated by Replicate in the sources read; Kling's own limits assumed"),
    video: klingVideo("inferred", "not stated by Replicate in the sources read; Kling's own limits assumed"),
    output: {
      linkLifetimeSeconds: 3600,
      verified: "read",
      source: "Replicate docs, data retention (prediction inputs, outputs and files deleted after 1 hour)",
    },
    seenOn: SEEN_ON,
  },
  evolink: {
    image: {
      formats: ["jpg", "jpeg", "png"],
      maxBytes: 10 * MIB,
      minPx: 300,
      maxPx: null,
      aspectRatioMin: 0.4,
      aspectRatioMax: 2.5,
      base64Allowed: null,
      verified: "read",
      source: "https://docs.evolink.ai/en/api-manual/video-series/kling/kling-v3-motion-control",
    },
    video: {
      formats: null,
      maxBytes: null,
      minPx: null,
      maxPx: null,
      minSeconds: 3,
      maxSeconds: { image: null, video: 30 },
      verified: "read",
      source: "same page (3 to 30 seconds)",
    },
    output: { linkLifetimeSeconds: 86400, verified: "read", source: "same page ('Generated video links are valid for 24 hours')" },
    seenOn: SEEN_ON,
  },
  vidgo: {
    image: {
      formats: null,
      maxBytes: null,
      minPx: null,
      maxPx: null,
      aspectRatioMin: null,
      aspectRatioMax: null,
      base64Allowed: null,
      verified: "read",
      source: "not captured from https://docs.vidgo.ai/api-manual/video-series/kling-2.6-motion-control",
    },
    video: {
      formats: null,
      maxBytes: null,
      minPx: null,
      maxPx: null,
      minSeconds: null,
      maxSeconds: { image: 10, video: 30 },
      verified: "read",
      source: "same page ('max 10s output' / 'max 30s output')",
    },
    output: UNDOCUMENTED_OUTPUT,
    seenOn: SEEN_ON,
  },
  aimlapi: {
    image: {
      formats: null,
      maxBytes: null,
      minPx: 300,
      maxPx: 65536,
      aspectRatioMin: null,
      aspectRatioMax: null,
      base64Allowed: true,
      verified: "read",
      source:
        "repo aimlapi/api-docs, video-v2.6-pro-motion-control.md ('short edge at least 300-340 px, long edge must not exceed 3850-65536 px'); base64 only as a data: URI",
    },
    video: {
      formats: null,
      maxBytes: null,
      minPx: 340,
      maxPx: 3850,
      minSeconds: 3,
      maxSeconds: { image: 10, video: 30 },
      verified: "read",
      source: "same page + the schema's character_orientation description",
    },
    output: { linkLifetimeSeconds: null, verified: "read", source: "not documented" },
    seenOn: SEEN_ON,
  },
  reapi: {
    image: klingImage("inferred", "nothing documented; Kling's own limits assumed"),
    video: klingVideo("inferred", "nothing documented; Kling's own limits assumed"),
    output: { linkLifetimeSeconds: null, verified: "inferred", source: "unknown" },
    seenOn: SEEN_ON,
  },
  unified: {
    image: {
      formats: null,
      maxBytes: null,
      minPx: null,
      maxPx: null,
      aspectRatioMin: null,
      aspectRatioMax: null,
      base64Allowed: null,
      verified: "inferred",
      source: "not given",
    },
    video: {
      formats: null,
      maxBytes: null,
      minPx: null,
      maxPx: null,
      minSeconds: null,
      maxSeconds: { image: 10, video: 30 },
      verified: "read",
      source: "product page (character_orientation image: video max 10 s; video: max 30 s)",
    },
    output: { linkLifetimeSeconds: 86400, verified: "read", source: "product page (links valid 24 h)" },
    seenOn: SEEN_ON,
  },
};

/**
 * The limits of a provider. A provider with no entry is held to Kling's own limits (every provider
 * here forwards to Kling), and the answer says so through `source`.
 */
export function inputLimitsOf(provider: string): InputLimits {
  const known = INPUT_LIMITS[provider];
  if (known) return known;
  return {
    image: { ...kling.image, verified: "inferred", source: `no limits recorded for ${provider}; Kling's own assumed` },
    video: { ...kling.video, verified: "inferred", source: `no limits recorded for ${provider}; Kling's own assumed` },
    output: UNDOCUMENTED_OUTPUT,
    seenOn: SEEN_ON,
  };
}
