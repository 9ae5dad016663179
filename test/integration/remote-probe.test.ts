import { createReadStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLedger } from "../../src/ledger/open-ledger.js";
import { preflight } from "../../src/media/preflight.js";
import { ledgerProbeCache } from "../../src/media/probe-cache.js";
import { probeRemote, statRemote } from "../../src/media/probe-remote.js";
import { serveFile } from "../../src/simulator/serve-file.js";
import { REPO } from "../helpers/paths.js";

const CLIP = join(REPO, "test/fixtures/media/long-moov-at-end.mp4");
const CLIP_BYTES = statSync(CLIP).size;

/** A CDN on loopback: serves the clip with Range support and counts the body bytes it sends. */
let server: Server;
let base = "";
let sentBytes = 0;
let requests: string[] = [];
let etag = '"v1"';

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    requests.push(`${req.method} ${path} ${req.headers.range ?? "-"}`);
    const writeHead = res.writeHead.bind(res);
    res.writeHead = ((status: number, headers: Record<string, string | number> = {}) => {
      if (req.method === "GET" && status < 300) sentBytes += Number(headers["content-length"] ?? 0);
      // serveFile's ETag follows the file's mtime; the test decides when "the file changed".
      return writeHead(status, path === "/clip.mp4" ? { ...headers, etag } : headers);
    }) as typeof res.writeHead;
    if (path === "/clip.mp4") return serveFile(req, res, CLIP);
    if (path === "/no-range.mp4") {
      res.writeHead(200, { "content-type": "video/mp4", "content-length": CLIP_BYTES });
      createReadStream(CLIP).pipe(res);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function reset(): void {
  sentBytes = 0;
  requests = [];
}

describe("probing a remote video by HTTP Range", () => {
  it("reads only the header and the index of a clip whose index is at the end: a small fraction of it", async () => {
    reset();
    const url = `${base}/clip.mp4`;
    const stat = await statRemote(url);
    const probe = await probeRemote(url, stat);
    expect(probe.facts).toMatchObject({ kind: "video", type: "mp4", width: 480, height: 480, durationSeconds: 20 });
    expect(probe.bytes).toBe(CLIP_BYTES);
    // What we count is what the server sent.
    expect(probe.bytesRead).toBe(sentBytes);
    expect(probe.bytesRead).toBeLessThan(CLIP_BYTES * 0.15);
    expect(requests.every((r) => /^GET \/clip\.mp4 bytes=\d+-\d+$/.test(r))).toBe(true);
    // The index sits in the last bytes: one of the reads went there.
    expect(requests.some((r) => Number(/bytes=(\d+)/.exec(r)?.[1]) > CLIP_BYTES - 64 * 1024)).toBe(true);
  });

  it("a server that ignores Range is not downloaded: a warning, and the plan assumes the longest video", async () => {
    reset();
    const probes = await preflight([{ kind: "remote", url: `${base}/no-range.mp4` }]);
    const probe = [...probes.values()][0];
    expect(probe?.facts).toBeUndefined();
    expect(probe?.warning).toMatch(/ignores Range requests/);
    expect(probe?.problem).toBeUndefined();
  });

  it("a dead link is a problem that says the link must be public", async () => {
    const probes = await preflight([{ kind: "remote", url: `${base}/gone.mp4` }]);
    expect([...probes.values()][0]?.problem).toBe(
      "the server answered HTTP 404; providers fetch inputs from this link, so it must be public (check the link)",
    );
  });
});

describe("the probe cache in the ledger", () => {
  const dir = mkdtempSync(join(tmpdir(), "motionbatch-probe-cache-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a second plan reads one byte per remote input; a new ETag probes again", async () => {
    const ledger = openLedger(join(dir, "ledger.sqlite"));
    try {
      const cache = ledgerProbeCache(ledger);
      const url = `${base}/clip.mp4`;
      etag = '"v1"';
      reset();
      const first = [...(await preflight([{ kind: "remote", url }], { cache })).values()][0];
      expect(first?.cached).toBe(false);
      expect(first?.facts?.durationSeconds).toBe(20);

      reset();
      const second = [...(await preflight([{ kind: "remote", url }], { cache })).values()][0];
      expect(second?.cached).toBe(true);
      expect(second?.facts).toEqual(first?.facts);
      expect(requests).toEqual(["GET /clip.mp4 bytes=0-0"]);
      expect(sentBytes).toBe(1);

      etag = '"v2"';
      reset();
      const changed = [...(await preflight([{ kind: "remote", url }], { cache })).values()][0];
      expect(changed?.cached).toBe(false);
      expect(requests.length).toBeGreaterThan(1);
      // The URL itself is not a key: the ledger keeps a hash of URL + version.
      const keys = ledger.db.prepare("SELECT media_key FROM media_probes").all() as { media_key: string }[];
      expect(keys).toHaveLength(2);
      for (const { media_key } of keys) expect(media_key).toMatch(/^url:[0-9a-f]{64}$/);
    } finally {
      ledger.close();
    }
  });

  it("local files are cached by content hash: the same bytes under another name are not probed again", async () => {
    const ledger = openLedger(join(dir, "local.sqlite"));
    try {
      const cache = ledgerProbeCache(ledger);
      const sha256 = "ab".repeat(32);
      const first = await preflight([{ kind: "local", path: join(REPO, "test/fixtures/media/video-3.0s.mp4"), sha256, bytes: 2344 }], {
        cache,
      });
      expect([...first.values()][0]?.cached).toBe(false);
      // Same content hash, a path that does not even exist: the cache answers, nothing is read.
      const again = await preflight([{ kind: "local", path: join(dir, "renamed.mp4"), sha256, bytes: 2344 }], { cache });
      expect([...again.values()][0]).toMatchObject({ cached: true, facts: { durationSeconds: 3 } });
    } finally {
      ledger.close();
    }
  });
});
