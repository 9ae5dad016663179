import type { ImageLimits, VideoLimits } from "../providers/limits.js";

/** The fields of a provider's input limits that `motionbatch providers` shows. */
export interface ShownLimits {
  image: Pick<ImageLimits, "formats" | "maxBytes" | "minPx" | "maxPx" | "aspectRatioMin" | "aspectRatioMax">;
  video: Pick<VideoLimits, "formats" | "maxBytes" | "minPx" | "maxPx" | "minSeconds" | "maxSeconds">;
}

const MIB = 1024 * 1024;

function bytes(value: number | null): string | undefined {
  return value === null ? undefined : `<= ${Math.round((value / MIB) * 10) / 10} MB`;
}

function list(values: readonly string[] | null): string | undefined {
  return values === null ? undefined : values.join("/");
}

function px(min: number | null, max: number | null): string | undefined {
  if (min !== null && max !== null) return `${min}-${max} px`;
  if (min !== null) return `>= ${min} px`;
  return max !== null ? `<= ${max} px` : undefined;
}

/** One line each for the image and the video, leaving out what is not documented. */
export function describeLimits(limits: ShownLimits): { image: string; video: string } {
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
  const join = (parts: (string | undefined)[]) => parts.filter((p) => p !== undefined).join(", ") || "not documented";
  return {
    image: join([list(image.formats), bytes(image.maxBytes), px(image.minPx, image.maxPx), aspect]),
    video: join([list(video.formats), bytes(video.maxBytes), px(video.minPx, video.maxPx), ...seconds]),
  };
}
