/**
 * Crash tests name a step boundary in MOTIONBATCH_FAILPOINT; the process kills itself there with
 * SIGKILL, as a power cut or `kill -9` would. `name:N` kills at the N-th time the point is reached.
 */
export const FAILPOINTS = [
  "after-intent", // the attempt is committed, the POST not sent
  "after-post", // the provider accepted the task; its id is not recorded yet
  "after-accepted", // the task id is recorded
  "mid-poll", // the provider said the task succeeded; not recorded yet
  "mid-download", // the first bytes of the output are in the .part file
  "before-rename", // the output is verified and fsync'd, not in place
  "after-rename", // the output is in place, not yet recorded as downloaded
] as const;
export type Failpoint = (typeof FAILPOINTS)[number];

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
