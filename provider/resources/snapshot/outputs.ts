import type { SnapshotInputs } from "./schema";

/** The Snapshot as stored by Pulumi: its inputs plus what the host recorded. */
export interface SnapshotOutputs extends SnapshotInputs {
  /** The uuid of the domain the snapshot was taken of (a replaced VM has another uuid). */
  domainUuid: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  /** The VM's state when the snapshot was taken: running, paused, stopped or suspended. */
  capturedState: string;
  /** full (disks and memory) or disk-only. */
  kind: "full" | "disk-only";
  /** Always internal for VoidVM's snapshots: stored inside the qcow2 files. */
  location: "internal" | "external";
  /** Bytes of saved memory, where QEMU reports it (full snapshots of a running VM). */
  memoryStateBytes?: number;
}
