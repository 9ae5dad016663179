import { taskApiProvider } from "../task-api/task-api-provider.js";
import { vidgoApi } from "./api.js";
import { vidgoPricing } from "./pricing.js";

export const vidgo = taskApiProvider({
  api: vidgoApi,
  displayName: "Vidgo API (Kling 2.6 Motion Control)",
  keyEnv: "VIDGO_API_KEY",
  defaultBaseUrl: "https://api.vidgo.ai",
  pricing: vidgoPricing,
  defaultConcurrency: 4,
  // Link lifetime: not documented. Failed tasks are refunded [read].
});
