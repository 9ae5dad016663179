import type { FailureClass } from "./contract.js";

const CONTENT_POLICY = /risk|content|policy|sensitive|security|safety|nsfw|moderat/i;
const INPUT = /invalid|dimension|format|too (long|short|large|small)|duration|resolution|image_processing|unsupported/i;

/** Why a task failed, for the report: from the provider's code and message, as each provider words it. */
export function failureClassOf(message: string, code?: string): FailureClass {
  const text = `${code ?? ""} ${message}`;
  if (CONTENT_POLICY.test(text)) return "content-policy";
  if (INPUT.test(text)) return "input";
  return "provider";
}
