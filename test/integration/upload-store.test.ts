import { createHash } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MotionbatchError } from "../../src/errors.js";
import { type Ledger, openLedger } from "../../src/ledger/open-ledger.js";
import type { MediaRef } from "../../src/media/media-ref.js";
import { type UploadConfig, uploadConfigFromEnv } from "../../src/upload/upload-config.js";
import { openUploadStore, type UploadStore } from "../../src/upload/upload-store.js";
import { REPO, tempDir } from "../helpers/paths.js";
import { type RunningS3, startS3Server } from "../helpers/s3-server.js";

const VIDEO = join(REPO, "test/fixtures/media/video-3.0s.mp4");

function localRef(path: string): MediaRef & { kind: "local" } {
  const bytes = readFileSync(path);
  return { kind: "local", path, sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.length };
}

let s3: RunningS3;
let ledger: Ledger;
let dir: string;
const stores: UploadStore[] = [];

beforeEach(async () => {
  s3 = await startS3Server();
  dir = tempDir();
  ledger = openLedger(join(dir, "ledger.sqlite"));
});

afterEach(async () => {
  for (const store of stores.splice(0)) store.close();
  ledger.close();
  await s3.close();
});

function config(overrides: Partial<UploadConfig> = {}): UploadConfig {
  const parsed = uploadConfigFromEnv({
    MOTIONBATCH_S3_BUCKET: s3.bucket,
    MOTIONBATCH_S3_ENDPOINT: s3.endpoint,
    MOTIONBATCH_S3_PATH_STYLE: "true",
    MOTIONBATCH_S3_URL_TTL_HOURS: "2",
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
  }) as UploadConfig;
  return { ...parsed, ...overrides };
}

async function store(overrides: Partial<UploadConfig> = {}): Promise<UploadStore> {
  const opened = await openUploadStore(config(overrides), { ledger });
  stores.push(opened);
  return opened;
}

const puts = () => s3.requests.filter((r) => r.startsWith("PUT ")).length;
const heads = () => s3.requests.filter((r) => r.startsWith("HEAD ")).length;

describe("the upload store against a real S3-protocol server (s3rver)", () => {
  it("uploads a local file under its content hash and hands out a presigned GET URL that serves the same bytes", async () => {
    const ref = localRef(VIDEO);
    const url = await (await store()).publicUrlFor(ref);
    expect(new URL(url).pathname).toBe(`/${s3.bucket}/motionbatch/inputs/${ref.sha256}.mp4`);
    expect(new URL(url).searchParams.get("X-Amz-Expires")).toBe("7200");
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const body = Buffer.from(await response.arrayBuffer());
    expect(createHash("sha256").update(body).digest("hex")).toBe(ref.sha256);
    expect(s3.requests.slice(0, 2)).toEqual([
      `HEAD /${s3.bucket}/motionbatch/inputs/${ref.sha256}.mp4`,
      `PUT /${s3.bucket}/motionbatch/inputs/${ref.sha256}.mp4`,
    ]);
  });

  it("uploads each file once: many jobs at once, and a later run, only look (HEAD) before they would PUT", async () => {
    const ref = localRef(VIDEO);
    const first = await store();
    await Promise.all([first.publicUrlFor(ref), first.publicUrlFor(ref), first.publicUrlFor(ref)]);
    expect([heads(), puts()]).toEqual([1, 1]);
    await first.publicUrlFor(ref);
    expect([heads(), puts()]).toEqual([1, 1]);

    // The next run (a new store): the object is there with the right size, so no PUT.
    const next = await store();
    await next.publicUrlFor(ref);
    expect([heads(), puts()]).toEqual([2, 1]);
  });

  it("records the object key in the ledger, never a URL, a signature or a key", async () => {
    const ref = localRef(VIDEO);
    await (await store()).publicUrlFor(ref);
    const rows = ledger.db.prepare("SELECT store, sha256, object_key, bytes, content_type FROM uploads").all();
    expect(rows).toEqual([
      {
        store: `${s3.endpoint}/${s3.bucket}`,
        sha256: ref.sha256,
        object_key: `motionbatch/inputs/${ref.sha256}.mp4`,
        bytes: ref.bytes,
        content_type: "video/mp4",
      },
    ]);
    ledger.db.pragma("wal_checkpoint(TRUNCATE)");
    const file = readFileSync(join(dir, "ledger.sqlite")).toString("latin1");
    expect(file).not.toContain("X-Amz-");
    expect(file).not.toContain(s3.secretAccessKey);
  });

  it("an object of the wrong size (a broken earlier upload) is uploaded again", async () => {
    const ref = localRef(VIDEO);
    const broken = join(dir, "broken.mp4");
    writeFileSync(broken, readFileSync(VIDEO).subarray(0, 100));
    const opened = await store();
    // Put 100 bytes under the object key the full file will use.
    await opened.publicUrlFor({ ...ref, path: broken, bytes: statSync(broken).size });
    const again = await store();
    await again.publicUrlFor(ref);
    expect(puts()).toBe(2);
    const body = Buffer.from(await (await fetch(await again.publicUrlFor(ref))).arrayBuffer());
    expect(body.length).toBe(ref.bytes);
  });

  it("a remote input keeps its own URL: nothing is uploaded", async () => {
    const url = "https://cdn.example.com/moves/wave.mp4";
    expect(await (await store()).publicUrlFor({ kind: "remote", url })).toBe(url);
    expect(s3.requests).toEqual([]);
  });

  it("a missing bucket is a clear error naming the store and the object, with no signature in it", async () => {
    const ref = localRef(VIDEO);
    const error = await (await store({ bucket: "no-such-bucket" })).publicUrlFor(ref).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MotionbatchError);
    expect((error as MotionbatchError).code).toBe("E_UPLOAD");
    expect((error as Error).message).toContain(`to ${s3.endpoint}/no-such-bucket/motionbatch/inputs/${ref.sha256}.mp4: NoSuchBucket`);
    expect((error as Error).message).not.toMatch(/X-Amz|S3RVER/);
    expect(ledger.db.prepare("SELECT COUNT(*) AS n FROM uploads").get()).toEqual({ n: 0 });
  });
});

describe("upload store settings from the environment", () => {
  it("is off without MOTIONBATCH_S3_BUCKET", () => {
    expect(uploadConfigFromEnv({ AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b" })).toBeUndefined();
  });

  it("defaults: AWS S3 in us-east-1, virtual-host style, 24 h URLs, the SDK's own credential chain", () => {
    expect(uploadConfigFromEnv({ MOTIONBATCH_S3_BUCKET: "b" })).toEqual({
      bucket: "b",
      region: "us-east-1",
      prefix: "motionbatch/inputs/",
      forcePathStyle: false,
      urlTtlSeconds: 86_400,
    });
  });

  it.each([
    [{ MOTIONBATCH_S3_ENDPOINT: "minio:9000" }, 'MOTIONBATCH_S3_ENDPOINT must be an http(s) URL; got "minio:9000"'],
    [{ MOTIONBATCH_S3_URL_TTL_HOURS: "200" }, "MOTIONBATCH_S3_URL_TTL_HOURS must be a number of hours above 0 and at most 168"],
    [{ AWS_ACCESS_KEY_ID: "only-the-id" }, "set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"],
  ])("refuses %j", (env, message) => {
    expect(() => uploadConfigFromEnv({ MOTIONBATCH_S3_BUCKET: "b", ...env })).toThrow(message);
  });
});
