import { alertRulePaths, renderAlertRule } from "../../metrics/alert-files";
import { installRootFile, removeRootFile } from "../../libvirt/snapshot-schedule-files";
import type { RemoteHost } from "../../transport/remote-host";
import { ownerOf } from "../../validation/sdk-keys";
import type { AlertRuleInputs } from "./schema";

/**
 * Writes the webhook file (mode 600: the URL may hold a token; its content goes over stdin)
 * before the rule file, so the collector never sees the rule without its webhook; a rule without
 * a webhook has its webhook file removed.
 */
export async function installAlertRule(host: RemoteHost, inputs: AlertRuleInputs): Promise<void> {
  const paths = alertRulePaths(inputs.name);
  if (inputs.webhookUrl !== undefined) {
    const result = await host.run(["install", "-m", "600", "/dev/stdin", paths.webhookFile], { sudo: true, stdin: `${inputs.webhookUrl}\n`, allowFailure: true });
    if (result.exitCode !== 0) throw new Error(`Could not write ${paths.webhookFile} on ${host.label}: ${result.stderr.trim() || `exit code ${result.exitCode}`}`);
  } else {
    await removeRootFile(host, paths.webhookFile);
  }
  const { vm, metric, condition, threshold, duration, action, name } = inputs;
  await installRootFile(host, paths.ruleFile, renderAlertRule({ name, vm, metric, condition, threshold, duration, action, owner: ownerOf(inputs) }));
}
