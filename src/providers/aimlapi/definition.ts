import { taskApiProvider } from "../task-api/task-api-provider.js";
import { aimlapiApi } from "./api.js";
import { aimlapiPricing } from "./pricing.js";

export const aimlapi = taskApiProvider({
  api: aimlapiApi,
  displayName: "AI/ML API (Kling Motion Control)",
  keyEnv: "AIMLAPI_API_KEY",
  defaultBaseUrl: "https://api.aimlapi.com",
  pricing: aimlapiPricing,
  defaultConcurrency: 4,
  // Link lifetime: not documented.
});
