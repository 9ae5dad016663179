import { taskApiProvider } from "../task-api/task-api-provider.js";
import { falApi } from "./api.js";
import { falPricing } from "./pricing.js";

export const fal = taskApiProvider({
  api: falApi,
  displayName: "fal.ai queue API (Kling Motion Control)",
  keyEnv: "FAL_KEY",
  defaultBaseUrl: "https://queue.fal.run",
  pricing: falPricing,
  // fal documents no concurrency limit for these endpoints.
  defaultConcurrency: 4,
  // Link lifetime: not documented.
});
