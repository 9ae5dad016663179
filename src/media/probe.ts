import { open, stat } from "node:fs/promises";
import mediaInfoFactory from "mediainfo.js";
import { isoMediaDataStop } from "./iso-media-data.js";

/** What we need to know of an input or an output. */
export interface MediaFacts {
  /** The container's format as mediainfo names it: "MPEG-4", "PNG", "JPEG", ... */
  format: string;
  kind: "video" | "image" | "other";
  /** The file type as providers name it ("png", "jpeg", "webp", "gif", "mp4", "mov", "webm"), when known. */
  type?: string;
  durationSeconds?: number;
  width?: number;
  height?: number;
}

type Track = Record<string, unknown> & { "@type": string };
type MediaInfo = import("mediainfo.js").MediaInfo<"object">;

let shared: Promise<MediaInfo> | undefined;

/** One mediainfo instance per process (its WebAssembly module takes ~30 ms to start). */
function instance(): Promise<MediaInfo> {
  shared ??= mediaInfoFactory({ format: "object" }) as Promise<MediaInfo>;
  return shared;
}

export type ReadChunk = (size: number, offset: number) => Promise<Uint8Array>;

// mediainfo.js analyses one file at a time per instance; calls are queued.
let queue: Promise<unknown> = Promise.resolve();

/** Probes media through a chunk reader (a file, or HTTP Range requests). */
export function probeChunks(size: number, readChunk: ReadChunk): Promise<MediaFacts> {
  const run = queue.then(async () => {
    const mediainfo = await instance();
    const result = await mediainfo.analyzeData(size, readChunk);
    return factsOf((result.media?.track ?? []) as Track[]);
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Bytes a first look may read; when that does not tell the length and size, the next budget is tried. */
export const PROBE_BUDGETS_BYTES: readonly number[] = [64 * 1024, 1024 * 1024, 16 * 1024 * 1024];
/** Largest read handed to mediainfo at once (it asks for 256 KiB, and takes less). */
const PROBE_CHUNK_BYTES = 64 * 1024;

/**
 * Probes media reading only what its container needs: the header, and in MP4/MOV files the index
 * (`moov`), wherever it sits, but not the frames (mediainfo would otherwise read most of the file
 * to look at them). If a first look does not give the kind, size and length, a larger budget is
 * tried, up to the whole file. A reader that fetches (HTTP) should keep what it fetched: a second
 * look asks for the same bytes first.
 */
export async function probeHeaders(size: number, readChunk: ReadChunk): Promise<MediaFacts> {
  let facts: MediaFacts | undefined;
  const looks = [...PROBE_BUDGETS_BYTES.filter((b) => b < size), size].map((budget) => ({ budget, stopAtFrames: true }));
  // The last look reads all mediainfo asks for, frames included (a fragmented MP4 may keep its
  // length in them).
  looks.push({ budget: size, stopAtFrames: false });
  for (const { budget, stopAtFrames } of looks) {
    const stop = stopAtFrames ? isoMediaDataStop() : undefined;
    let given = 0;
    facts = await probeChunks(size, async (length, offset) => {
      if (stop?.reached(offset) || given >= budget) return new Uint8Array(0);
      const data = await readChunk(Math.min(length, PROBE_CHUNK_BYTES, budget - given), offset);
      stop?.observe(offset, data);
      given += data.length;
      return data;
    });
    if (isComplete(facts)) return facts;
  }
  return facts as MediaFacts;
}

/** A probe told us what matters: an image's size, or a video's size and length. */
export function isComplete(facts: MediaFacts): boolean {
  if (facts.width === undefined || facts.height === undefined) return false;
  return facts.kind === "image" || (facts.kind === "video" && facts.durationSeconds !== undefined);
}

export async function probeFile(path: string): Promise<MediaFacts> {
  const handle = await open(path, "r");
  try {
    const { size } = await stat(path);
    return await probeHeaders(size, async (length, offset) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    });
  } finally {
    await handle.close();
  }
}

function num(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

function factsOf(tracks: Track[]): MediaFacts {
  const general = tracks.find((t) => t["@type"] === "General");
  const video = tracks.find((t) => t["@type"] === "Video");
  const image = tracks.find((t) => t["@type"] === "Image");
  const format = String(general?.Format ?? image?.Format ?? "unknown");
  const type = typeOf(format, String(general?.Format_Profile ?? ""));
  const visual = video ?? image;
  const width = num(visual?.Width);
  const height = num(visual?.Height);
  const durationSeconds = num(general?.Duration) ?? num(video?.Duration);
  return {
    format,
    kind: video ? "video" : image ? "image" : "other",
    ...(type ? { type } : {}),
    ...(video && durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(width !== undefined ? { width } : {}),
    ...(height !== undefined ? { height } : {}),
  };
}

const TYPES: Record<string, string> = { PNG: "png", JPEG: "jpeg", WebP: "webp", GIF: "gif", WebM: "webm", "MPEG-4": "mp4" };

function typeOf(format: string, profile: string): string | undefined {
  if (format === "MPEG-4" && profile === "QuickTime") return "mov";
  return TYPES[format];
}
