import { open, stat } from "node:fs/promises";
import mediaInfoFactory from "mediainfo.js";

/** What we need to know of an input or an output. */
export interface MediaFacts {
  /** The container's format as mediainfo names it: "MPEG-4", "PNG", "JPEG", ... */
  format: string;
  kind: "video" | "image" | "other";
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

export async function probeFile(path: string): Promise<MediaFacts> {
  const handle = await open(path, "r");
  try {
    const { size } = await stat(path);
    return await probeChunks(size, async (length, offset) => {
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
  const visual = video ?? image;
  const width = num(visual?.Width);
  const height = num(visual?.Height);
  const durationSeconds = num(general?.Duration) ?? num(video?.Duration);
  return {
    format,
    kind: video ? "video" : image ? "image" : "other",
    ...(video && durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(width !== undefined ? { width } : {}),
    ...(height !== undefined ? { height } : {}),
  };
}
