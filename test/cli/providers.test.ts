import { describe, expect, it } from "vitest";
import type { ProviderFacts } from "../../src/cli/provider-facts.js";
import { describeLimits } from "../../src/cli/provider-limits.js";
import { runCli } from "../helpers/cli.js";
import { REPO } from "../helpers/paths.js";

const NO_KEYS = { KLING_ACCESS_KEY: "", KLING_SECRET_KEY: "" };

describe("motionbatch providers", () => {
  it("prints every provider, which are configured and which variables are missing, prices with date and source", async () => {
    const result = await runCli(["providers"], { cwd: REPO, env: { ...NO_KEYS, KLING_ACCESS_KEY: "ak-visible-name-only" } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^sim: Built-in simulator/m);
    expect(result.stdout).toMatch(/^kling: Kling AI official API\n {2}configured: no: set KLING_SECRET_KEY$/m);
    expect(result.stdout).toMatch(/base URL override: MOTIONBATCH_KLING_BASE_URL/);
    expect(result.stdout).toMatch(/kling-v3 std +\$0\.1260\/s +third-party, seen 2026-11-21: EvoLink/);
    expect(result.stdout).toMatch(
      /custom elements: yes, \$0\.0000 each \(unknown, seen 2026-11-21, source: unknown; Kling publishes no price/,
    );
    expect(result.stdout).toMatch(/output links: live 30 day\(s\)/);
    // Input limits come from src/providers/limits.ts: Kling's own are read, fal's are Kling's assumed.
    const kling = result.stdout.slice(result.stdout.indexOf("\nkling:"), result.stdout.indexOf("\n\n", result.stdout.indexOf("\nkling:")));
    expect(kling).toContain("  input limits, seen 2026-11-21:\n");
    expect(kling).toContain("    image: jpg/jpeg/png, <= 10 MB, 300-65536 px, aspect 1:2.5 to 2.5:1\n");
    expect(kling).toContain(
      "    video: mp4/mov, <= 100 MB, 340-3850 px, >= 3 s, <= 10 s with orientation image, <= 30 s with orientation video\n",
    );
    expect(result.stdout).toMatch(/^ {4}video: .*<= 10 s with orientation image.* \(inferred: not documented by fal/m);
    expect(result.stdout).not.toContain("ak-visible-name-only");
  });

  it("--json lists the same facts for machines, never a key's value", async () => {
    const result = await runCli(["providers", "--json"], {
      cwd: REPO,
      env: { KLING_ACCESS_KEY: "ak-secret-1", KLING_SECRET_KEY: "sk-secret-2" },
    });
    expect(result.code).toBe(0);
    const facts = JSON.parse(result.stdout) as ProviderFacts[];
    const kling = facts.find((p) => p.name === "kling");
    expect(kling).toMatchObject({
      configured: true,
      missing_env: [],
      env: ["KLING_ACCESS_KEY", "KLING_SECRET_KEY"],
      output_link_lifetime_seconds: 2_592_000,
    });
    expect(kling?.prices.map((p) => `${p.model} ${p.mode}`)).toEqual(["kling-v3 std", "kling-v3 pro", "kling-v2.6 std", "kling-v2.6 pro"]);
    expect(kling?.custom_elements).toMatchObject({ usd_per_element: 0, verified: "unknown", source: "unknown", seen_on: "2026-11-21" });
    expect(kling?.input_limits.video).toMatchObject({ minSeconds: 3, maxSeconds: { image: 10, video: 30 }, verified: "read" });
    expect(kling?.input_limits.image).toMatchObject({ formats: ["jpg", "jpeg", "png"], minPx: 300 });
    for (const provider of facts) expect(provider.input_limits.seenOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(facts.map((p) => p.name)).toContain("sim");
    expect(result.stdout).not.toMatch(/secret-1|secret-2/);
  });
});

describe("input limits as the providers command shows them", () => {
  it("says what is documented and leaves out what is not", () => {
    const described = describeLimits({
      image: { formats: ["jpg", "png"], maxBytes: 10 * 1024 * 1024, minPx: 300, maxPx: null, aspectRatioMin: 0.4, aspectRatioMax: 2.5 },
      video: { formats: ["mp4", "mov"], maxBytes: null, minPx: 340, maxPx: 3850, minSeconds: 3, maxSeconds: { image: 10, video: 30 } },
    });
    expect(described.image).toBe("jpg/png, <= 10 MB, >= 300 px, aspect 1:2.5 to 2.5:1");
    expect(described.video).toBe("mp4/mov, 340-3850 px, >= 3 s, <= 10 s with orientation image, <= 30 s with orientation video");
    const unknown = describeLimits({
      image: { formats: null, maxBytes: null, minPx: null, maxPx: null, aspectRatioMin: null, aspectRatioMax: null },
      video: { formats: null, maxBytes: null, minPx: null, maxPx: null, minSeconds: null, maxSeconds: { image: null, video: null } },
    });
    expect(unknown).toEqual({ image: "not documented", video: "not documented" });
  });
});
