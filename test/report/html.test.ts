import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/report/summarize.js";
import { INJECTED_NAME, runHostileCampaign } from "./fixture.js";

let html: string;
let outDir: string;
let report: Report;

const attributes = (name: string) => [...html.matchAll(new RegExp(`\\s${name}="([^"]*)"`, "g"))].map((m) => m[1] ?? "");

describe("report.html, read as text", () => {
  beforeAll(async () => {
    const ran = await runHostileCampaign();
    outDir = ran.outDir;
    report = ran.report;
    html = readFileSync(join(outDir, "report.html"), "utf8");
  });

  it("loads nothing from the network: no CDN, no web fonts, no external stylesheet or script", () => {
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<script\b[^>]*\bsrc=/i);
    expect(html).not.toMatch(/@import|@font-face|url\(/i);
    for (const link of [...attributes("src"), ...attributes("href")]) expect(link).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
  });

  it("lets only its own inline style and script run (Content-Security-Policy hashes)", () => {
    const csp = (/http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? "").replaceAll("&#39;", "'");
    expect(csp).toContain("default-src 'none'");
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "";
    const hash = (text: string) => createHash("sha256").update(text).digest("base64");
    expect(csp).toContain(`script-src 'sha256-${hash(script)}'`);
    expect(csp).toContain(`style-src 'sha256-${hash(style)}'`);
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/\son[a-z]+="/);
  });

  it("escapes text from the manifest", () => {
    expect(html).not.toContain(INJECTED_NAME);
    expect(html).toContain("=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)");
  });

  it("links every output, character image and reference video by a relative path that exists", () => {
    const links = attributes("src");
    expect(links.length).toBe(3 + report.jobs.length * 2);
    for (const link of links) expect(existsSync(resolve(outDir, decodeURIComponent(link))), link).toBe(true);
  });

  it("has a gallery card per job, with an output video only for downloaded jobs", () => {
    expect(html.match(/<article class="job"/g)).toHaveLength(report.jobs.length);
    expect(html.match(/<video class="output"/g)).toHaveLength(3);
    expect(html.match(/data-campaign="summer"/g)).toHaveLength(1);
  });

  it("shows the failed job in the failures table with the provider's reason and a fix", () => {
    const failures = /<table id="failures">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? "";
    expect(failures.match(/<tr>/g)).toHaveLength(2);
    expect(failures).toContain("broken");
    expect(failures).toContain("Failure to pass the risk control system (simulated)");
    expect(failures).toContain("content filter refused it");
  });

  it("shows the totals of summarize on the cards", () => {
    const card = (key: string) => new RegExp(`data-card="${key}"><div class="value">([^<]*)<`).exec(html)?.[1];
    expect(card("cost")).toBe(`$${report.summary.billed_usd.toFixed(2)}`);
    expect(card("seconds")).toBe(String(report.summary.billed_seconds));
    expect(card("done")).toBe("3");
    expect(card("failed")).toBe("1");
    expect(card("unknown")).toBe("0");
    expect(card("held")).toBe("0");
  });
});
