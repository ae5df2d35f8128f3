import { readHostAlertRules } from "../../metrics/alert-files";
import { remoteHost } from "../../config/resolve-connection";
import { alertRuleOutputs } from "./observe";
import type { AlertRuleOutputs } from "./outputs";

/** Refresh: gone when its rule file is gone; `state` and `since` as the collector last wrote them. */
export async function readAlertRule(id: string, props: AlertRuleOutputs): Promise<{ id: string; props: AlertRuleOutputs | Record<string, never> }> {
  const [seen] = await readHostAlertRules(remoteHost(props.connection), props.name);
  if (!seen) return { id: "", props: {} };
  return { id, props: alertRuleOutputs(props, seen) };
}
