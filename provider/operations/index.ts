/**
 * Operator actions (not desired state): used by sdk/operations.ts and the `voidvm` command. What
 * they throw leaves with every registered secret redacted, as the resource providers' errors do:
 * their plain Errors quote remote stderr too.
 */
import { redacting } from "../errors";
import * as metrics from "./metrics";
import * as snapshots from "./snapshots";

export type { MetricsRange, TimeInput } from "./metrics";
export type { MetricSample } from "../metrics/sample";
export type { HostAlertRule } from "../metrics/alert-files";
export type { MergeOutcome, RevertOutcome, RevertTarget, SnapshotRecord, VmTarget } from "./snapshots";

function redacted<A extends unknown[], R>(operation: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args) => redacting(() => operation(...args));
}

export const listSnapshots = redacted(snapshots.listSnapshots);
export const revertToSnapshot = redacted(snapshots.revertToSnapshot);
export const deleteSnapshot = redacted(snapshots.deleteSnapshot);
export const mergeSnapshotChain = redacted(snapshots.mergeSnapshotChain);
export const getVmMetrics = redacted(metrics.getVmMetrics);
export const listAlertRules = redacted(metrics.listAlertRules);
