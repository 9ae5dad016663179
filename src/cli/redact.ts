import { PROVIDERS } from "../providers/registry.js";

/** Environment variables that hold secrets besides the providers' own keys (the upload store's). */
const OTHER_SECRETS = ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];

/**
 * A last line of defence for "keys never reach logs": every line motionbatch prints passes through
 * this, and any value of a provider's key variables is replaced. Events and errors are built
 * without keys in the first place; this catches what a provider might echo back.
 */
export function redactor(env: NodeJS.ProcessEnv): (text: string) => string {
  const names = new Set([...[...PROVIDERS.values()].flatMap((p) => p.envVars), ...OTHER_SECRETS]);
  const secrets = [...names]
    .map((name) => env[name])
    .filter((value): value is string => typeof value === "string" && value.length >= 6)
    .sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return (text) => text;
  return (text) => secrets.reduce((out, secret) => out.replaceAll(secret, "[redacted]"), text);
}
