import type { JobState } from "../ledger/job-state.js";
import type { RunEvent, RunProgress } from "../runner/run-event.js";
import { stateCounts, usd } from "./format.js";

/** States a job of this run ends in (for the ETA). */
const SETTLED: readonly JobState[] = ["downloaded", "failed", "output_expired", "held"];

export interface ProgressOptions {
  /** Passes every line before it is written (redactor.ts). */
  redact?: (text: string) => string;
  now?: () => number;
}

/**
 * On a terminal: one live line with jobs by state, money committed and billed, and an ETA.
 * Elsewhere (CI, log files): one JSON line per state change, halt and notice, and the final
 * progress, for machines to read. Events never carry keys; lines pass a redactor anyway.
 */
export function progressPrinter(
  stream: NodeJS.WriteStream,
  total: number,
  options: ProgressOptions = {},
): { onEvent(event: RunEvent): void; done(): void } {
  const live = stream.isTTY === true;
  const redact = options.redact ?? ((text: string) => text);
  const now = options.now ?? Date.now;
  const startedMs = now();
  let latest: RunProgress = { total, counts: {}, committedUsd: 0, billedUsd: 0 };
  let lastDraw = 0;
  const write = (text: string) => stream.write(redact(text));
  const draw = (force = false) => {
    const at = now();
    if (!force && at - lastDraw < 200) return;
    lastDraw = at;
    write(`\r\x1b[2K${liveLine(latest, at - startedMs)}`);
  };
  const log = (fields: Record<string, unknown>) => write(`${JSON.stringify({ time: new Date(now()).toISOString(), ...fields })}\n`);
  return {
    onEvent(event) {
      switch (event.type) {
        case "progress": {
          const { type: _type, ...progress } = event;
          latest = progress;
          if (live) draw();
          return;
        }
        case "job":
          if (!live) {
            log({
              level: event.to === "failed" || event.to === "output_expired" ? "error" : event.to === "unknown" ? "warn" : "info",
              event: "job",
              job: event.jobId,
              name: event.name,
              provider: event.provider,
              state: event.to,
              ...(event.detail ? { detail: event.detail } : {}),
            });
          }
          return;
        case "halted":
          if (live) write(`\r\x1b[2Khalted ${event.provider}: ${event.reason}\n`);
          else log({ level: "error", event: "halted", provider: event.provider, reason: event.reason });
          return;
        case "notice":
          if (live) write(`\r\x1b[2K${event.message}\n`);
          else log({ level: "info", event: "notice", message: event.message });
          return;
      }
    },
    done() {
      if (live) {
        draw(true);
        write("\n");
      } else {
        log({
          level: "info",
          event: "progress",
          total: latest.total,
          counts: latest.counts,
          committed_usd: round(latest.committedUsd),
          billed_usd: round(latest.billedUsd),
          elapsed_s: Math.round((now() - startedMs) / 1000),
        });
      }
    },
  };
}

/** `12 jobs: 3 running, 5 downloaded | committed $3.02, billed $1.20 | 0:41 elapsed, ETA 0:52` */
export function liveLine(progress: RunProgress, elapsedMs: number): string {
  const settled = SETTLED.reduce((sum, state) => sum + (progress.counts[state] ?? 0), 0);
  const eta = settled > 0 && settled < progress.total ? ((progress.total - settled) * elapsedMs) / settled : undefined;
  return [
    `${progress.total} jobs: ${Object.keys(progress.counts).length > 0 ? stateCounts(progress.counts) : "starting"}`,
    `committed ${usd(progress.committedUsd)}, billed ${usd(progress.billedUsd)}`,
    `${clock(elapsedMs)} elapsed${eta !== undefined ? `, ETA ${clock(eta)}` : ""}`,
  ].join(" | ");
}

function clock(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
