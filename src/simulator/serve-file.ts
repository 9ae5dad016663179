import { createReadStream, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname } from "node:path";

const TYPES: Record<string, string> = {
  ".mp4": "video/mp4",
  ".mov": "video/quicktime",
  ".webm": "video/webm",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
};

export interface ServeOptions {
  /** Answer Range requests with the whole file and 200, as some servers do. */
  ignoreRange?: boolean;
  /** Send the headers and this fraction of the body, then cut the connection. */
  truncateAt?: number;
}

/**
 * Serves one file with Content-Length and single-range `Range` support, as a CDN would. `If-Range`
 * is honoured: a Range request whose validator does not match the file's ETag gets the whole file.
 */
export function serveFile(req: IncomingMessage, res: ServerResponse, path: string, options: ServeOptions = {}): void {
  let size: number;
  let mtimeMs: number;
  try {
    const stat = statSync(path);
    size = stat.size;
    mtimeMs = stat.mtimeMs;
  } catch {
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    return;
  }
  const headers: Record<string, string | number> = {
    "content-type": TYPES[extname(path).toLowerCase()] ?? "application/octet-stream",
    "accept-ranges": "bytes",
    etag: `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`,
  };
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? "");
  const ifRange = req.headers["if-range"];
  const rangeHonoured = !options.ignoreRange && (ifRange === undefined || ifRange === headers.etag);
  if (range && rangeHonoured && (range[1] !== "" || range[2] !== "")) {
    let start = range[1] === "" ? size - Number(range[2]) : Number(range[1]);
    let end = range[1] === "" || range[2] === "" ? size - 1 : Number(range[2]);
    start = Math.max(0, start);
    end = Math.min(size - 1, end);
    if (start > end || start >= size) {
      res.writeHead(416, { "content-range": `bytes */${size}` }).end();
      return;
    }
    res.writeHead(206, { ...headers, "content-length": end - start + 1, "content-range": `bytes ${start}-${end}/${size}` });
    if (req.method === "HEAD") return void res.end();
    send(res, path, start, end, options.truncateAt);
    return;
  }
  res.writeHead(200, { ...headers, "content-length": size });
  if (req.method === "HEAD") return void res.end();
  send(res, path, 0, size - 1, options.truncateAt);
}

function send(res: ServerResponse, path: string, start: number, end: number, truncateAt: number | undefined): void {
  if (truncateAt === undefined) {
    createReadStream(path, { start, end }).pipe(res);
    return;
  }
  // Part of the promised body, then a cut connection: what a dropped download looks like.
  const cut = start + Math.floor((end - start + 1) * Math.min(Math.max(truncateAt, 0), 1)) - 1;
  const stream = createReadStream(path, { start, end: Math.max(start, cut) });
  stream.on("data", (chunk) => res.write(chunk));
  stream.on("end", () => res.destroy());
  stream.on("error", () => res.destroy());
}
