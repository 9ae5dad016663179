import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, stat, truncate } from "node:fs/promises";
import { request } from "undici";
import { failpoint } from "./failpoint.js";

export class DownloadError extends Error {
  constructor(
    message: string,
    /** "expired": the link answers 403/404/410 (refresh it); "retry": try the same link later. */
    readonly kind: "expired" | "retry",
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DownloadError";
  }
}

export interface Downloaded {
  sha256: string;
  bytes: number;
}

export interface DownloadOptions {
  timeoutMs?: number;
  /** The ETag or Last-Modified of the output the part holds bytes of, from an earlier try. */
  validator?: string | null;
  /** Called with the validator of what this answer sends, before its bytes are written. */
  onValidator?: (validator: string | null) => void;
}

/**
 * Streams `url` to `part`. A part left by an earlier try is resumed with `Range` and `If-Range`
 * (its validator), so a server whose file changed sends the whole new file; a part without a
 * validator is not trusted and starts over, and so does a 200 answer to a Range request. Checks
 * the byte count against the server's length and fsyncs. The caller verifies the content and puts
 * the file in place (placeOutput).
 */
export async function downloadFile(url: string, part: string, options: DownloadOptions = {}): Promise<Downloaded> {
  let have = await stat(part).then(
    (s) => s.size,
    () => 0,
  );
  if (have > 0 && !options.validator) {
    await truncate(part, 0);
    have = 0;
  }
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(url, {
      method: "GET",
      headers: have > 0 ? { range: `bytes=${have}-`, "if-range": options.validator as string } : {},
      headersTimeout: options.timeoutMs ?? 60_000,
      bodyTimeout: options.timeoutMs ?? 60_000,
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new DownloadError(
      `no answer from the output link (${code ?? (error as Error).message})`,
      code === "ECONNREFUSED" ? "expired" : "retry",
      {
        cause: error,
      },
    );
  }
  const status = response.statusCode;
  if (status === 403 || status === 404 || status === 410) {
    await response.body.dump();
    throw new DownloadError(`the output link answered HTTP ${status}`, "expired");
  }
  if (status === 416 && have > 0) {
    // The part is already whole or longer than the file: start over.
    await response.body.dump();
    await truncate(part, 0);
    throw new DownloadError("the partial download did not match the file; starting over", "retry");
  }
  if (status !== 200 && status !== 206) {
    await response.body.dump();
    throw new DownloadError(`the output link answered HTTP ${status}`, "retry");
  }
  const resuming = status === 206 && have > 0;
  const expected = expectedTotal(response.headers, status, resuming ? have : 0);
  const hash = createHash("sha256");
  if (resuming) {
    for await (const chunk of createReadStream(part)) hash.update(chunk as Buffer);
  }
  const file = await open(part, resuming ? "a" : "w");
  // After the part holds only bytes of this version (opened "w" truncates it), before any is written.
  options.onValidator?.(validatorOf(response.headers));
  let bytes = resuming ? have : 0;
  try {
    let chunks = 0;
    for await (const chunk of response.body) {
      const buffer = chunk as Buffer;
      hash.update(buffer);
      await file.write(buffer);
      bytes += buffer.length;
      chunks += 1;
      if (chunks === 1) failpoint("mid-download");
    }
    await file.sync();
  } catch (error) {
    throw new DownloadError(`the download broke off after ${bytes} bytes (${(error as Error).message})`, "retry", { cause: error });
  } finally {
    await file.close();
  }
  if (expected !== undefined && bytes !== expected) {
    if (bytes > expected) await truncate(part, 0);
    throw new DownloadError(`got ${bytes} bytes of ${expected}`, "retry");
  }
  return { sha256: hash.digest("hex"), bytes };
}

/** A strong ETag, else Last-Modified: what If-Range accepts. A weak ETag cannot be used for ranges. */
function validatorOf(headers: Record<string, string | string[] | undefined>): string | null {
  const first = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const etag = first("etag");
  if (etag && !etag.startsWith("W/")) return etag;
  return first("last-modified") ?? null;
}

function expectedTotal(headers: Record<string, string | string[] | undefined>, status: number, offset: number): number | undefined {
  const header = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  if (status === 206) {
    const total = /\/(\d+)$/.exec(header("content-range") ?? "")?.[1];
    if (total) return Number(total);
  }
  const length = header("content-length");
  return length === undefined ? undefined : offset + Number(length);
}

/** fsync a folder so a rename in it survives a power cut. */
export async function syncDir(path: string): Promise<void> {
  const dir = await open(path, "r");
  try {
    await dir.sync();
  } catch {
    // Some file systems do not allow fsync on a folder; the rename is still atomic.
  } finally {
    await dir.close();
  }
}
