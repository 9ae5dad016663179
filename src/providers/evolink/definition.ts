import { taskApiProvider } from "../task-api/task-api-provider.js";
import { evolinkApi } from "./api.js";
import { evolinkElementPrice, evolinkPricing } from "./pricing.js";

export const evolink = taskApiProvider({
  api: evolinkApi,
  displayName: "EvoLink unified task API (Kling v3 Motion Control)",
  keyEnv: "EVOLINK_API_KEY",
  defaultBaseUrl: "https://api.evolink.ai",
  pricing: evolinkPricing,
  defaultConcurrency: 4,
  // "Generated video links are valid for 24 hours" [read].
  outputLinkLifetimeSeconds: 24 * 3600,
  elements: { price: evolinkElementPrice },
});
