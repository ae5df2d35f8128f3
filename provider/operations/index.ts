/** Operator actions (not desired state): used by sdk/operations.ts and the `voidvm` command. */
export { deleteSnapshot, listSnapshots, mergeSnapshotChain, revertToSnapshot } from "./snapshots";
export type { MergeOutcome, RevertOutcome, RevertTarget, SnapshotRecord, VmTarget } from "./snapshots";
