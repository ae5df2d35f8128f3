import { alertRulePaths } from "../../metrics/alert-files";
import { removeRootFile } from "../../libvirt/snapshot-schedule-files";
import { remoteHost } from "../../config/resolve-connection";
import type { AlertRuleOutputs } from "./outputs";

/** Removes the rule file, then its webhook file; the collector drops the rule and removes its state file at its next sample. */
export async function deleteAlertRule(props: AlertRuleOutputs): Promise<void> {
  const host = remoteHost(props.connection);
  const paths = alertRulePaths(props.name);
  await removeRootFile(host, paths.ruleFile);
  await removeRootFile(host, paths.webhookFile);
}
