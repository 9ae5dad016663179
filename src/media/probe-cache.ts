import type { Ledger } from "../ledger/open-ledger.js";
import type { MediaFacts } from "./probe.js";

/** Bump when MediaFacts changes, so older cached facts are probed again. */
export const PROBE_VERSION = 1;

/** A probe result worth keeping: what the input is, its size, and what it cost to learn. */
export interface CachedProbe {
  facts: MediaFacts;
  bytes?: number;
  bytesRead?: number;
}

/** Probe results by media key (see preflight.ts): content hash for local files, URL + ETag for remote ones. */
export interface ProbeCache {
  get(mediaKey: string): CachedProbe | undefined;
  put(mediaKey: string, probe: CachedProbe): void;
}

/** The ledger's media_probes table (migration 002). */
export function ledgerProbeCache(ledger: Ledger, now: () => number = Date.now): ProbeCache {
  const select = ledger.db.prepare("SELECT facts_json, bytes, bytes_read FROM media_probes WHERE media_key = ? AND probe_version = ?");
  const upsert = ledger.db.prepare(
    `INSERT INTO media_probes (media_key, probe_version, facts_json, bytes, bytes_read, probed_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (media_key) DO UPDATE SET probe_version = excluded.probe_version, facts_json = excluded.facts_json,
       bytes = excluded.bytes, bytes_read = excluded.bytes_read, probed_at = excluded.probed_at`,
  );
  return {
    get(mediaKey) {
      const row = select.get(mediaKey, PROBE_VERSION) as
        | { facts_json: string; bytes: number | null; bytes_read: number | null }
        | undefined;
      if (!row) return undefined;
      return {
        facts: JSON.parse(row.facts_json) as MediaFacts,
        ...(row.bytes !== null ? { bytes: row.bytes } : {}),
        ...(row.bytes_read !== null ? { bytesRead: row.bytes_read } : {}),
      };
    },
    put(mediaKey, probe) {
      upsert.run(
        mediaKey,
        PROBE_VERSION,
        JSON.stringify(probe.facts),
        probe.bytes ?? null,
        probe.bytesRead ?? null,
        new Date(now()).toISOString(),
      );
    },
  };
}
