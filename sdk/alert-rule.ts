import * as pulumi from "@pulumi/pulumi";
import type { alertRuleInputsSchema } from "../provider/resources/alert-rule/schema";
import type { AlertRuleInputs } from "../provider/resources/alert-rule/schema";
import type { AlertRuleOutputs } from "../provider/resources/alert-rule/outputs";
import type { ConnectionArgs } from "./connection";
import { resourceClass } from "./resource-class";
import type { SchemaArgs } from "./resource-types";
import type { VmRef } from "./vm-ref";

export type AlertMetric = AlertRuleInputs["metric"];
export type AlertCondition = AlertRuleInputs["condition"];
export type AlertAction = AlertRuleInputs["action"];

export type AlertRuleArgs = SchemaArgs<typeof alertRuleInputsSchema> & {
  /** @default stack config voidvm:* */
  connection?: pulumi.Input<ConnectionArgs>;
  /** The VM watched: a VirtualMachine resource, or a domain name on the host. */
  vm: VmRef;
  /** Names the rule's files on the host: letters, digits, `_`, `-`. @default "<resource name>-<7 hex>" */
  name?: pulumi.Input<string>;
};

const outputs = ["name", "vm", "vmUuid", "metric", "condition", "threshold", "duration", "action", "webhookUrl", "state", "since", "value", "lastFired", "ruleFile", "stateFile"] as const;

/**
 * An alert rule evaluated on the host by its collector (a voidvm.Monitoring must run there:
 * give this resource `dependsOn: [monitoring]`) on every sample. Its `state` (ok or firing) and
 * `since` are read from the host on refresh; `voidvm alerts` lists them. See docs/monitoring.md.
 */
export class AlertRule extends resourceClass<AlertRuleArgs, Pick<AlertRuleOutputs, (typeof outputs)[number]>>("AlertRule", {
  outputs,
  autoname: true,
  extra: (_name, args) => (args.webhookUrl === undefined ? {} : { webhookUrl: pulumi.secret(args.webhookUrl) }),
}) {}
