import type { ProviderDefinition } from "../providers/provider-definition.js";

/**
 * Input limits as `motionbatch providers` shows them: the fields it reads from the input limits
 * of every provider (issue5-media's `src/providers/limits.ts`, `ProviderLimits`, is a superset).
 * `null` means not documented.
 */
export interface ProviderInputLimits {
  image: {
    formats: readonly string[] | null;
    maxBytes: number | null;
    minPx: number | null;
    aspectRatioMin: number | null;
    aspectRatioMax: number | null;
  };
  video: {
    formats: readonly string[] | null;
    maxBytes: number | null;
    minPx: number | null;
    maxPx: number | null;
    minSeconds: number | null;
    maxSeconds: { image: number | null; video: number | null };
  };
  output?: { linkLifetimeSeconds: number | null };
  seenOn?: string;
}

/**
 * MERGE POINT (lead): the input limits of a provider. `src/providers/limits.ts` (branch
 * issue5-media) holds them as `PROVIDER_LIMITS[name]`; when it is merged, make this
 * `(provider) => PROVIDER_LIMITS[provider.name]`. Until then no provider's limits are known here,
 * and `motionbatch providers` says so instead of guessing.
 */
export function limitsOf(_provider: ProviderDefinition): ProviderInputLimits | undefined {
  return undefined;
}

const MIB = 1024 * 1024;

function bytes(value: number | null): string | undefined {
  return value === null ? undefined : `<= ${Math.round((value / MIB) * 10) / 10} MB`;
}

function list(values: readonly string[] | null): string | undefined {
  return values === null ? undefined : values.join("/");
}

/** One line each for the image and the video, leaving out what is not documented. */
export function describeLimits(limits: ProviderInputLimits): { image: string; video: string } {
  const { image, video } = limits;
  const aspect =
    image.aspectRatioMin !== null && image.aspectRatioMax !== null
      ? `aspect 1:${Math.round((1 / image.aspectRatioMin) * 10) / 10} to ${image.aspectRatioMax}:1`
      : undefined;
  const seconds = [
    video.minSeconds !== null ? `>= ${video.minSeconds} s` : undefined,
    video.maxSeconds.image !== null ? `<= ${video.maxSeconds.image} s with orientation image` : undefined,
    video.maxSeconds.video !== null ? `<= ${video.maxSeconds.video} s with orientation video` : undefined,
  ];
  const px = (min: number | null, max: number | null) =>
    min !== null && max !== null ? `${min}-${max} px` : min !== null ? `>= ${min} px` : max !== null ? `<= ${max} px` : undefined;
  const join = (parts: (string | undefined)[]) => parts.filter((p) => p !== undefined).join(", ") || "not documented";
  return {
    image: join([list(image.formats), bytes(image.maxBytes), image.minPx !== null ? `>= ${image.minPx} px` : undefined, aspect]),
    video: join([list(video.formats), bytes(video.maxBytes), px(video.minPx, video.maxPx), ...seconds]),
  };
}
