import { describe, expect, it } from "vitest";
import { safeSegment, stemOf } from "../../src/manifest/output-name.js";

describe("safeSegment", () => {
  it.each([
    ["keeps a plain name", "ava_wave-1.v2", "ava_wave-1.v2"],
    ["turns forward slashes into dashes", "spring/summer", "spring-summer"],
    ["turns backslashes into dashes", "a\\b\\c", "a-b-c"],
    ["removes a path that climbs out", "../../etc/passwd", "etc-passwd"],
    ["turns `..` alone into the fallback", "..", "job"],
    ["turns `.` alone into the fallback", ".", "job"],
    ["strips leading and trailing dots and dashes", "..-hidden-..", "hidden"],
    ["collapses runs of unsafe characters into one dash", "a  :*?<>|  b", "a-b"],
    ["replaces control characters", "a\u0000b\nc\td", "a-b-c-d"],
    ["keeps unicode letters", "Zoë 東京 Ünïcødé", "Zoë-東京-Ünïcødé"],
    ["keeps unicode digits", "שלום١٢٣", "שלום١٢٣"],
    ["normalizes compatibility forms (NFKC)", "ＡＢＣ ﬁle", "ABC-file"],
    ["replaces emoji", "party🎉time", "party-time"],
    ["turns an empty name into the fallback", "", "job"],
    ["turns only separators into the fallback", "///\\\\", "job"],
  ])("%s: %j -> %j", (_, input, expected) => {
    expect(safeSegment(input)).toBe(expected);
  });

  it.each([
    ["CON", "_CON"],
    ["con", "_con"],
    ["PRN", "_PRN"],
    ["aux", "_aux"],
    ["NUL", "_NUL"],
    ["COM1", "_COM1"],
    ["com9", "_com9"],
    ["LPT1", "_LPT1"],
    ["con.txt", "_con.txt"],
    ["nul.tar.gz", "_nul.tar.gz"],
    ["COM¹", "_COM1"],
    ["CON ", "_CON"],
  ])("prefixes the reserved device name %j -> %j", (input, expected) => {
    expect(safeSegment(input)).toBe(expected);
  });

  it.each(["console", "auxiliary", "com", "lpt", "CON_video_std", "nullable", "connect.mp4"])(
    "leaves %j alone: only exact device names are reserved",
    (input) => {
      expect(safeSegment(input)).toBe(input);
    },
  );

  it.each([
    ["a long name", "a".repeat(200), "a".repeat(80)],
    ["a name of exactly 80 characters", "b".repeat(80), "b".repeat(80)],
    ["a name cut just after a dot", `${"c".repeat(79)}.tail`, "c".repeat(79)],
    ["a name cut just after a dash", `${"d".repeat(79)}-tail`, "d".repeat(79)],
  ])("caps the length at 80: %s", (_, input, expected) => {
    const safe = safeSegment(input);
    expect(safe).toBe(expected);
    expect(safe.length).toBeLessThanOrEqual(80);
  });

  it.each(["con", "CON.txt", "lpt1.mp4", "aux"])("keeps a reserved name within the 80-character cap: %s + 90 characters", (name) => {
    const safe = safeSegment(`${name}.${"x".repeat(90)}`);
    expect(safe.length).toBeLessThanOrEqual(80);
    expect(safe.startsWith("_")).toBe(true);
  });

  it.each(["../x", "a/../b", "..\\..\\windows", "x/./y", "....", "-.-", " .. "])(
    "never returns a separator or a dot-only segment for %j",
    (input) => {
      const safe = safeSegment(input);
      expect(safe).not.toMatch(/[/\\]/);
      expect(safe).not.toMatch(/^\.+$/);
      expect(safe).not.toBe("");
    },
  );

  it("is stable: a safe segment stays the same", () => {
    for (const input of ["../../etc/passwd", "Zoë 東京", "CON", "", "a".repeat(200)]) {
      const once = safeSegment(input);
      expect(safeSegment(once)).toBe(once);
    }
  });
});

describe("stemOf", () => {
  it.each([
    ["a relative path", "assets/ava.png", "ava"],
    ["a bare file name", "wave.mp4", "wave"],
    ["a Windows path", "C:\\campaign\\assets\\Ben.PNG", "Ben"],
    ["a URL with query and fragment", "https://cdn.example.com/moves/spin.mp4?sig=abc&exp=1#t=2", "spin"],
    ["a URL with only a fragment", "https://cdn.example.com/moves/jump.mp4#start", "jump"],
    ["a name with several dots", "assets/take.2.final.mp4", "take.2.final"],
    ["a name without an extension", "assets/noext", "noext"],
    ["a folder path with a trailing slash", "assets/moves/", "moves"],
    ["a dot file", "assets/.hidden", ".hidden"],
    ["a unicode name", "assets/東京.png", "東京"],
    ["an empty text", "", "input"],
    ["only separators", "///", "input"],
  ])("takes the stem of %s: %j -> %j", (_, input, expected) => {
    expect(stemOf(input)).toBe(expected);
  });
});
