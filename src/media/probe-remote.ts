import { type Dispatcher, getGlobalDispatcher, interceptors, request } from "undici";
import { type MediaFacts, probeHeaders } from "./probe.js";

/** What a remote input looks like, and what it cost to find out. */
export interface RemoteProbe {
  facts: MediaFacts;
  /** The file's size, from Content-Range. */
  bytes: number;
  /** Body bytes received while probing (the point of Range requests: a small part of `bytes`). */
  bytesRead: number;
}

/** What the server says about a URL before any of it is read. */
export interface RemoteStat {
  bytes: number;
  /** ETag, or Last-Modified with the size when there is no ETag: what changes when the file does. */
  validator?: string;
  bytesRead: number;
}

/** Why a remote input could not be probed. `status` is the HTTP status when the server answered. */
export class RemoteProbeError extends Error {
  readonly status: number | undefined;

  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RemoteProbeError";
    this.status = status;
  }
}

export interface RemoteProbeOptions {
  /** Largest single Range request. @default 65536 */
  chunkBytes?: number;
  /** Per request: time to the headers and between body bytes. @default 30000 */
  timeoutMs?: number;
}

const DEFAULT_CHUNK_BYTES = 64 * 1024;

let redirecting: Dispatcher | undefined;

/** Media links often redirect (to a CDN, a signed URL): follow a few. */
function dispatcher(): Dispatcher {
  redirecting ??= getGlobalDispatcher().compose(interceptors.redirect({ maxRedirections: 5 }));
  return redirecting;
}

/** One Range request. Fails when the server ignores Range (a 200 would send the whole file). */
async function readRange(
  url: string,
  start: number,
  end: number,
  timeoutMs: number,
): Promise<{ data: Uint8Array; total?: number; headers: Record<string, unknown> }> {
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(url, {
      headers: { range: `bytes=${start}-${end}`, "accept-encoding": "identity" },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      dispatcher: dispatcher(),
    });
  } catch (error) {
    throw new RemoteProbeError(`cannot reach it (${(error as Error).message})`, undefined, { cause: error });
  }
  const { statusCode, headers, body } = response;
  if (statusCode !== 206) {
    // Reads at most a little of an unwanted body, then drops the connection.
    await body.dump({ limit: 16 * 1024 }).catch(() => undefined);
    if (statusCode === 200)
      throw new RemoteProbeError("the server ignores Range requests, so it cannot be probed without downloading it", 200);
    if (statusCode === 416) throw new RemoteProbeError("the file is empty", 416);
    throw new RemoteProbeError(`the server answered HTTP ${statusCode}`, statusCode);
  }
  const data = new Uint8Array(await body.arrayBuffer());
  const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(String(headers["content-range"] ?? ""));
  if (!range || Number(range[1]) !== start) throw new RemoteProbeError("the server sent a Range answer for other bytes than asked");
  return { data, ...(range[3] !== "*" ? { total: Number(range[3]) } : {}), headers };
}

/** Size and validator of a remote file, reading one byte (a HEAD is refused by presigned GET URLs). */
export async function statRemote(url: string, options: RemoteProbeOptions = {}): Promise<RemoteStat> {
  const first = await readRange(url, 0, 0, options.timeoutMs ?? 30_000);
  if (first.total === undefined) throw new RemoteProbeError("the server does not say the file's size");
  const etag = first.headers.etag;
  const modified = first.headers["last-modified"];
  const validator =
    typeof etag === "string" && etag !== ""
      ? `etag:${etag}`
      : typeof modified === "string"
        ? `last-modified:${modified};size:${first.total}`
        : undefined;
  return { bytes: first.total, ...(validator ? { validator } : {}), bytesRead: first.data.length };
}

/**
 * Probes a remote image or video through HTTP Range requests that fetch only what its container
 * needs (probe.ts decides what that is). Each byte is fetched at most once.
 */
export async function probeRemote(url: string, known: RemoteStat, options: RemoteProbeOptions = {}): Promise<RemoteProbe> {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const fetched = new Map<number, Uint8Array>();
  let bytesRead = known.bytesRead;
  const facts = await probeHeaders(known.bytes, async (length, offset) => {
    const size = Math.min(length, chunkBytes, known.bytes - offset);
    const seen = fetched.get(offset);
    if (seen && seen.length >= size) return seen.subarray(0, size);
    const { data } = await readRange(url, offset, offset + size - 1, timeoutMs);
    bytesRead += data.length;
    fetched.set(offset, data);
    return data;
  });
  return { facts, bytes: known.bytes, bytesRead };
}
