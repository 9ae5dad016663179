import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { REPO, tempDir } from "../helpers/paths.js";

const FIXTURES = join(REPO, "test", "fixtures", "manifests");

describe("motionbatch plan with spreadsheet manifests", () => {
  it("plans an XLSX manifest made by LibreOffice", async () => {
    const result = await runCli(["plan", join(FIXTURES, "spring.xlsx"), "--json"], { cwd: tempDir() });
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as { rows: number; jobs: { name: string; output: string }[] };
    expect(plan.rows).toBe(2);
    expect(plan.jobs.map((job) => job.output).sort()).toEqual(["spring-xlsx/ava_image_std.mp4", "spring-xlsx/ben_video_pro.mp4"]);
  });

  it("names a problem in an XLSX manifest by sheet and cell, and exits 2", async () => {
    const file = join(FIXTURES, "spring.xlsx");
    const result = await runCli(["plan", file, "--provider", "kling"], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file} spring!D2: `);
    expect(result.stderr).toContain(`${file} spring!D4: `);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("--sheet names the worksheet; an unknown one lists the sheets there are", async () => {
    const file = join(FIXTURES, "spring.xlsx");
    const ok = await runCli(["plan", file, "--sheet", "SPRING"], { cwd: tempDir() });
    expect(ok.code).toBe(0);
    const bad = await runCli(["run", file, "--sheet", "Autumn", "--ledger", "l.sqlite"], { cwd: tempDir() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${file}: no sheet named "Autumn"; the sheets are "spring"`);
  });

  it("plans the CSV with a BOM and semicolons", async () => {
    const result = await runCli(["plan", join(FIXTURES, "bom-semicolon.csv"), "--json"], { cwd: tempDir() });
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as { jobs: { name: string }[] };
    expect(plan.jobs.map((job) => job.name).sort()).toEqual(["ben", "zoë"]);
  });
});
