import type { RunEvent } from "../runner/run-event.js";

/**
 * On a terminal, one live line of counts; elsewhere (CI, logs), one line per state change.
 * Events never carry keys, so nothing here can print one.
 */
export function progressPrinter(stream: NodeJS.WriteStream, total: number): { onEvent(event: RunEvent): void; done(): void } {
  const live = stream.isTTY === true;
  const counts = new Map<string, number>();
  const states = new Map<number, string>();
  const startedMs = Date.now();
  let lastDraw = 0;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - lastDraw < 200) return;
    lastDraw = now;
    const parts = [...counts].filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`);
    const seconds = Math.round((now - startedMs) / 1000);
    stream.write(`\r\x1b[2K${total} jobs: ${parts.join(", ") || "starting"}  (${seconds}s)`);
  };
  return {
    onEvent(event) {
      if (event.type === "job") {
        const before = states.get(event.jobId);
        if (before) counts.set(before, (counts.get(before) ?? 1) - 1);
        states.set(event.jobId, event.to);
        counts.set(event.to, (counts.get(event.to) ?? 0) + 1);
        if (live) draw();
        else
          stream.write(
            `${new Date().toISOString()} ${event.provider} ${event.name}: ${event.to}${event.detail ? ` (${event.detail})` : ""}\n`,
          );
        return;
      }
      const text = event.type === "halted" ? `halted ${event.provider}: ${event.reason}` : event.message;
      stream.write(`${live ? "\r\x1b[2K" : ""}${text}\n`);
    },
    done() {
      if (live) {
        draw(true);
        stream.write("\n");
      }
    },
  };
}
