import { ConflictError, NotFoundError } from "../../errors";
import { alertRulePaths, readHostAlertRules } from "../../metrics/alert-files";
import { COLLECTOR_PATHS } from "../../metrics/collector-files";
import { observeState } from "../../libvirt/domain-state";
import { remoteHost } from "../../config/resolve-connection";
import { ownerOf } from "../../validation/sdk-keys";
import { hostCollectorState } from "../monitoring/observe";
import { installAlertRule } from "./install";
import { alertRuleOutputs } from "./observe";
import type { AlertRuleOutputs } from "./outputs";
import type { AlertRuleInputs } from "./schema";

/** Writes the rule for the host's collector, which evaluates it from its next sample on. */
export async function createAlertRule(inputs: AlertRuleInputs): Promise<{ id: string; outs: AlertRuleOutputs }> {
  const host = remoteHost(inputs.connection);
  const collector = await hostCollectorState(host);
  if (!collector.configPresent) {
    throw new NotFoundError(
      `${host.label} has no VoidVM collector (${COLLECTOR_PATHS.config}), which evaluates alert rules. Add a voidvm.Monitoring for this host ` +
        `and give the AlertRule dependsOn: [monitoring] (or let the Monitoring of another stack run there).`,
    );
  }
  if ((await observeState(host, inputs.vm)) === "absent") {
    throw new NotFoundError(`VM "${inputs.vm}" does not exist on ${host.label}; create it first (give the VirtualMachine resource as vm), or check the vm input.`);
  }
  const [existing] = await readHostAlertRules(host, inputs.name);
  if (existing && existing.owner !== ownerOf(inputs)) {
    const whose = existing.owner ? ` It belongs to another VoidVM resource (${existing.owner}).` : "";
    throw new ConflictError(`An alert rule named "${inputs.name}" is already on ${host.label} (${alertRulePaths(inputs.name).ruleFile}).${whose} Choose another name, or delete the old rule first.`);
  }
  await installAlertRule(host, inputs);
  return { id: `${host.label}/${inputs.name}`, outs: alertRuleOutputs(inputs, existing) };
}
