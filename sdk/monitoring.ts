import type * as pulumi from "@pulumi/pulumi";
import type { monitoringInputsSchema } from "../provider/resources/monitoring/schema";
import type { MonitoringOutputs } from "../provider/resources/monitoring/outputs";
import type { ConnectionArgs } from "./connection";
import { resourceClass } from "./resource-class";
import type { SchemaArgs } from "./resource-types";

export type MonitoringArgs = SchemaArgs<typeof monitoringInputsSchema> & {
  /** The host to monitor. @default stack config voidvm:* */
  connection?: pulumi.Input<ConnectionArgs>;
};

const outputs = [
  "interval", "historyMB", "totalHistoryMB", "retainHistory", "running", "pid", "vmHistoryBytes", "totalHistoryBytes", "historyFiles", "historyBytes",
  "scriptFile", "configFile", "cronFile", "historyDir", "logFile",
] as const;

const MonitoringBase = resourceClass<MonitoringArgs, Pick<MonitoringOutputs, (typeof outputs)[number]>>("Monitoring", { outputs });

/**
 * The host's metric collector: a process on the host, kept running by a cron watchdog, that
 * samples every VM of the host every `interval` seconds into bounded on-disk history
 * (/var/lib/voidvm/metrics) and evaluates the host's AlertRules on every sample. It runs without
 * Pulumi or an SSH connection; `getVmMetrics` and `voidvm report` read its history. One per host:
 * a second Monitoring on the same host (of any stack) is refused. See docs/monitoring.md.
 */
export class Monitoring extends MonitoringBase {
  constructor(name: string, args: MonitoringArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(name, args, opts);
  }
}
