import { taskApiProvider } from "../task-api/task-api-provider.js";
import { replicateApi } from "./api.js";
import { replicatePricing } from "./pricing.js";

export const replicate = taskApiProvider({
  api: replicateApi,
  displayName: "Replicate (kwaivgi Kling Motion Control)",
  keyEnv: "REPLICATE_API_TOKEN",
  defaultBaseUrl: "https://api.replicate.com",
  pricing: replicatePricing,
  // 600 creates a minute [read]; no concurrency limit documented.
  defaultConcurrency: 4,
  // "Inputs, outputs and files of API predictions are deleted after 1 hour" [read].
  outputLinkLifetimeSeconds: 3600,
});
