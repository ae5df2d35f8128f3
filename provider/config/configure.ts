import { setConfigLimits } from "./limits";
import { loadConnectionDefaults, type ConfigReader } from "./connection-defaults";
import { setDefaultPool } from "./default-pool";

/** The dynamic provider's `configure`: reads stack config (`voidvm:*`) once per process. */
export async function configureProvider(config: ConfigReader): Promise<void> {
  loadConnectionDefaults(config);
  setDefaultPool(config.get("voidvm:pool"));
  const limits = config.get("voidvm:limits");
  if (limits) setConfigLimits(JSON.parse(limits));
}
