import type { Dialect } from "../dialect.js";
import { aimlapiDialect, SIM_AIMLAPI_KEY } from "./aimlapi.js";
import { evolinkDialect, SIM_EVOLINK_KEY } from "./evolink.js";
import { falDialect, SIM_FAL_KEY } from "./fal.js";
import { freepikDialect, SIM_FREEPIK_KEY } from "./freepik.js";
import { klingDialect, SIM_KLING_ACCOUNT } from "./kling.js";
import { reapiDialect, SIM_REAPI_KEY } from "./reapi.js";
import { replicateDialect, SIM_REPLICATE_KEY } from "./replicate.js";
import { SIM_UNIFIED_KEY, unifiedDialect } from "./unified.js";
import { SIM_VIDGO_KEY, vidgoDialect } from "./vidgo.js";

/** One dialect of the simulator, mounted at `/<name>`, and how a provider's adapter is pointed at it. */
export interface SimDialect {
  /** The provider it speaks for, and its URL prefix. */
  name: string;
  dialect(): Dialect;
  /** The environment that connects the real provider to this dialect: its base URL and the simulator's key. */
  env(dialectUrl: string): Record<string, string>;
}

function keyed(name: string, keyEnv: string, key: string, dialect: () => Dialect): SimDialect {
  return { name, dialect, env: (url) => ({ [`MOTIONBATCH_${name.toUpperCase()}_BASE_URL`]: url, [keyEnv]: key }) };
}

/** Every dialect the simulator speaks. */
export const SIM_DIALECTS: readonly SimDialect[] = [
  {
    name: "kling",
    dialect: () => klingDialect(),
    env: (url) => ({
      MOTIONBATCH_KLING_BASE_URL: url,
      KLING_ACCESS_KEY: SIM_KLING_ACCOUNT.accessKey,
      KLING_SECRET_KEY: SIM_KLING_ACCOUNT.secretKey,
    }),
  },
  keyed("freepik", "FREEPIK_API_KEY", SIM_FREEPIK_KEY, freepikDialect),
  keyed("fal", "FAL_KEY", SIM_FAL_KEY, falDialect),
  keyed("replicate", "REPLICATE_API_TOKEN", SIM_REPLICATE_KEY, replicateDialect),
  keyed("evolink", "EVOLINK_API_KEY", SIM_EVOLINK_KEY, evolinkDialect),
  keyed("vidgo", "VIDGO_API_KEY", SIM_VIDGO_KEY, vidgoDialect),
  keyed("aimlapi", "AIMLAPI_API_KEY", SIM_AIMLAPI_KEY, aimlapiDialect),
  keyed("reapi", "REAPI_API_KEY", SIM_REAPI_KEY, reapiDialect),
  keyed("unified", "UNIFIED_API_KEY", SIM_UNIFIED_KEY, unifiedDialect),
];

export function simDialectNamed(name: string): SimDialect | undefined {
  return SIM_DIALECTS.find((d) => d.name === name);
}
