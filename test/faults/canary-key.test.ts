import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/simulator/server.js";
import { runCli } from "../helpers/cli.js";
import { ASSETS, tempDir } from "../helpers/paths.js";

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

describe("a canary API key", () => {
  it("appears in no file the run wrote (ledger, -wal, -shm, logs, reports, outputs) nor in its output, through faults and a bad key", async () => {
    const access = `CANARYACCESS${randomBytes(8).toString("hex")}`;
    const secret = `CANARYSECRET${randomBytes(12).toString("hex")}`;
    const sim = await startSimulator({
      taskMs: 100,
      filesDir: ASSETS,
      klingAccounts: { [access]: secret },
      faults: [
        { on: "create", action: "error", kind: "rate_limited", retryAfterSeconds: 0, rate: 0.2 },
        { on: "create", action: "reset_after_handling", rate: 0.2 },
        { on: "get", action: "error", kind: "server", rate: 0.2 },
      ],
    });
    running.push(sim);
    const dir = tempDir();
    const manifest = join(dir, "campaign.yaml");
    writeFileSync(
      manifest,
      [
        "campaign: canary",
        "defaults: { provider: kling, orientation: image, mode: std }",
        "jobs:",
        `  - { name: one, image: ${sim.url}/files/characters/ava.png, video: ${sim.url}/files/moves/wave.mp4 }`,
        `  - { name: two, image: ${sim.url}/files/characters/ben.png, video: ${sim.url}/files/moves/spin.mp4 }`,
        `  - { name: three, image: ${sim.url}/files/characters/ava.png, video: ${sim.url}/files/moves/jump.mp4 }`,
      ].join("\n"),
    );
    const args = ["run", manifest, "--ledger", "ledger.sqlite", "--out", "out", "--yes"];
    const env = {
      KLING_ACCESS_KEY: access,
      KLING_SECRET_KEY: secret,
      MOTIONBATCH_KLING_BASE_URL: `${sim.url}/kling`,
      MOTIONBATCH_KLING_POLLS_PER_MINUTE: "6000",
      MOTIONBATCH_HTTP_TIMEOUT_MS: "2000",
    };
    const outputs: string[] = [];
    // A wrong secret first (on a simulator of its own, without faults): the provider refuses, the
    // run halts and says why.
    const strict = await startSimulator({ taskMs: 100, klingAccounts: { [access]: secret } });
    running.push(strict);
    const refused = await runCli(args, {
      cwd: dir,
      env: { ...env, KLING_SECRET_KEY: `${secret}x`, MOTIONBATCH_KLING_BASE_URL: `${strict.url}/kling` },
    });
    outputs.push(refused.stdout, refused.stderr);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/halted kling|"event":"halted"/);
    // Then the right key, through a 429, a lost answer and server errors, to the end.
    let done = false;
    for (let run = 0; run < 8 && !done; run += 1) {
      const result = await runCli(args, { cwd: dir, env });
      outputs.push(result.stdout, result.stderr);
      done = result.code === 0;
    }
    expect(done).toBe(true);
    const report = await runCli(["report", "--ledger", "ledger.sqlite", "--out", "out"], { cwd: dir });
    outputs.push(report.stdout, report.stderr);
    const status = await runCli(["status", "--ledger", "ledger.sqlite", "--json"], { cwd: dir });
    outputs.push(status.stdout, status.stderr);

    const written = filesUnder(dir);
    expect(written.some((f) => f.endsWith("ledger.sqlite"))).toBe(true);
    expect(written.some((f) => f.endsWith(".mp4"))).toBe(true);
    expect(written.some((f) => f.endsWith("report.json"))).toBe(true);
    // The access key travels inside the JWT (base64url), so look for that form too.
    const needles = [secret, access, Buffer.from(access).toString("base64url").slice(0, 16)];
    for (const file of written) {
      const bytes = readFileSync(file);
      for (const needle of needles) expect(bytes.includes(needle), `${needle} in ${file}`).toBe(false);
    }
    for (const text of outputs) for (const needle of needles) expect(text.includes(needle)).toBe(false);
  });
});
