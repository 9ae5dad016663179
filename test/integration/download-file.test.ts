import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DownloadError, downloadFile } from "../../src/runner/download-file.js";
import { serveFile } from "../../src/simulator/serve-file.js";
import { REPO, tempDir } from "../helpers/paths.js";

const CLIP = join(REPO, "assets", "sim-clips", "clip-4s.mp4");
const clip = readFileSync(CLIP);
const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

/** Serves the clip as a CDN would, recording the headers of every request. */
async function cdn(options: { ignoreRange?: boolean } = {}): Promise<{ url: string; seen: IncomingHttpHeaders[]; etag: string }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    serveFile(req, res, CLIP, options);
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  servers.push(server);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/clip.mp4`;
  const head = await fetch(url, { method: "HEAD" });
  return { url, seen, etag: head.headers.get("etag") as string };
}

describe("downloadFile", () => {
  it("resumes a part with Range and If-Range when its validator still matches", async () => {
    const { url, seen, etag } = await cdn();
    const part = join(tempDir(), "out.mp4.part");
    writeFileSync(part, clip.subarray(0, 1000));
    const validators: (string | null)[] = [];
    const result = await downloadFile(url, part, { validator: etag, onValidator: (v) => validators.push(v) });
    expect(seen.at(-1)).toMatchObject({ range: "bytes=1000-", "if-range": etag });
    expect(result).toEqual({ sha256: sha(clip), bytes: clip.length });
    expect(readFileSync(part).equals(clip)).toBe(true);
    expect(validators).toEqual([etag]);
  });

  it("starts over when the file changed (If-Range does not match): the server sends it whole", async () => {
    const { url, seen } = await cdn();
    const part = join(tempDir(), "out.mp4.part");
    writeFileSync(part, Buffer.alloc(1000, 7)); // bytes of another version
    const result = await downloadFile(url, part, { validator: '"an-older-version"' });
    expect(seen.at(-1)).toMatchObject({ range: "bytes=1000-", "if-range": '"an-older-version"' });
    expect(result.sha256).toBe(sha(clip));
    expect(readFileSync(part).equals(clip)).toBe(true);
  });

  it("starts over when the server ignores Range and answers 200", async () => {
    const { url, etag } = await cdn({ ignoreRange: true });
    const part = join(tempDir(), "out.mp4.part");
    writeFileSync(part, clip.subarray(0, 1000));
    const result = await downloadFile(url, part, { validator: etag });
    expect(result).toEqual({ sha256: sha(clip), bytes: clip.length });
  });

  it("does not trust a part without a validator: no Range is sent, the file comes whole", async () => {
    const { url, seen } = await cdn();
    const part = join(tempDir(), "out.mp4.part");
    writeFileSync(part, Buffer.alloc(1000, 7));
    const result = await downloadFile(url, part);
    expect(seen.at(-1)?.range).toBeUndefined();
    expect(result.sha256).toBe(sha(clip));
  });

  it("an expired link is an `expired` DownloadError (the caller asks the provider for a fresh one)", async () => {
    const server = createServer((_req, res) => res.writeHead(403).end("Request has expired"));
    await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
    servers.push(server);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x.mp4`;
    const error = await downloadFile(url, join(tempDir(), "x.part")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect(error).toMatchObject({ kind: "expired", message: "the output link answered HTTP 403" });
  });
});
