import { alertRulePaths, type HostAlertRule } from "../../metrics/alert-files";
import { stripUndefined } from "../../values/strip-undefined";
import type { AlertRuleOutputs } from "./outputs";
import type { AlertRuleInputs } from "./schema";

const iso = (seconds: number | undefined) => (seconds === undefined ? undefined : new Date(seconds * 1000).toISOString());

/** Pure: the rule's outputs from what the host holds of it. */
export function alertRuleOutputs(desired: AlertRuleInputs, seen: HostAlertRule | undefined): AlertRuleOutputs {
  const paths = alertRulePaths(desired.name);
  return stripUndefined({
    ...desired,
    state: seen?.state ?? "unknown",
    since: iso(seen?.since),
    value: seen?.value,
    lastFired: iso(seen?.lastFired),
    ruleFile: paths.ruleFile,
    stateFile: paths.stateFile,
  });
}
