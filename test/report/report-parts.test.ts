import { describe, expect, it } from "vitest";
import { MotionbatchError } from "../../src/errors.js";
import { groupJobs } from "../../src/report/group-jobs.js";
import { href } from "../../src/report/href.js";
import { escapeHtml } from "../../src/report/html/escape-html.js";
import { safeCell } from "../../src/report/safe-cell.js";
import { needsAttention, suggestFix } from "../../src/report/suggest-fix.js";
import type { ReportJob } from "../../src/report/summarize.js";
import { parseReportFormats } from "../../src/report/write-reports.js";

describe("safeCell", () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ["+1+2", "'+1+2"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["ava_wave", "ava_wave"],
    ["a=b", "a=b"],
    ["", ""],
  ])("%j -> %j", (text, expected) => {
    expect(safeCell(text)).toBe(expected);
  });
});

describe("href", () => {
  it.each([
    ["/work/out/spring/ava.mp4", "/work/out", "spring/ava.mp4"],
    ["/work/manifests/assets/a b#1.png", "/work/out", "../manifests/assets/a%20b%231.png"],
    ["spring/ava.mp4", "/work/out", "spring/ava.mp4"],
    ["https://cdn.example/a.mp4?x=1", "/work/out", "https://cdn.example/a.mp4?x=1"],
  ])("%s from %s -> %s", (target, base, expected) => {
    expect(href(target, base)).toBe(expected);
  });
});

describe("escapeHtml", () => {
  it("escapes the five characters that can end text or an attribute", () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe("&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;");
  });
});

describe("parseReportFormats", () => {
  it("keeps the known formats in their usual order", () => {
    expect(parseReportFormats("html, JSON")).toEqual(["json", "html"]);
  });
  it.each(["pdf", "json,pdf", ",", ""])("refuses %j with a usage error naming the formats", (text) => {
    expect(() => parseReportFormats(text)).toThrow(MotionbatchError);
    expect(() => parseReportFormats(text)).toThrow(/json, csv, xlsx, html/);
  });
});

const job = (over: Partial<ReportJob>): ReportJob => ({
  job_key: "k",
  rows: [],
  campaign: "c",
  name: "n",
  provider: "sim",
  model: "kling-v3",
  mode: "std",
  orientation: "video",
  image: "/i.png",
  video: "/v.mp4",
  task_id: null,
  status: "planned",
  error: null,
  failure_class: null,
  estimated_usd: null,
  billed_usd: null,
  billed_seconds: null,
  output_path: null,
  output_sha256: null,
  output_bytes: null,
  tags: {},
  kind: "video",
  element_id: null,
  ...over,
});

describe("suggestFix and needsAttention", () => {
  it.each([
    [job({ status: "failed", failure_class: "content-policy" }), /content filter/],
    [job({ status: "failed", failure_class: "input" }), /refused an input/],
    [job({ status: "failed", failure_class: "provider" }), /could not make this video/],
    [job({ status: "unknown" }), /may be billed.*run the same command again/i],
    [job({ status: "output_expired", provider: "kling", task_id: "T1" }), /Ask kling for task T1/],
    [job({ status: "held" }), /Raise --max-cost/],
    [job({ status: "planned", error: "rate limited" }), /run the same command again/i],
  ])("%#: suggests what motionbatch really does", (j, expected) => {
    expect(needsAttention(j)).toBe(true);
    expect(suggestFix(j)).toMatch(expected);
  });
  it("leaves downloaded jobs and quiet planned jobs out", () => {
    expect(needsAttention(job({ status: "downloaded" }))).toBe(false);
    expect(needsAttention(job({ status: "planned" }))).toBe(false);
  });
});

describe("groupJobs", () => {
  it("sums jobs, seconds and money per key, sorted by key, money to 1/10000 of a dollar", () => {
    const groups = groupJobs(
      [
        job({ campaign: "b", billed_usd: 0.1, estimated_usd: 0.1, billed_seconds: 1 }),
        job({ campaign: "a", billed_usd: 0.2, estimated_usd: 0.3 }),
        job({ campaign: "b", billed_usd: 0.2, estimated_usd: 0.2, billed_seconds: 2 }),
      ],
      (j) => [j.campaign],
    );
    expect(groups).toEqual([
      { key: ["a"], jobs: 1, billed_seconds: 0, estimated_usd: 0.3, billed_usd: 0.2 },
      { key: ["b"], jobs: 2, billed_seconds: 3, estimated_usd: 0.3, billed_usd: 0.3 },
    ]);
  });
});
