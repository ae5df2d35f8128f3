import type * as pulumi from "@pulumi/pulumi";
import type { snapshotScheduleInputsSchema } from "../provider/resources/snapshot-schedule/schema";
import type { SnapshotScheduleOutputs } from "../provider/resources/snapshot-schedule/outputs";
import type { ConnectionArgs } from "./connection";
import { resourceClass } from "./resource-class";
import type { SchemaArgs } from "./resource-types";
import type { VmRef } from "./vm-ref";

export type SnapshotScheduleArgs = SchemaArgs<typeof snapshotScheduleInputsSchema> & {
  /** @default stack config voidvm:* */
  connection?: pulumi.Input<ConnectionArgs>;
  /** The VM to snapshot: a VirtualMachine resource, or a domain name on the host. */
  vm: VmRef;
  /** Names the cron entry and tags the snapshots: letters, digits, `_`, `-`. @default "<resource name>-<random>" */
  name?: pulumi.Input<string>;
};

const outputs = [
  "name", "vm", "vmUuid", "schedule", "maxSnapshots", "naming", "includeMemory", "enabled", "deleteSnapshotsOnDelete", "cronExpression", "scheduleDescription",
  "timezone", "nextRuns", "cronFile", "configFile", "logFile", "scriptFile", "snapshots", "lastLogLine",
] as const;

/**
 * Snapshots a VM on a cron schedule that runs on the host itself (a file in /etc/cron.d and
 * VoidVM's script in /etc/voidvm), without Pulumi or the SSH connection, logging each run to
 * /var/log/voidvm/snapshot-<name>.log. Retention deletes only this schedule's own snapshots,
 * oldest first. See docs/snapshot-schedule.md.
 */
export class SnapshotSchedule extends resourceClass<SnapshotScheduleArgs, Pick<SnapshotScheduleOutputs, (typeof outputs)[number]>>("SnapshotSchedule", {
  outputs,
  autoname: true,
}) {}
