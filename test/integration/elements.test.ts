import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { JobRecord } from "../../src/ledger/job-record.js";
import { openLedger } from "../../src/ledger/open-ledger.js";
import { makePlan } from "../../src/plan/make-plan.js";
import { writeReports } from "../../src/report/write-reports.js";
import { runBatch } from "../../src/runner/run-batch.js";
import { ELEMENT_DIALECT } from "../../src/simulator/dialects/kling-elements.js";
import type { BillingEntry, SimTask } from "../../src/simulator/engine.js";
import { doubleCharged, readSimBilling } from "../helpers/billing.js";
import { fastSim, runCli } from "../helpers/cli.js";
import { ASSETS, tempDir } from "../helpers/paths.js";

const asset = (path: string) => join(ASSETS, path);

/** A campaign of two characters, each with its own face element, two moves each. */
function campaign(dir: string, options: { failAva?: boolean } = {}): string {
  const file = join(dir, "elements.csv");
  const rows = [
    "campaign,name,image,video,orientation,provider,element,element_name,element_description",
    `launch,ava,${asset("characters/ava.png")},${asset("moves/wave.mp4")} | ${asset("moves/spin.mp4")},image,sim,${asset("moves/jump.mp4")},Ava,${options.failAva ? "Ava [sim:fail]" : "Ava, a friendly host"}`,
    `launch,ben,${asset("characters/ben.png")},${asset("moves/wave.mp4")} | ${asset("moves/spin.mp4")},image,sim,${asset("moves/jump.mp4")},Ben,Ben the runner`,
  ];
  writeFileSync(file, `${rows.join("\n")}\n`);
  return file;
}

/** The simulator's tasks (what it was asked), from its state file beside the ledger. */
function simTasks(ledgerPath: string): SimTask[] {
  return readFileSync(`${ledgerPath}.sim.jsonl`, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .flatMap((line) => {
      const parsed = JSON.parse(line) as { type: string; task?: SimTask };
      return parsed.type === "task" && parsed.task ? [parsed.task] : [];
    });
}

function jobsOf(ledgerPath: string): JobRecord[] {
  const db = new Database(ledgerPath, { readonly: true });
  try {
    return db.prepare("SELECT * FROM jobs ORDER BY id").all() as JobRecord[];
  } finally {
    db.close();
  }
}

const charges = (billing: readonly BillingEntry[], dialect: string) => billing.filter((b) => b.kind === "charge" && b.dialect === dialect);

describe("Kling custom elements (manifest column element)", () => {
  it("plans one element job per character, priced per element, with the unknown price flagged", async () => {
    const dir = tempDir();
    const plan = await makePlan([campaign(dir)]);
    const elements = plan.jobs.filter((j) => j.job.spec.kind === "element");
    expect(elements.map((j) => j.job.name)).toEqual(["Ava", "Ben"]);
    expect(plan.jobs).toHaveLength(2 + 4);
    expect(elements.every((j) => j.estimatedUsd === 0)).toBe(true);
    expect(plan.warnings.join("\n")).toMatch(/sim: the price of a custom element is unknown .* 2 element\(s\) counted as \$0/);
  });

  it("creates each element once, waits for its id, and passes it in element_list to every video of that character", async () => {
    const dir = tempDir();
    const ledgerPath = join(dir, "ledger.sqlite");
    const plan = await makePlan([campaign(dir)]);
    const result = await runBatch(plan, { ledgerPath, outDir: join(dir, "out"), env: fastSim() });
    expect(result.exitCode).toBe(0);
    expect(result.counts).toEqual({ downloaded: 6 });

    const jobs = jobsOf(ledgerPath);
    const elements = jobs.filter((j) => j.kind === "element");
    expect(elements).toHaveLength(2);
    for (const element of elements) expect(element.element_id).toMatch(/^\d{16,}$/);
    // Kling's element ids are wider than 2^53: they must survive the round trip digit for digit.
    expect(elements.some((e) => !Number.isSafeInteger(Number(e.element_id)))).toBe(true);

    const tasks = simTasks(ledgerPath);
    const videos = jobs.filter((j) => j.kind === "video");
    expect(videos).toHaveLength(4);
    for (const video of videos) {
      const element = elements.find((e) => e.id === video.element_job_id);
      expect(element?.name).toBe(video.name.startsWith("ava") ? "Ava" : "Ben");
      const task = tasks.find((t) => t.id === video.task_id);
      expect((task?.request.body as { element_list?: unknown } | undefined)?.element_list).toEqual([{ element_id: element?.element_id }]);
    }

    // Videos waited (planned) for their element: none was submitted before its element was ready.
    const db = new Database(ledgerPath, { readonly: true });
    try {
      const at = (jobId: number, to: string) =>
        (db.prepare("SELECT MIN(id) AS id FROM events WHERE job_id = ? AND to_state = ?").get(jobId, to) as { id: number }).id;
      for (const video of videos) expect(at(video.id, "submitting")).toBeGreaterThan(at(video.element_job_id as number, "downloaded"));
    } finally {
      db.close();
    }

    const billing = readSimBilling(ledgerPath);
    expect(charges(billing, ELEMENT_DIALECT)).toHaveLength(2);
    expect(charges(billing, "kling")).toHaveLength(4);

    const ledger = openLedger(ledgerPath, { mustExist: true });
    try {
      const { report } = await writeReports(ledger, join(dir, "out"));
      const reported = report.jobs.filter((j) => j.kind === "element");
      expect(reported.map((j) => [j.name, j.status, j.model])).toEqual([
        ["Ava", "downloaded", "custom-element"],
        ["Ben", "downloaded", "custom-element"],
      ]);
      for (const job of report.jobs.filter((j) => j.kind === "video")) expect(job.element_id).toMatch(/^\d+$/);
    } finally {
      ledger.close();
    }

    // The same campaign again (or another manifest with the same characters): nothing is created twice.
    const again = await runBatch(await makePlan([campaign(dir)]), { ledgerPath, outDir: join(dir, "out"), env: fastSim() });
    expect(again.exitCode).toBe(0);
    expect(again.added).toBe(0);
    expect(readSimBilling(ledgerPath)).toHaveLength(billing.length);
  });

  it("fails the videos of a character whose element fails, naming the element; the others go on", async () => {
    const dir = tempDir();
    const ledgerPath = join(dir, "ledger.sqlite");
    const result = await runBatch(await makePlan([campaign(dir, { failAva: true })]), {
      ledgerPath,
      outDir: join(dir, "out"),
      env: fastSim(),
    });
    expect(result.exitCode).toBe(3);
    const jobs = jobsOf(ledgerPath);
    const ava = jobs.filter((j) => j.name.startsWith("ava") || j.name === "Ava");
    const ben = jobs.filter((j) => j.name.startsWith("ben") || j.name === "Ben");
    expect(ava.map((j) => j.state)).toEqual(["failed", "failed", "failed"]);
    for (const video of ava.filter((j) => j.kind === "video")) {
      expect(video.task_id).toBeNull();
      expect(video.error).toMatch(/^element "Ava" \(launch\/element_Ava_[0-9a-f]{8}\) could not be created: .*no realistic human face/);
    }
    expect(ben.map((j) => j.state)).toEqual(["downloaded", "downloaded", "downloaded"]);
    // Nothing was sent for Ava's videos.
    expect(charges(readSimBilling(ledgerPath), "kling")).toHaveLength(2);
  });

  it("works the same through EvoLink's kling-custom-element (the simulator speaking EvoLink)", async () => {
    const dir = tempDir();
    const ledgerPath = join(dir, "ledger.sqlite");
    const env = { ...fastSim(), MOTIONBATCH_SIM_DIALECT: "evolink" };
    // The plan reads the simulated provider from the process environment, as the CLI does.
    const saved = process.env.MOTIONBATCH_SIM_DIALECT;
    process.env.MOTIONBATCH_SIM_DIALECT = "evolink";
    let plan: Awaited<ReturnType<typeof makePlan>>;
    try {
      plan = await makePlan([campaign(dir)]);
    } finally {
      if (saved === undefined) delete process.env.MOTIONBATCH_SIM_DIALECT;
      else process.env.MOTIONBATCH_SIM_DIALECT = saved;
    }
    const elements = plan.jobs.filter((j) => j.job.spec.kind === "element");
    expect(elements.map((j) => j.estimatedUsd)).toEqual([0.014, 0.014]);
    expect(plan.warnings.join("\n")).not.toMatch(/price of a custom element is unknown/);

    const result = await runBatch(plan, { ledgerPath, outDir: join(dir, "out"), env });
    expect(result.exitCode).toBe(0);
    const jobs = jobsOf(ledgerPath);
    const made = jobs.filter((j) => j.kind === "element");
    expect(made.map((j) => [j.state, j.billed_usd])).toEqual([
      ["downloaded", 0.014],
      ["downloaded", 0.014],
    ]);
    const tasks = simTasks(ledgerPath);
    for (const video of jobs.filter((j) => j.kind === "video")) {
      const element = made.find((e) => e.id === video.element_job_id);
      const body = tasks.find((t) => `task-unified-${t.id}` === video.task_id)?.request.body as {
        model_params?: { element_list?: unknown };
      };
      expect(body?.model_params?.element_list).toEqual([{ element_id: element?.element_id }]);
    }
    const billing = readSimBilling(ledgerPath);
    expect(charges(billing, "evolink-element").map((b) => b.usd)).toEqual([0.014, 0.014]);
    expect(charges(billing, "evolink")).toHaveLength(4);
  });

  it.each(["after-intent:1", "after-post:1", "after-accepted:1"])(
    "killed at %s while creating an element, resumes without creating it twice",
    async (failpoint) => {
      const dir = tempDir();
      const manifest = campaign(dir);
      const args = ["run", manifest, "--ledger", "ledger.sqlite", "--out", "out"];
      const first = await runCli(args, { cwd: dir, env: { ...fastSim(), MOTIONBATCH_FAILPOINT: failpoint } });
      expect(first.signal).toBe("SIGKILL");
      const second = await runCli(args, { cwd: dir, env: fastSim() });
      expect(second.code, second.stderr.slice(-600)).toBe(0);
      expect(second.stderr).toMatch(
        /"name":"launch\/element_(Ava|Ben)_[0-9a-f]{8}","provider":"sim","state":"(submitted","detail":"reconciled|submitting)/,
      );
      const ledgerPath = join(dir, "ledger.sqlite");
      const billing = readSimBilling(ledgerPath);
      expect(doubleCharged(billing)).toEqual([]);
      expect(charges(billing, ELEMENT_DIALECT)).toHaveLength(2);
      expect(charges(billing, "kling")).toHaveLength(4);
      expect(jobsOf(ledgerPath).every((j) => j.state === "downloaded")).toBe(true);
    },
    60_000,
  );
});
