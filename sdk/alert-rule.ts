import * as pulumi from "@pulumi/pulumi";
import type { ConnectionArgs } from "./connection";
import { dynamicProvider } from "./dynamic-provider";
import { resourceInputs } from "./resource-inputs";
import type { VmRef } from "./vm-ref";

export type AlertMetric = "cpu" | "memory" | "disk" | "network";
export type AlertCondition = ">" | "<" | "=" | "!=";
export type AlertAction = "notify" | "restart" | "suspend";

export interface AlertRuleArgs {
  /** @default stack config voidvm:* */
  connection?: pulumi.Input<ConnectionArgs>;
  /** The VM watched: a VirtualMachine resource, or a domain name on the host. */
  vm: VmRef;
  /** Names the rule's files on the host: letters, digits, `_`, `-`. @default "<resource name>-<7 hex>" */
  name?: pulumi.Input<string>;
  /** cpu (%), memory (%), disk (read + write MB/s) or network (received + sent MB/s). */
  metric: pulumi.Input<AlertMetric>;
  condition: pulumi.Input<AlertCondition>;
  /** Percent (0–100) for cpu and memory, MB/s for disk and network. */
  threshold: pulumi.Input<number>;
  /** Seconds the condition must hold on every sample before the rule fires; 0 fires on the first. @default 60 */
  duration?: pulumi.Input<number>;
  /** notify: POST a JSON payload to webhookUrl; restart: hard reset; suspend: pause in memory. Every event is logged on the host. @default "notify" */
  action?: pulumi.Input<AlertAction>;
  /** Required for notify; restart and suspend POST there too when given. Kept secret (it may hold a token). */
  webhookUrl?: pulumi.Input<string>;
}

/**
 * An alert rule evaluated on the host by its collector (a voidvm.Monitoring must run there:
 * give this resource `dependsOn: [monitoring]`) on every sample. Its `state` (ok or firing) and
 * `since` are read from the host on refresh; `voidvm alerts` lists them. See docs/monitoring.md.
 */
export class AlertRule extends pulumi.dynamic.Resource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly vm: pulumi.Output<string>;
  declare public readonly metric: pulumi.Output<AlertMetric>;
  declare public readonly condition: pulumi.Output<AlertCondition>;
  declare public readonly threshold: pulumi.Output<number>;
  declare public readonly duration: pulumi.Output<number>;
  declare public readonly action: pulumi.Output<AlertAction>;
  declare public readonly webhookUrl: pulumi.Output<string | undefined>;
  /** ok or firing; unknown until the collector has evaluated the rule. As of the last create, update or refresh. */
  declare public readonly state: pulumi.Output<"ok" | "firing" | "unknown">;
  /** When the rule entered its state (ISO 8601, UTC). */
  declare public readonly since: pulumi.Output<string | undefined>;
  /** The metric's value then. */
  declare public readonly value: pulumi.Output<number | undefined>;
  /** The last time the rule fired (ISO 8601, UTC). */
  declare public readonly lastFired: pulumi.Output<string | undefined>;
  declare public readonly ruleFile: pulumi.Output<string>;
  declare public readonly stateFile: pulumi.Output<string>;

  constructor(name: string, args: AlertRuleArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = ["name", "vm", "vmUuid", "metric", "condition", "threshold", "duration", "action", "webhookUrl", "state", "since", "value", "lastFired", "ruleFile", "stateFile"];
    const extra = args.webhookUrl === undefined ? {} : { webhookUrl: pulumi.secret(args.webhookUrl) };
    const props = resourceInputs(name, args, { kind: "AlertRule", autoname: true, outputs, extra });
    super(dynamicProvider("AlertRule"), name, props, opts, "voidvm", "AlertRule");
  }
}
