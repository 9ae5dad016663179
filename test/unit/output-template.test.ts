import { describe, expect, it } from "vitest";
import { type OutputTemplate, parseOutputTemplate, renderOutputName } from "../../src/manifest/output-template.js";

const VALUES = {
  campaign: "spring",
  name: "ava",
  image: "ava",
  video: "wave",
  orientation: "image",
  mode: "pro",
  model: "kling-v3",
  provider: "sim",
  key: "0123abcd",
} as const;

function parsed(text: string): OutputTemplate {
  const template = parseOutputTemplate(text);
  if ("problem" in template) throw new Error(template.problem);
  return template;
}

describe("output name templates", () => {
  it.each([
    ["{campaign}/{name}_{orientation}_{mode}", "spring/ava_image_pro"],
    ["{campaign}/{name}_{orientation}_{mode}.mp4", "spring/ava_image_pro"],
    ["{provider}/{model}/{image}-{video}", "sim/kling-v3/ava-wave"],
    ["{Campaign}\\{NAME}", "spring/ava"],
    ["renders/{campaign}//{name} {key}", "renders/spring/ava-0123abcd"],
  ])("renders %j as %j", (text, expected) => {
    expect(renderOutputName(parsed(text), VALUES)).toBe(expected);
  });

  it("names every unknown placeholder, and lists the known ones", () => {
    const result = parseOutputTemplate("{campaign}/{channel}_{name}_{size}_{channel}");
    expect(result).toEqual({ problem: expect.stringContaining("unknown placeholders {channel}, {size} in the output name template") });
    expect("problem" in result && result.problem).toContain(
      "{campaign}, {name}, {image}, {video}, {orientation}, {mode}, {model}, {provider}, {key}",
    );
  });

  it.each([
    ["an absolute path", "/srv/{name}", "must be relative"],
    ["a drive", "C:\\out\\{name}", "must be relative"],
    ["a climb out", "{campaign}/../{name}", 'may not use ".."'],
    ["a dot folder", "./{name}", 'may not use "."'],
    ["an unmatched brace", "{campaign/{name}", 'unmatched "{"'],
    ["an empty template", "  ", "empty"],
    ["only separators", "//", "must be relative"],
    ["an empty placeholder", "{}/{name}", "unknown placeholder {}"],
  ])("refuses %s", (_, text, message) => {
    const result = parseOutputTemplate(text);
    expect("problem" in result && result.problem).toContain(message);
  });

  it("makes every value safe: a value cannot add a folder, climb out, or be a device name", () => {
    const template = parsed("{campaign}/{name}");
    expect(renderOutputName(template, { ...VALUES, campaign: "../../etc", name: "a/b\\c" })).toBe("etc/a-b-c");
    expect(renderOutputName(template, { ...VALUES, campaign: "..", name: "CON" })).toBe("job/_CON");
    expect(renderOutputName(parsed("{name}"), { ...VALUES, name: "aux" })).toBe("_aux");
  });
});
