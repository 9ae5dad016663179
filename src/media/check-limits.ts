import type { Orientation } from "../manifest/columns.js";
import type { ImageLimits, InputLimits, VideoLimits } from "../providers/limits.js";
import type { MediaFacts } from "./probe.js";

/** One input of one job, as the preflight found it. */
export interface LimitCheck {
  role: "image" | "video";
  /** How the input is named in messages (its file name). */
  label: string;
  facts: MediaFacts;
  bytes?: number;
  orientation: Orientation;
  provider: string;
}

/** Durations in containers are rounded (a 10 s clip may say 10.02 s): a small tolerance. */
const SECONDS_TOLERANCE = 0.05;
const RATIO_TOLERANCE = 1e-6;
const MIB = 1024 * 1024;

/**
 * Why this provider cannot take this input, one message per limit broken, each saying the fix.
 * Limits the provider does not document (null) are not checked.
 */
export function limitProblems(input: LimitCheck, limits: InputLimits): string[] {
  const { role, label, facts } = input;
  if (facts.kind !== role) return [`${label} is not ${role === "image" ? "an image" : "a video"} (${facts.format})`];
  const rule = role === "image" ? limits.image : limits.video;
  const problems: string[] = [];
  const formatProblem = checkFormat(input, rule.formats);
  if (formatProblem) problems.push(formatProblem);
  if (rule.maxBytes !== null && input.bytes !== undefined && input.bytes > rule.maxBytes) {
    problems.push(
      `${label} is ${mb(input.bytes)}; ${input.provider} takes ${role}s up to ${mb(rule.maxBytes)} (${role === "image" ? "compress or scale it down" : "compress it, or trim the clip"})`,
    );
  }
  problems.push(...checkPixels(input, rule));
  if (role === "image") problems.push(...checkAspect(input, limits.image));
  else problems.push(...checkSeconds(input, limits.video));
  return problems;
}

function checkFormat(input: LimitCheck, formats: readonly string[] | null): string | undefined {
  if (formats === null) return undefined;
  const type = input.facts.type;
  const accepted = type !== undefined && (formats.includes(type) || (type === "jpeg" && formats.includes("jpg")));
  if (accepted) return undefined;
  const fix = input.role === "image" ? "save it as PNG or JPEG" : "convert it to MP4 (H.264)";
  return `${input.label} is ${type ?? input.facts.format}; ${input.provider} takes ${input.role}s in ${list(formats)} (${fix})`;
}

function checkPixels(input: LimitCheck, rule: ImageLimits | VideoLimits): string[] {
  const { width, height } = input.facts;
  if (width === undefined || height === undefined) return [];
  const size = `${input.label} is ${width}x${height} px`;
  if (rule.minPx !== null && Math.min(width, height) < rule.minPx) {
    const fix = input.role === "image" ? "use a larger image" : "use a larger video";
    return [`${size}; ${input.provider} needs at least ${rule.minPx} px on each side (${fix})`];
  }
  if (rule.maxPx !== null && Math.max(width, height) > rule.maxPx) {
    return [`${size}; ${input.provider} takes at most ${rule.maxPx} px on each side (scale it down)`];
  }
  return [];
}

function checkAspect(input: LimitCheck, rule: ImageLimits): string[] {
  const { width, height } = input.facts;
  if (width === undefined || height === undefined || height === 0) return [];
  const ratio = width / height;
  const low = rule.aspectRatioMin;
  const high = rule.aspectRatioMax;
  if ((low === null || ratio >= low - RATIO_TOLERANCE) && (high === null || ratio <= high + RATIO_TOLERANCE)) return [];
  const range = `${low === null ? "any" : ratioText(low)} to ${high === null ? "any" : ratioText(high)}`;
  return [
    `${input.label} is ${width}x${height} px (aspect ${ratioText(ratio)}); ${input.provider} takes aspect ratios from ${range} (crop it)`,
  ];
}

function checkSeconds(input: LimitCheck, rule: VideoLimits): string[] {
  const seconds = input.facts.durationSeconds;
  if (seconds === undefined) return [];
  const length = `${input.label} is ${seconds.toFixed(1)} s`;
  if (rule.minSeconds !== null && seconds < rule.minSeconds - SECONDS_TOLERANCE) {
    return [`${length}; the shortest reference video is ${rule.minSeconds} s (use a longer clip)`];
  }
  const max = rule.maxSeconds[input.orientation];
  if (max === null || seconds <= max + SECONDS_TOLERANCE) return [];
  const other: Orientation = input.orientation === "image" ? "video" : "image";
  const otherMax = rule.maxSeconds[other];
  const fix = otherMax !== null && seconds <= otherMax + SECONDS_TOLERANCE ? `use orientation=${other}, or trim the clip` : "trim the clip";
  return [`${length}; with orientation=${input.orientation} the limit is ${max} s (${fix})`];
}

function mb(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MB`;
}

/** 2.5 -> "2.5:1", 0.4 -> "1:2.5". */
function ratioText(ratio: number): string {
  const round = (n: number) => String(Math.round(n * 100) / 100);
  return ratio >= 1 ? `${round(ratio)}:1` : `1:${round(1 / ratio)}`;
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}
