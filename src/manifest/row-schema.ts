import { z } from "zod";
import { MODELS, MODES, MULTI_VALUE_SEPARATOR, ORIENTATIONS } from "./columns.js";

const split = (text: string): string[] =>
  text
    .split(MULTI_VALUE_SEPARATOR)
    .map((value) => value.trim())
    .filter((value) => value !== "");

/** A cell of one or more values; a cell of separators only is an error, never zero jobs. */
function values(what: string) {
  return z.string({ error: `required: ${what}` }).transform((text, ctx) => {
    const list = split(text);
    if (list.length === 0) {
      ctx.addIssue({ code: "custom", message: `required: ${what}; the cell has no value ("${text}")` });
      return z.NEVER;
    }
    return list;
  });
}

function listOf<T extends string>(allowed: readonly T[], aliases: Record<string, readonly T[]> = {}) {
  return z.string().transform((text, ctx) => {
    const values: T[] = [];
    for (const raw of split(text)) {
      const value = raw.toLowerCase();
      // Own keys only: a cell saying "__proto__" or "constructor" is text, not a lookup into Object.prototype.
      const alias = Object.hasOwn(aliases, value) ? aliases[value] : undefined;
      if (alias) values.push(...alias);
      else if ((allowed as readonly string[]).includes(value)) values.push(value as T);
      else {
        ctx.addIssue({ code: "custom", message: `expected ${describe(allowed, aliases)}; got "${raw}"` });
        return z.NEVER;
      }
    }
    if (values.length === 0) {
      ctx.addIssue({ code: "custom", message: `expected ${describe(allowed, aliases)}; the cell is empty` });
      return z.NEVER;
    }
    return [...new Set(values)];
  });
}

function describe(allowed: readonly string[], aliases: Record<string, unknown>): string {
  const all = [...allowed, ...Object.keys(aliases)];
  return `${all.slice(0, -1).join(", ")} or ${all.at(-1)} (several separated by "|")`;
}

const YES = new Set(["yes", "y", "true", "1"]);
const NO = new Set(["no", "n", "false", "0"]);

/** One manifest row after validation, with defaults applied. Inputs are still text here. */
export const rowSchema = z
  .object({
    campaign: z.string().optional(),
    name: z.string().optional(),
    image: values("a character image (path or URL)"),
    video: values("a motion reference video (path or URL)"),
    orientation: listOf(ORIENTATIONS, { both: ORIENTATIONS }),
    mode: listOf(MODES),
    model: listOf(MODELS, { v3: ["kling-v3"], "v2.6": ["kling-v2.6"], "kling-v2-6": ["kling-v2.6"] }),
    provider: values("which provider runs the job (e.g. sim, kling); or pass --provider").transform((list) =>
      list.map((value) => value.toLowerCase()),
    ),
    prompt: z.string().max(2500, { error: "at most 2500 characters" }).optional(),
    keep_sound: z
      .string()
      .transform((text, ctx) => {
        const value = text.trim().toLowerCase();
        if (YES.has(value)) return true;
        if (NO.has(value)) return false;
        ctx.addIssue({ code: "custom", message: `expected yes or no; got "${text}"` });
        return z.NEVER;
      })
      .optional(),
    cfg_scale: z
      .string()
      .transform((text, ctx) => {
        // A decimal comma, as spreadsheets in many locales export it: 0,5.
        const value = Number(text.trim().replace(/^(\d*),(\d+)$/, "$1.$2"));
        if (text.trim() === "" || !Number.isFinite(value) || value < 0 || value > 1) {
          ctx.addIssue({ code: "custom", message: `expected a number from 0 to 1; got "${text}"` });
          return z.NEVER;
        }
        return value;
      })
      .optional(),
    // A Kling custom element: one face reference video per character (Kling's limits: name <= 20,
    // description <= 100 characters; both required by its API).
    element: z
      .string()
      .transform((text, ctx) => {
        const list = split(text);
        if (list.length !== 1) {
          ctx.addIssue({ code: "custom", message: `expected one face reference video (path or URL); got "${text}"` });
          return z.NEVER;
        }
        return list[0] as string;
      })
      .optional(),
    element_name: z.string().trim().min(1).max(20, { error: "at most 20 characters (Kling's limit)" }).optional(),
    element_description: z.string().trim().min(1).max(100, { error: "at most 100 characters (Kling's limit)" }).optional(),
  })
  .superRefine((row, ctx) => {
    const needs = ["element_name", "element_description"] as const;
    if (row.element !== undefined) {
      for (const column of needs)
        if (row[column] === undefined) ctx.addIssue({ code: "custom", path: [column], message: `required with an element column` });
    } else {
      for (const column of needs)
        if (row[column] !== undefined)
          ctx.addIssue({ code: "custom", path: [column], message: "needs an element column (the face reference video)" });
    }
  });

export type ValidRow = z.output<typeof rowSchema>;
