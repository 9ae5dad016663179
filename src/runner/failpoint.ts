/**
 * Crash tests name a step boundary in MOTIONBATCH_FAILPOINT; the process kills itself there with
 * SIGKILL, as a power cut or `kill -9` would. `name:N` kills at the N-th time the point is reached.
 */
export type Failpoint = "after-intent" | "after-post" | "after-accepted" | "mid-download" | "before-rename" | "after-rename";

const counts = new Map<string, number>();

export function failpoint(name: Failpoint, env: NodeJS.ProcessEnv = process.env): void {
  const wanted = env.MOTIONBATCH_FAILPOINT;
  if (!wanted) return;
  const [point, nth] = wanted.split(":");
  if (point !== name) return;
  const seen = (counts.get(name) ?? 0) + 1;
  counts.set(name, seen);
  if (seen >= Number(nth ?? 1)) process.kill(process.pid, "SIGKILL");
}
