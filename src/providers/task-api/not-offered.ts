import type { JobSpec } from "../../manifest/job-spec.js";
import { ProviderError } from "../provider-error.js";

/**
 * A model (or tier) the provider does not sell. The plan refuses such a job first (the provider
 * has no price for it); this is the adapter's own guard, a refusal that sent nothing.
 */
export function notOffered(provider: string, spec: Pick<JobSpec, "model" | "mode">): ProviderError {
  return new ProviderError(`${provider} does not offer ${spec.model} ${spec.mode} motion control`, {
    provider,
    kind: "invalid_input",
    sent: "no",
  });
}

/** The provider's model id for a job's model, or the refusal. */
export function modelIdOf(
  provider: string,
  models: Readonly<Partial<Record<JobSpec["model"], string>>>,
  spec: Pick<JobSpec, "model" | "mode">,
): string {
  const id = models[spec.model];
  if (id === undefined) throw notOffered(provider, spec);
  return id;
}
