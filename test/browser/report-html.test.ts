import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { openLedger } from "../../src/ledger/open-ledger.js";
import { makePlan } from "../../src/plan/make-plan.js";
import type { Report } from "../../src/report/summarize.js";
import { writeReports } from "../../src/report/write-reports.js";
import { runBatch } from "../../src/runner/run-batch.js";
import { fastSim } from "../helpers/cli.js";
import { ASSETS, EXAMPLE_MANIFEST, REPO, tempDir } from "../helpers/paths.js";

/** Debian's chromium (apt-get install chromium; .ci/run installs it). Never a downloaded browser build. */
const CHROMIUM = process.env.MOTIONBATCH_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const SCREENSHOT = join(REPO, "test-results", "report-html.png");

/** One more job in the same ledger, in its own campaign, that the simulator fails: something to filter. */
const FAILING = [
  "campaign,name,image,video,orientation,provider,prompt",
  `autumn,carol,${ASSETS}/characters/ava.png,${ASSETS}/moves/jump.mp4,video,sim,[sim:fail] a bow`,
  "",
].join("\n");

/**
 * The little of the DOM these checks use. The project's TypeScript has no DOM types; the functions
 * below run in the page (playwright sends their source), where `document` is the real one.
 */
interface Media {
  readyState: number;
  error: { code: number } | null;
  duration: number;
  videoWidth: number;
  videoHeight: number;
  currentTime: number;
  muted: boolean;
  complete?: boolean;
  naturalWidth?: number;
  play(): Promise<void>;
  pause(): void;
}
declare const document: {
  readyState: string;
  querySelector(selector: string): Media | null;
  querySelectorAll(selector: string): Iterable<Media>;
};

let context: BrowserContext | undefined;
let page: Page;
let report: Report;
let profile: string;
const problems: string[] = [];
const requests: string[] = [];

let opened: Promise<void> | undefined;

/**
 * Runs the campaigns, writes the reports and opens report.html, once, for whichever test comes
 * first. Not a beforeAll: a failing beforeAll makes vitest report the tests as skipped, and a
 * missing browser must fail every test of this file.
 */
function openReport(): Promise<void> {
  opened ??= prepare();
  return opened;
}

async function prepare(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`);
  const dir = tempDir("motionbatch-browser-");
  const ledgerPath = join(dir, "ledger.sqlite");
  const outDir = join(dir, "out");
  const example = await runBatch(await makePlan([EXAMPLE_MANIFEST]), { ledgerPath, outDir, env: fastSim() });
  expect(example.counts).toEqual({ downloaded: 12 });
  const failing = join(dir, "failing.csv");
  writeFileSync(failing, FAILING);
  await runBatch(await makePlan([failing]), { ledgerPath, outDir, env: fastSim() });
  const ledger = openLedger(ledgerPath, { mustExist: true });
  try {
    report = (await writeReports(ledger, outDir)).report;
  } finally {
    ledger.close();
  }
  expect(report.summary.by_status).toMatchObject({ downloaded: 12, failed: 1 });

  profile = tempDir("motionbatch-chromium-profile-");
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1400, height: 1000 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ""}`));
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(join(outDir, "report.html")).href, { waitUntil: "load" });
}

describe("report.html of the example campaign in headless Chromium", () => {
  beforeEach(openReport, 90_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it("loads with no console errors and asks for nothing but local files", async () => {
    // Let late media errors and CSP reports arrive before judging.
    await page.waitForFunction(() => document.readyState === "complete");
    await page.waitForTimeout(500);
    expect(problems).toEqual([]);
    expect(requests.length).toBeGreaterThan(12);
    for (const url of requests) expect(url).toMatch(/^file:\/\//);
  });

  it("shows one playable output video per downloaded job, beside its character image and reference video", async () => {
    const downloaded = report.jobs.filter((j) => j.status === "downloaded").length;
    expect(downloaded).toBe(12);
    expect(await page.locator("video.output").count()).toBe(downloaded);
    // HAVE_CURRENT_DATA (2) or more: the file was found, decoded, and a frame is ready.
    await page.waitForFunction(() => [...document.querySelectorAll("video.output")].every((v) => v.readyState >= 2), null, {
      timeout: 30_000,
    });
    const videos = await page.evaluate(() =>
      [...document.querySelectorAll("video.output")].map((v) => ({
        error: v.error ? v.error.code : null,
        duration: v.duration,
        width: v.videoWidth,
        height: v.videoHeight,
      })),
    );
    const seconds = report.jobs.filter((j) => j.status === "downloaded").map((j) => j.billed_seconds ?? 0);
    expect(videos).toHaveLength(downloaded);
    videos.forEach((video, i) => {
      expect(video.error).toBeNull();
      expect(video.width).toBeGreaterThan(0);
      expect(video.height).toBeGreaterThan(0);
      expect(Math.abs(video.duration - (seconds[i] ?? 0))).toBeLessThan(0.2);
    });
    // Playable: the first one really plays (muted, as browsers allow without a click).
    await page.evaluate(() => {
      const video = document.querySelector("video.output");
      if (!video) throw new Error("no output video");
      video.muted = true;
      return video.play();
    });
    await page.waitForFunction(() => (document.querySelector("video.output")?.currentTime ?? 0) > 0.2, null, { timeout: 20_000 });
    await page.evaluate(() => document.querySelector("video.output")?.pause());

    expect(await page.locator("img.character").count()).toBe(report.jobs.length);
    await page.waitForFunction(() => [...document.querySelectorAll("img.character")].every((i) => i.complete && (i.naturalWidth ?? 0) > 0));
    expect(await page.locator("video.reference").count()).toBe(report.jobs.length);
    await page.waitForFunction(() => [...document.querySelectorAll("video.reference")].every((v) => v.readyState >= 1), null, {
      timeout: 30_000,
    });
    expect(await page.locator("article.job[data-status=failed] .no-output").textContent()).toContain("risk control");
  });

  it("filters the gallery by status and by campaign", async () => {
    const visible = () => page.locator("#gallery article.job:visible").count();
    const shown = () => page.locator("#shown").textContent();
    expect(await visible()).toBe(13);
    expect(await shown()).toBe("13 of 13 jobs shown");

    await page.selectOption("#filter-status", "failed");
    expect(await visible()).toBe(1);
    expect(await page.locator("#gallery article.job:visible h3").textContent()).toContain("carol");
    expect(await shown()).toBe("1 of 13 jobs shown");

    await page.selectOption("#filter-campaign", "spring-launch");
    expect(await visible()).toBe(0);

    await page.selectOption("#filter-status", "");
    expect(await visible()).toBe(12);
    expect(await page.locator("#gallery article.job:visible[data-campaign=spring-launch]").count()).toBe(12);

    await page.selectOption("#filter-campaign", "autumn");
    expect(await visible()).toBe(1);

    await page.selectOption("#filter-campaign", "");
    expect(await visible()).toBe(13);
  });

  it("shows the summary cards, the charts and the failures table, and saves a screenshot", async () => {
    expect(await page.locator("[data-card=done] .value").textContent()).toBe("12");
    expect(await page.locator("[data-card=failed] .value").textContent()).toBe("1");
    expect(await page.locator("[data-card=cost] .value").textContent()).toBe(`$${report.summary.billed_usd.toFixed(2)}`);
    expect(await page.locator("figure.chart svg").count()).toBe(3);
    expect(await page.locator("#failures tbody tr").count()).toBe(1);
    expect(await page.locator("#failures tbody tr").textContent()).toContain("content filter");

    mkdirSync(join(REPO, "test-results"), { recursive: true });
    rmSync(SCREENSHOT, { force: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
    expect(readFileSync(SCREENSHOT).subarray(1, 4).toString()).toBe("PNG");
  });
});
