import * as pulumi from "@pulumi/pulumi";
import type { ConnectionArgs } from "./connection";
import { dynamicProvider } from "./dynamic-provider";
import { resourceInputs } from "./resource-inputs";

export interface MonitoringArgs {
  /** The host to monitor. @default stack config voidvm:* */
  connection?: pulumi.Input<ConnectionArgs>;
  /** Seconds between two samples of every VM on the host. @default 5 */
  interval?: pulumi.Input<number>;
  /**
   * The most history one VM keeps on the host, in MiB; the oldest samples go first. A sample
   * takes about 190 bytes: 64 MiB hold about 20 days at a 5 s interval. @default 64
   */
  historyMB?: pulumi.Input<number>;
  /** The most history all VMs of the host keep together, in MiB. @default 1024 */
  totalHistoryMB?: pulumi.Input<number>;
  /** Keep the history and the log on the host when this resource is deleted. @default false */
  retainHistory?: pulumi.Input<boolean>;
}

/**
 * The host's metric collector: a process on the host, kept running by a cron watchdog, that
 * samples every VM of the host every `interval` seconds into bounded on-disk history
 * (/var/lib/voidvm/metrics) and evaluates the host's AlertRules on every sample. It runs without
 * Pulumi or an SSH connection; `getVmMetrics` and `voidvm report` read its history. One per host:
 * a second Monitoring on the same host (of any stack) is refused. See docs/monitoring.md.
 */
export class Monitoring extends pulumi.dynamic.Resource {
  declare public readonly interval: pulumi.Output<number>;
  declare public readonly historyMB: pulumi.Output<number>;
  declare public readonly totalHistoryMB: pulumi.Output<number>;
  declare public readonly retainHistory: pulumi.Output<boolean>;
  /** Whether the collector process ran at the last create, update or refresh. */
  declare public readonly running: pulumi.Output<boolean>;
  declare public readonly pid: pulumi.Output<number | undefined>;
  /** The bounds in bytes: one VM's history, and the whole history directory. */
  declare public readonly vmHistoryBytes: pulumi.Output<number>;
  declare public readonly totalHistoryBytes: pulumi.Output<number>;
  declare public readonly historyFiles: pulumi.Output<number>;
  declare public readonly historyBytes: pulumi.Output<number>;
  declare public readonly scriptFile: pulumi.Output<string>;
  declare public readonly configFile: pulumi.Output<string>;
  declare public readonly cronFile: pulumi.Output<string>;
  declare public readonly historyDir: pulumi.Output<string>;
  declare public readonly logFile: pulumi.Output<string>;

  constructor(name: string, args: MonitoringArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const outputs = [
      "interval", "historyMB", "totalHistoryMB", "retainHistory", "running", "pid", "vmHistoryBytes", "totalHistoryBytes", "historyFiles", "historyBytes",
      "scriptFile", "configFile", "cronFile", "historyDir", "logFile",
    ];
    const props = resourceInputs(name, args, { kind: "Monitoring", outputs });
    super(dynamicProvider("Monitoring"), name, props, opts, "voidvm", "Monitoring");
  }
}
