import { createHash } from "node:crypto";
import { JOB_STATES, type JobState } from "../ledger/job-state.js";
import { groupJobs } from "./group-jobs.js";
import { href } from "./href.js";
import { type Bar, barChart } from "./html/bar-chart.js";
import { escapeHtml } from "./html/escape-html.js";
import { SCRIPT } from "./html/script.js";
import { STYLE } from "./html/style.js";
import { STATUS_COLOURS } from "./status-colour.js";
import { needsAttention, suggestFix } from "./suggest-fix.js";
import type { Report, ReportJob } from "./summarize.js";

/**
 * Past this many jobs the gallery's videos load nothing until played (`preload="none"`), so a
 * report of thousands of jobs opens quickly; the first ones show their first frame at once.
 */
export const EAGER_CARDS = 48;

const IN_PROGRESS: readonly JobState[] = ["planned", "submitting", "submitted", "running", "succeeded", "downloading"];

/**
 * report.html: one self-contained file (inline CSS, inline SVG charts, one small inline script; no
 * CDN, no web fonts) meant to be opened from the output folder `outDir`: videos and images are
 * linked by paths relative to it. A Content-Security-Policy lets only that inline style and script
 * run, so no text in the report can load or run anything else.
 */
export function reportHtml(report: Report, outDir: string): string {
  const style = STYLE + statusClasses();
  const csp = [
    "default-src 'none'",
    `script-src '${sha256(SCRIPT)}'`,
    `style-src '${sha256(style)}'`,
    "img-src 'self' file: data: http: https:",
    "media-src 'self' file: data: http: https:",
  ].join("; ");
  const campaigns = [...new Set(report.jobs.map((j) => j.campaign))].sort();
  const title = `motionbatch report${campaigns.length > 0 ? `: ${campaigns.join(", ")}` : ""}`;
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${style}</style></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">Generated ${escapeHtml(report.generated_at)} from ${escapeHtml(report.ledger)}</p>`,
    cards(report),
    charts(report),
    gallery(report, outDir),
    failures(report),
    `<script>${SCRIPT}</script>`,
    "</body></html>",
    "",
  ].join("\n");
}

function cards(report: Report): string {
  const s = report.summary;
  const inProgress = IN_PROGRESS.reduce((n, state) => n + s.by_status[state], 0);
  const list: { key: string; label: string; value: string; tone?: "bad" | "warn" }[] = [
    { key: "cost", label: `billed (estimated ${money(s.estimated_usd)})`, value: money(s.billed_usd) },
    { key: "seconds", label: "billed seconds", value: String(s.billed_seconds) },
    { key: "done", label: `done of ${s.jobs} jobs`, value: String(s.by_status.downloaded) },
    { key: "failed", label: "failed", value: String(s.by_status.failed), ...(s.by_status.failed > 0 ? { tone: "bad" } : {}) },
    {
      key: "unknown",
      label: `unknown (possibly billed ${money(s.possibly_billed_usd)})`,
      value: String(s.by_status.unknown),
      ...(s.by_status.unknown > 0 ? { tone: "warn" } : {}),
    },
    { key: "held", label: "held by --max-cost", value: String(s.by_status.held), ...(s.by_status.held > 0 ? { tone: "warn" } : {}) },
  ];
  if (inProgress > 0) list.push({ key: "in-progress", label: "in progress", value: String(inProgress) });
  if (s.by_status.output_expired > 0)
    list.push({ key: "lost", label: `paid outputs lost (${money(s.lost_usd)})`, value: String(s.by_status.output_expired), tone: "bad" });
  const items = list.map(
    (c) =>
      `<div class="card${c.tone ? ` ${c.tone}` : ""}" data-card="${c.key}"><div class="value">${escapeHtml(c.value)}</div><div class="label">${escapeHtml(c.label)}</div></div>`,
  );
  return `<section class="cards" aria-label="summary">${items.join("")}</section>`;
}

function charts(report: Report): string {
  const costBars = (keyOf: (j: ReportJob) => string): Bar[] =>
    groupJobs(report.jobs, (j) => [keyOf(j)]).map((g) => ({
      label: g.key[0] ?? "",
      value: g.billed_usd,
      behind: g.estimated_usd,
      colour: "#1565c0",
      note: `${money(g.billed_usd)} (est. ${money(g.estimated_usd)})`,
    }));
  const statusBars: Bar[] = JOB_STATES.filter((state) => report.summary.by_status[state] > 0).map((state) => ({
    label: state,
    value: report.summary.by_status[state],
    colour: STATUS_COLOURS[state],
  }));
  return [
    "<h2>Cost and status</h2>",
    '<p class="meta">Dark bars: billed. Light bars: estimated.</p>',
    '<section class="charts">',
    barChart(
      "Cost by campaign",
      costBars((j) => j.campaign),
    ),
    barChart(
      "Cost by provider",
      costBars((j) => j.provider),
    ),
    barChart("Jobs by status", statusBars),
    "</section>",
  ].join("\n");
}

function gallery(report: Report, outDir: string): string {
  const statuses = JOB_STATES.filter((state) => report.summary.by_status[state] > 0);
  const campaigns = groupJobs(report.jobs, (j) => [j.campaign]);
  const options = (items: { value: string; label: string }[], all: string) =>
    [
      `<option value="">${escapeHtml(all)}</option>`,
      ...items.map((i) => `<option value="${escapeHtml(i.value)}">${escapeHtml(i.label)}</option>`),
    ].join("");
  const filters = [
    '<div class="filters">',
    `<label>Status <select id="filter-status">${options(
      statuses.map((s) => ({ value: s, label: `${s} (${report.summary.by_status[s]})` })),
      "all statuses",
    )}</select></label>`,
    `<label>Campaign <select id="filter-campaign">${options(
      campaigns.map((g) => ({ value: g.key[0] ?? "", label: `${g.key[0] ?? ""} (${g.jobs})` })),
      "all campaigns",
    )}</select></label>`,
    `<output id="shown">${report.jobs.length} of ${report.jobs.length} jobs shown</output>`,
    "</div>",
  ].join("");
  const jobs = report.jobs.map((job, i) => galleryCard(job, outDir, i < EAGER_CARDS ? "metadata" : "none"));
  return ["<h2>Videos</h2>", filters, '<section id="gallery" class="gallery">', ...jobs, "</section>"].join("\n");
}

function galleryCard(job: ReportJob, outDir: string, preload: "metadata" | "none"): string {
  const output =
    job.status === "downloaded" && job.output_path
      ? `<video class="output" controls preload="${preload}" src="${escapeHtml(href(job.output_path, outDir))}"></video>`
      : `<div class="no-output">${escapeHtml(job.status === "downloaded" ? "no output file" : `${job.status}${job.error ? `: ${job.error}` : ""}`)}</div>`;
  const cost =
    job.billed_usd !== null ? `${money(job.billed_usd)} billed` : job.estimated_usd !== null ? `${money(job.estimated_usd)} estimated` : "";
  const facts = [job.provider, job.model, cost, job.task_id ? `task ${job.task_id}` : ""].filter((x) => x !== "").join(" · ");
  return [
    `<article class="job" data-status="${escapeHtml(job.status)}" data-campaign="${escapeHtml(job.campaign)}" data-job-key="${escapeHtml(job.job_key)}">`,
    `<header><h3>${escapeHtml(job.name)} <small>${escapeHtml(`${job.orientation}, ${job.mode}`)}</small></h3>${statusBadge(job.status)}</header>`,
    '<div class="media">',
    `<figure><figcaption>Output</figcaption>${output}</figure>`,
    `<figure><figcaption>Character</figcaption><img class="character" src="${escapeHtml(href(job.image, outDir))}" alt="${escapeHtml(`character image of ${job.name}`)}"></figure>`,
    `<figure><figcaption>Reference</figcaption><video class="reference" controls muted preload="${preload}" src="${escapeHtml(href(job.video, outDir))}"></video></figure>`,
    "</div>",
    `<div class="facts">${escapeHtml(`${job.campaign} · ${facts}`)}</div>`,
    "</article>",
  ].join("");
}

function failures(report: Report): string {
  const jobs = report.jobs.filter(needsAttention);
  if (jobs.length === 0) return '<h2>Failures</h2><p id="failures" class="meta">No failures: every job is done or on its way.</p>';
  const header = ["Job", "Campaign", "Provider", "Status", "Task id", "Provider's reason", "What to do"];
  const rows = jobs.map((job) =>
    [
      escapeHtml(job.name),
      escapeHtml(job.campaign),
      escapeHtml(job.provider),
      statusBadge(job.status),
      escapeHtml(job.task_id ?? ""),
      escapeHtml(job.error ?? ""),
      escapeHtml(suggestFix(job)),
    ]
      .map((cell) => `<td>${cell}</td>`)
      .join(""),
  );
  return [
    `<h2>Failures (${jobs.length})</h2>`,
    '<table id="failures"><thead><tr>',
    header.map((h) => `<th>${escapeHtml(h)}</th>`).join(""),
    "</tr></thead><tbody>",
    ...rows.map((r) => `<tr>${r}</tr>`),
    "</tbody></table>",
  ].join("\n");
}

function statusBadge(status: JobState): string {
  return `<span class="status status-${status}">${escapeHtml(status)}</span>`;
}

function statusClasses(): string {
  return JOB_STATES.map((state) => `.status-${state} { background: ${STATUS_COLOURS[state]}; }`).join("\n");
}

function money(usd: number): string {
  return `$${usd.toFixed(2)}`;
}

/** A CSP source for an inline block: the base64 SHA-256 of its exact text. */
function sha256(text: string): string {
  return `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;
}
