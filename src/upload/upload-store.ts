import { createReadStream } from "node:fs";
import { extname } from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import { MotionbatchError } from "../errors.js";
import type { Ledger } from "../ledger/open-ledger.js";
import type { MediaRef } from "../media/media-ref.js";
import type { PublicUrlStore } from "../providers/provider-definition.js";
import { storeName, type UploadConfig, uploadConfigFromEnv } from "./upload-config.js";

const CONTENT_TYPES: Record<string, string> = {
  ".mp4": "video/mp4",
  ".m4v": "video/mp4",
  ".mov": "video/quicktime",
  ".webm": "video/webm",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
};

type LocalRef = MediaRef & { kind: "local" };

/** The AWS SDK, loaded only when a store is opened: it adds a quarter second to every start. */
interface Sdk {
  s3: typeof import("@aws-sdk/client-s3");
  getSignedUrl: typeof import("@aws-sdk/s3-request-presigner").getSignedUrl;
}

/**
 * An S3-compatible store (AWS S3, R2, MinIO, ...) for local inputs that a provider must fetch by
 * URL. Objects are named by content hash, so each file is uploaded once (a HEAD before any PUT),
 * and recorded in the ledger's `uploads` table by object key. Providers get presigned GET URLs,
 * signed when asked; the URLs (they carry a signature) are never stored or printed.
 */
export class UploadStore implements PublicUrlStore {
  readonly config: UploadConfig;
  readonly client: S3Client;
  private readonly ledger: Ledger | undefined;
  private readonly now: () => number;
  /** One upload per object key in this process, however many jobs ask at once. */
  private readonly uploads = new Map<string, Promise<void>>();
  private readonly signed = new Map<string, { url: string; expiresAtMs: number }>();

  private readonly sdk: Sdk;

  /** Use openUploadStore(). */
  constructor(config: UploadConfig, sdk: Sdk, options: UploadStoreOptions = {}) {
    this.config = config;
    this.sdk = sdk;
    this.ledger = options.ledger;
    this.now = options.now ?? Date.now;
    this.client = new sdk.s3.S3Client({
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.credentials ? { credentials: config.credentials } : {}),
      // Checksums only where S3 requires them: several S3-compatible stores refuse the newer
      // streaming checksum trailers.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  /** The object key of a local file: its content hash and extension, under the prefix. */
  objectKey(ref: LocalRef): string {
    return `${this.config.prefix}${ref.sha256}${extname(ref.path).toLowerCase()}`;
  }

  /**
   * A URL a provider can fetch: a remote input's own URL, or for a local file a presigned GET URL
   * of its uploaded copy, valid for `urlTtlSeconds` (uploaded first when the store lacks it).
   */
  async publicUrlFor(ref: MediaRef): Promise<string> {
    if (ref.kind === "remote") return ref.url;
    const key = this.objectKey(ref);
    await this.ensureUploaded(ref, key);
    const known = this.signed.get(key);
    // Signed again once half the lifetime is gone, so a URL handed out is good for at least half of it.
    if (known && known.expiresAtMs - this.now() > (this.config.urlTtlSeconds * 1000) / 2) return known.url;
    const url = await this.sdk.getSignedUrl(this.client, new this.sdk.s3.GetObjectCommand({ Bucket: this.config.bucket, Key: key }), {
      expiresIn: this.config.urlTtlSeconds,
    });
    this.signed.set(key, { url, expiresAtMs: this.now() + this.config.urlTtlSeconds * 1000 });
    return url;
  }

  private ensureUploaded(ref: LocalRef, key: string): Promise<void> {
    let pending = this.uploads.get(key);
    if (!pending) {
      pending = this.upload(ref, key);
      this.uploads.set(key, pending);
      // A failure is not remembered: the next ask tries again.
      pending.catch(() => this.uploads.delete(key));
    }
    return pending;
  }

  private async upload(ref: LocalRef, key: string): Promise<void> {
    const contentType = CONTENT_TYPES[extname(ref.path).toLowerCase()] ?? "application/octet-stream";
    const where = `${storeName(this.config)}/${key}`;
    try {
      if (!(await this.exists(key, ref.bytes))) {
        await this.client.send(
          new this.sdk.s3.PutObjectCommand({
            Bucket: this.config.bucket,
            Key: key,
            Body: createReadStream(ref.path),
            ContentLength: ref.bytes,
            ContentType: contentType,
          }),
        );
      }
    } catch (error) {
      throw new MotionbatchError("E_UPLOAD", `cannot upload ${ref.path} to ${where}: ${this.describe(error)}`, { cause: error });
    }
    this.ledger?.db
      .prepare(
        `INSERT INTO uploads (store, sha256, object_key, bytes, content_type, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (store, object_key) DO NOTHING`,
      )
      .run(storeName(this.config), ref.sha256, key, ref.bytes, contentType, new Date(this.now()).toISOString());
  }

  /** True when the object is there with the expected size (a partial object is uploaded again). */
  private async exists(key: string, bytes: number): Promise<boolean> {
    try {
      const head = await this.client.send(new this.sdk.s3.HeadObjectCommand({ Bucket: this.config.bucket, Key: key }));
      return head.ContentLength === bytes;
    } catch (error) {
      if (error instanceof this.sdk.s3.S3ServiceException && error.$metadata.httpStatusCode === 404) return false;
      throw error;
    }
  }

  /** An S3 error as a person reads it: the service's code and message, never a URL or a key. */
  private describe(error: unknown): string {
    if (error instanceof this.sdk.s3.S3ServiceException) {
      const status = error.$metadata.httpStatusCode;
      const detail = error.message && error.message !== error.name ? `: ${error.message}` : "";
      return `${error.name}${status ? ` (HTTP ${status})` : ""}${detail}`;
    }
    return (error as Error)?.message ?? String(error);
  }

  close(): void {
    this.client.destroy();
  }
}

export interface UploadStoreOptions {
  /** Uploads are recorded in its `uploads` table. */
  ledger?: Ledger;
  /** Milliseconds since the epoch (injected in tests). */
  now?: () => number;
}

/** Opens a store: loads the AWS SDK and makes a client (no request is sent yet). */
export async function openUploadStore(config: UploadConfig, options: UploadStoreOptions = {}): Promise<UploadStore> {
  const [s3, presigner] = await Promise.all([import("@aws-sdk/client-s3"), import("@aws-sdk/s3-request-presigner")]);
  return new UploadStore(config, { s3, getSignedUrl: presigner.getSignedUrl }, options);
}

/** The upload store the environment configures (see upload-config.ts), or undefined. */
export async function uploadStoreFromEnv(env: NodeJS.ProcessEnv, options: UploadStoreOptions = {}): Promise<UploadStore | undefined> {
  const config = uploadConfigFromEnv(env);
  return config ? openUploadStore(config, options) : undefined;
}
