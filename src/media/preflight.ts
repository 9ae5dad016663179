import { createHash } from "node:crypto";
import pLimit from "p-limit";
import { type MediaRef, mediaIdentity } from "./media-ref.js";
import { type MediaFacts, probeFile } from "./probe.js";
import type { CachedProbe, ProbeCache } from "./probe-cache.js";
import { probeRemote, RemoteProbeError, type RemoteProbeOptions, statRemote } from "./probe-remote.js";

/** What the preflight learned about one input. */
export interface InputProbe {
  ref: MediaRef;
  /** Undefined when the input could not be probed (see `problem` and `warning`). */
  facts?: MediaFacts;
  /** The file's size in bytes. */
  bytes?: number;
  /** Remote inputs: body bytes fetched for this probe (Range requests), 1 when the cache answered. */
  bytesRead?: number;
  /** The facts came from the ledger's cache. */
  cached: boolean;
  /** Where the facts are cached (see remoteKey); undefined when they cannot be (no ETag). */
  mediaKey?: string;
  /** The input cannot be used as it is (a dead link, a file that is not media). */
  problem?: string;
  /** It could not be probed but may still work (network trouble): plans assume the longest allowed. */
  warning?: string;
}

export interface PreflightOptions {
  cache?: ProbeCache;
  remote?: RemoteProbeOptions;
  /** Inputs looked at at once (mediainfo itself analyses one at a time). @default 8 */
  concurrency?: number;
}

/** HTTP answers that mean a provider could not fetch the input either. */
const DEAD_LINK = new Set([401, 403, 404, 410]);

/**
 * Probes every distinct input once (by content for local files, by URL for remote ones), through
 * the cache when one is given. Returns the probes by mediaIdentity(ref).
 */
export async function preflight(refs: Iterable<MediaRef>, options: PreflightOptions = {}): Promise<Map<string, InputProbe>> {
  const distinct = new Map<string, MediaRef>();
  for (const ref of refs) distinct.set(mediaIdentity(ref), ref);
  const limit = pLimit(options.concurrency ?? 8);
  const results = await Promise.all(
    [...distinct].map(([identity, ref]) =>
      limit(async () => [identity, ref.kind === "local" ? await probeLocal(ref, options) : await probeUrl(ref, options)] as const),
    ),
  );
  return new Map(results);
}

async function probeLocal(ref: MediaRef & { kind: "local" }, options: PreflightOptions): Promise<InputProbe> {
  const key = `sha256:${ref.sha256}`;
  const hit = options.cache?.get(key);
  if (hit) return { ref, facts: hit.facts, bytes: ref.bytes, cached: true, mediaKey: key };
  try {
    const facts = await probeFile(ref.path);
    options.cache?.put(key, { facts, bytes: ref.bytes });
    return { ref, facts, bytes: ref.bytes, cached: false, mediaKey: key };
  } catch (error) {
    return { ref, bytes: ref.bytes, cached: false, problem: `cannot be read as media (${(error as Error).message})` };
  }
}

async function probeUrl(ref: MediaRef & { kind: "remote" }, options: PreflightOptions): Promise<InputProbe> {
  try {
    const stat = await statRemote(ref.url, options.remote);
    // Without an ETag (or Last-Modified) the file could change under the same URL: not cached.
    const key = stat.validator ? remoteKey(ref.url, stat.validator) : undefined;
    const hit: CachedProbe | undefined = key ? options.cache?.get(key) : undefined;
    const known = key ? { mediaKey: key } : {};
    if (hit) return { ref, facts: hit.facts, bytes: stat.bytes, bytesRead: stat.bytesRead, cached: true, ...known };
    const probe = await probeRemote(ref.url, stat, options.remote);
    if (key) options.cache?.put(key, { facts: probe.facts, bytes: probe.bytes, bytesRead: probe.bytesRead });
    return { ref, facts: probe.facts, bytes: probe.bytes, bytesRead: probe.bytesRead, cached: false, ...known };
  } catch (error) {
    if (error instanceof RemoteProbeError && error.status !== undefined && DEAD_LINK.has(error.status)) {
      return {
        ref,
        cached: false,
        problem: `${error.message}; providers fetch inputs from this link, so it must be public (check the link)`,
      };
    }
    return { ref, cached: false, warning: `could not be probed: ${(error as Error).message}` };
  }
}

/** The cache key of a remote input: its URL and version, hashed (URLs can be long, or carry tokens). */
export function remoteKey(url: string, validator: string): string {
  return `url:${createHash("sha256").update(`${url}\n${validator}`).digest("hex")}`;
}

/** Keeps what a preflight learned (without a cache at the time) in a cache, e.g. a ledger made later. */
export function rememberProbes(cache: ProbeCache, probes: Iterable<InputProbe>): void {
  for (const probe of probes) {
    if (probe.mediaKey && probe.facts && !probe.cached) {
      cache.put(probe.mediaKey, {
        facts: probe.facts,
        ...(probe.bytes !== undefined ? { bytes: probe.bytes } : {}),
        ...(probe.bytesRead !== undefined ? { bytesRead: probe.bytesRead } : {}),
      });
    }
  }
}
