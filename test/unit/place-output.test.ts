import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { placeOutput } from "../../src/runner/place-output.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "motionbatch-place-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function part(text: string): string {
  const path = join(dir, "ava_video_std.mp4.part");
  writeFileSync(path, text);
  return path;
}

describe("placeOutput never overwrites a file that is already there", () => {
  it("puts the output at its name when the name is free", async () => {
    const placed = await placeOutput(part("new"), join(dir, "ava_video_std.mp4"), sha256("new"));
    expect(placed).toBe(join(dir, "ava_video_std.mp4"));
    expect(readFileSync(placed, "utf8")).toBe("new");
    expect(existsSync(`${placed}.part`)).toBe(false);
  });

  it("keeps an identical file (ours, placed before a crash) and drops the part", async () => {
    writeFileSync(join(dir, "ava_video_std.mp4"), "same");
    const placed = await placeOutput(part("same"), join(dir, "ava_video_std.mp4"), sha256("same"));
    expect(placed).toBe(join(dir, "ava_video_std.mp4"));
    expect(existsSync(join(dir, "ava_video_std.mp4.part"))).toBe(false);
  });

  it("takes the next free name beside a different file, leaving that file as it was", async () => {
    writeFileSync(join(dir, "ava_video_std.mp4"), "someone else's");
    writeFileSync(join(dir, "ava_video_std-2.mp4"), "another one");
    const placed = await placeOutput(part("ours"), join(dir, "ava_video_std.mp4"), sha256("ours"));
    expect(placed).toBe(join(dir, "ava_video_std-3.mp4"));
    expect(readFileSync(placed, "utf8")).toBe("ours");
    expect(readFileSync(join(dir, "ava_video_std.mp4"), "utf8")).toBe("someone else's");
    expect(readFileSync(join(dir, "ava_video_std-2.mp4"), "utf8")).toBe("another one");
  });
});
