import { aimlapi } from "./aimlapi/definition.js";
import { evolink } from "./evolink/definition.js";
import { fal } from "./fal/definition.js";
import { freepik } from "./freepik/definition.js";
import { kling } from "./kling/definition.js";
import type { ProviderDefinition } from "./provider-definition.js";
import { reapi } from "./reapi/definition.js";
import { replicate } from "./replicate/definition.js";
import { unified } from "./unified/definition.js";
import { vidgo } from "./vidgo/definition.js";

/** Every real provider, in the order `motionbatch providers` lists them. The simulator speaks each one's dialect. */
export const PAID_PROVIDERS: readonly ProviderDefinition[] = [kling, freepik, fal, replicate, evolink, vidgo, aimlapi, reapi, unified];
