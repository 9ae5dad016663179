// Scale benchmark: N jobs through the whole flow (plan, ledger, submit, poll, download, report) on
// the built-in simulator with zero processing time, so what is measured is motionbatch itself.
// Usage: npm run bench -- [jobs=2000] [concurrency=32]
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { makePlan, openLedger, runBatch, writeReports } from "../dist/index.js";

const jobs = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 32);
const assets = resolve("manifests/assets");
const dir = mkdtempSync(join(tmpdir(), "motionbatch-bench-"));
const manifest = join(dir, "bench.csv");
// Each row is 1 image x 3 videos x 2 orientations x 2 modes = 12 jobs; prompts make rows distinct.
const rows = Math.ceil(jobs / 12);
const lines = ["campaign,name,image,video,orientation,mode,provider,prompt"];
for (let i = 0; i < rows; i += 1) {
  const image = join(assets, "characters", i % 2 ? "ben.png" : "ava.png");
  const videos = ["wave", "spin", "jump"].map((v) => join(assets, "moves", `${v}.mp4`)).join(" | ");
  lines.push(`bench,take${i},${image},${videos},image|video,std|pro,sim,take ${i}`);
}
writeFileSync(manifest, `${lines.join("\n")}\n`);

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 25);

const t0 = performance.now();
const plan = await makePlan([manifest]);
const tPlan = performance.now();
const env = { ...process.env, MOTIONBATCH_SIM_TASK_MS: "0", MOTIONBATCH_SIM_ACCOUNT_CONCURRENCY: String(concurrency) };
const ledgerPath = join(dir, "ledger.sqlite");
const result = await runBatch(plan, {
  ledgerPath,
  outDir: join(dir, "out"),
  env,
  concurrency: { sim: concurrency },
  downloadConcurrency: 8,
});
const tRun = performance.now();
const ledger = openLedger(ledgerPath, { mustExist: true });
writeReports(ledger, join(dir, "out"));
ledger.close();
const tReport = performance.now();
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);

const n = plan.jobs.length;
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(0);
console.log(`jobs            ${n} (${JSON.stringify(result.counts)}, exit ${result.exitCode})`);
console.log(`plan            ${((tPlan - t0) / 1000).toFixed(2)} s`);
console.log(`run             ${((tRun - tPlan) / 1000).toFixed(2)} s  -> ${(n / ((tRun - tPlan) / 1000)).toFixed(0)} jobs/s`);
console.log(`report          ${((tReport - tRun) / 1000).toFixed(2)} s`);
console.log(`peak RSS        ${mb(peakRss)} MiB`);
console.log(`ledger          ${mb(statSync(ledgerPath).size)} MiB`);
console.log(
  `| ${n} | ${concurrency} | ${((tPlan - t0) / 1000).toFixed(1)} s | ${((tRun - tPlan) / 1000).toFixed(1)} s | ${(n / ((tRun - tPlan) / 1000)).toFixed(0)} | ${mb(peakRss)} MiB |`,
);
rmSync(dir, { recursive: true, force: true });
if (result.exitCode !== 0) process.exit(1);
