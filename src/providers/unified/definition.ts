import { taskApiProvider } from "../task-api/task-api-provider.js";
import { unifiedApi } from "./api.js";
import { unifiedPricing } from "./pricing.js";

export const unified = taskApiProvider({
  api: unifiedApi,
  displayName: "'unified' /v1/videos/generations task API",
  keyEnv: "UNIFIED_API_KEY",
  // No base URL was found: MOTIONBATCH_UNIFIED_BASE_URL must be set.
  pricing: unifiedPricing,
  defaultConcurrency: 4,
  // "Links valid 24 h" [read: product page].
  outputLinkLifetimeSeconds: 24 * 3600,
});
