import { taskApiProvider } from "../task-api/task-api-provider.js";
import { freepikApi } from "./api.js";
import { freepikPricing } from "./pricing.js";

export const freepik = taskApiProvider({
  api: freepikApi,
  displayName: "Freepik API (Kling Motion Control)",
  keyEnv: "FREEPIK_API_KEY",
  defaultBaseUrl: "https://api.freepik.com",
  pricing: freepikPricing,
  // "3 concurrent requests per user" on Freepik's other Kling endpoints [inferred for motion control].
  defaultConcurrency: 3,
  // Link lifetime: not documented.
});
