/**
 * Operator actions that are not desired state: list, revert, delete and merge snapshots; read a
 * VM's metric history. Plain async functions (also behind the `voidvm` command); they connect
 * over SSH when called. The provider code is loaded on first use, so importing the SDK stays light.
 */
import type { PartialConnectionSettings } from "../provider/transport/connection-schema";
import type { MergeOutcome, MetricSample, MetricsRange, RevertOutcome, RevertTarget, SnapshotRecord, TimeInput } from "../provider/operations";

/** How to reach the host, as plain values (not Pulumi inputs): host, user, privateKey, hostKey, ... */
export type HostConnection = PartialConnectionSettings;
export type { MergeOutcome, MetricSample, MetricsRange, RevertOutcome, RevertTarget, SnapshotRecord, TimeInput };

export interface SnapshotTarget {
  /** Required fields: host, and a key, password or agent; verify the host with hostKey. */
  connection: HostConnection;
  /** The domain name. */
  vm: string;
}

const operations = () => import("../provider/operations");

/** The VM's snapshots, oldest first: name, time, kind, captured state, who made it, revertible. */
export async function listSnapshots(target: SnapshotTarget): Promise<SnapshotRecord[]> {
  return (await operations()).listSnapshots(target);
}

/**
 * Reverts the VM to a snapshot. `state: "recorded"` (default) leaves it as the snapshot recorded:
 * a full snapshot resumes from its memory; a disk-only one taken while the VM ran restores the
 * disks and boots the VM. The VM's current state is discarded.
 */
export async function revertToSnapshot(target: SnapshotTarget & { snapshot: string; state?: RevertTarget; force?: boolean }): Promise<RevertOutcome> {
  return (await operations()).revertToSnapshot(target);
}

/** Deletes one snapshot (an external one is merged into its parent image by libvirt). */
export async function deleteSnapshot(target: SnapshotTarget & { snapshot: string }): Promise<{ deleted: boolean }> {
  return (await operations()).deleteSnapshot(target);
}

/** Folds external snapshot chains (overlay files) back into the VM's disks; internal ones have none. */
export async function mergeSnapshotChain(target: SnapshotTarget): Promise<MergeOutcome> {
  return (await operations()).mergeSnapshotChain(target);
}

/**
 * The VM's metric history between `from` (default: an hour before `to`) and `to` (default: now),
 * oldest first, as the host collector of a voidvm.Monitoring recorded it: one sample per
 * interval with cpuPercent, memoryPercent, disk and network MB/s. Filtered on the host in one
 * remote command. Throws NotFoundError when the host holds no history of the VM.
 */
export async function getVmMetrics(target: SnapshotTarget, range: MetricsRange = {}): Promise<MetricSample[]> {
  return (await operations()).getVmMetrics(target, range);
}
