import { MotionbatchError } from "../errors.js";

/** Where local inputs are put online for providers that fetch inputs by URL. */
export interface UploadConfig {
  bucket: string;
  /** An S3-compatible endpoint (R2, MinIO, ...); AWS S3 when absent. */
  endpoint?: string;
  region: string;
  /** Object keys start with this. */
  prefix: string;
  /** Address buckets as `endpoint/bucket` (MinIO, s3rver) instead of `bucket.endpoint`. */
  forcePathStyle: boolean;
  /** How long a presigned GET URL stays valid: long enough for the batch. */
  urlTtlSeconds: number;
  /** From AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; else the AWS SDK's own chain (profiles, roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export const DEFAULT_URL_TTL_HOURS = 24;
/** Signature V4 presigned URLs live at most 7 days. */
const MAX_URL_TTL_HOURS = 7 * 24;

/**
 * The upload store's settings from the environment, or undefined when MOTIONBATCH_S3_BUCKET is not
 * set (no store: providers that need URLs refuse local files at plan time).
 */
export function uploadConfigFromEnv(env: NodeJS.ProcessEnv): UploadConfig | undefined {
  const bucket = env.MOTIONBATCH_S3_BUCKET?.trim();
  if (!bucket) return undefined;
  const endpoint = env.MOTIONBATCH_S3_ENDPOINT?.trim();
  if (endpoint) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:"))
      throw new MotionbatchError("E_CONFIG", `MOTIONBATCH_S3_ENDPOINT must be an http(s) URL; got "${endpoint}"`);
  }
  const hoursText = env.MOTIONBATCH_S3_URL_TTL_HOURS?.trim();
  const hours = hoursText ? Number(hoursText) : DEFAULT_URL_TTL_HOURS;
  if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_URL_TTL_HOURS)
    throw new MotionbatchError(
      "E_CONFIG",
      `MOTIONBATCH_S3_URL_TTL_HOURS must be a number of hours above 0 and at most ${MAX_URL_TTL_HOURS} (presigned URLs live at most 7 days); got "${hoursText}"`,
    );
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey))
    throw new MotionbatchError("E_CONFIG", "set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for the upload store, or neither");
  const prefix = env.MOTIONBATCH_S3_PREFIX ?? "motionbatch/inputs/";
  return {
    bucket,
    ...(endpoint ? { endpoint } : {}),
    region: env.MOTIONBATCH_S3_REGION || env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1",
    prefix: prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`,
    forcePathStyle: /^(1|true|yes)$/i.test(env.MOTIONBATCH_S3_PATH_STYLE ?? ""),
    urlTtlSeconds: Math.round(hours * 3600),
    ...(accessKeyId && secretAccessKey
      ? { credentials: { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) } }
      : {}),
  };
}

/** The store's name in the ledger and in messages: endpoint and bucket, never credentials. */
export function storeName(config: UploadConfig): string {
  return `${config.endpoint ?? "s3"}/${config.bucket}`;
}
