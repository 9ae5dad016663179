import { taskApiProvider } from "../task-api/task-api-provider.js";
import { reapiApi } from "./api.js";
import { reapiPricing } from "./pricing.js";

export const reapi = taskApiProvider({
  api: reapiApi,
  displayName: "reAPI (Kling Motion Control)",
  keyEnv: "REAPI_API_KEY",
  // No base URL was found: MOTIONBATCH_REAPI_BASE_URL must be set.
  pricing: reapiPricing,
  defaultConcurrency: 4,
  // Link lifetime: unknown. Failed tasks are refunded [read].
});
