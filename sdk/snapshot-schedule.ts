import * as pulumi from "@pulumi/pulumi";
import type { ConnectionArgs } from "./connection";
import { dynamicProvider } from "./dynamic-provider";
import { resourceInputs } from "./resource-inputs";
import type { VmRef } from "./vm-ref";

export interface SnapshotScheduleArgs {
  /** @default stack config voidvm:* */
  connection?: pulumi.Input<ConnectionArgs>;
  /** The VM to snapshot: a VirtualMachine resource, or a domain name on the host. */
  vm: VmRef;
  /** Names the cron entry and tags the snapshots: letters, digits, `_`, `-`. @default "<resource name>-<random>" */
  name?: pulumi.Input<string>;
  /**
   * When to take a snapshot: a cron expression in the host's time zone, five fields
   * (`0 2 * * *`) or a shorthand (`@daily`, `@hourly`, `@weekly`, `@monthly`, `@yearly`).
   * Checked in preview; the outputs show it in words and the next run times.
   */
  schedule: pulumi.Input<string>;
  /** Retention: how many of this schedule's own snapshots are kept; the oldest go first. @default 7 */
  maxSnapshots?: pulumi.Input<number>;
  /**
   * Snapshot names. Placeholders: {timestamp} (20250131T020000Z), {date} (2025-01-31),
   * {time} (020000), {unix}, {vm}, {schedule}; must contain {timestamp}, {unix} or {date}+{time}.
   * @default "auto-{timestamp}"
   */
  naming?: pulumi.Input<string>;
  /** Full snapshots with memory while the VM runs (disk-only when it is stopped). @default false */
  includeMemory?: pulumi.Input<boolean>;
  /** false removes the cron entry and keeps everything else. @default true */
  enabled?: pulumi.Input<boolean>;
  /** Also delete this schedule's snapshots when the schedule is deleted. @default false */
  deleteSnapshotsOnDelete?: pulumi.Input<boolean>;
}

/**
 * Snapshots a VM on a cron schedule that runs on the host itself (a file in /etc/cron.d and
 * VoidVM's script in /etc/voidvm), without Pulumi or the SSH connection, logging each run to
 * /var/log/voidvm/snapshot-<name>.log. Retention deletes only this schedule's own snapshots,
 * oldest first. See docs/snapshot-schedule.md.
 */
export class SnapshotSchedule extends pulumi.dynamic.Resource {
  /** The schedule's name on the host. */
  declare public readonly name: pulumi.Output<string>;
  declare public readonly vm: pulumi.Output<string>;
  declare public readonly schedule: pulumi.Output<string>;
  declare public readonly maxSnapshots: pulumi.Output<number>;
  declare public readonly naming: pulumi.Output<string>;
  declare public readonly includeMemory: pulumi.Output<boolean>;
  /** Whether the cron entry is installed. */
  declare public readonly enabled: pulumi.Output<boolean>;
  /** The five cron fields as installed. */
  declare public readonly cronExpression: pulumi.Output<string>;
  /** The schedule in words, e.g. "At 02:00". */
  declare public readonly scheduleDescription: pulumi.Output<string>;
  /** The host's time zone, in which cron runs the schedule. */
  declare public readonly timezone: pulumi.Output<string>;
  /** The next five run times (ISO 8601, UTC) as of the last update or refresh. */
  declare public readonly nextRuns: pulumi.Output<string[]>;
  declare public readonly cronFile: pulumi.Output<string>;
  declare public readonly configFile: pulumi.Output<string>;
  declare public readonly logFile: pulumi.Output<string>;
  declare public readonly scriptFile: pulumi.Output<string>;
  /** This schedule's snapshots, oldest first, as of the last update or refresh. */
  declare public readonly snapshots: pulumi.Output<string[]>;
  /** The log's last line, as of the last update or refresh. */
  declare public readonly lastLogLine: pulumi.Output<string | undefined>;

  constructor(name: string, args: SnapshotScheduleArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = [
      "name", "vm", "vmUuid", "schedule", "maxSnapshots", "naming", "includeMemory", "enabled", "deleteSnapshotsOnDelete", "cronExpression", "scheduleDescription",
      "timezone", "nextRuns", "cronFile", "configFile", "logFile", "scriptFile", "snapshots", "lastLogLine",
    ];
    const props = resourceInputs(name, args, { kind: "SnapshotSchedule", autoname: true, outputs });
    super(dynamicProvider("SnapshotSchedule"), name, props, opts, "voidvm", "SnapshotSchedule");
  }
}
