import type { CapturedState } from "./snapshot-marker";

/** What VoidVM knows of one libvirt snapshot: `parseSnapshotXml` reads it from `virsh snapshot-dumpxml`. */
export type SnapshotKind = "full" | "disk-only";

export interface SnapshotDisk {
  target: string;
  /** internal | external | no (and whatever else libvirt reports). */
  snapshot: string;
  /** The overlay file of an external snapshot. */
  file?: string;
}

export interface SnapshotRecord {
  name: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  createdAtEpoch: number;
  /** The state libvirt recorded: running, paused, shutoff, disk-snapshot, ... */
  libvirtState: string;
  kind: SnapshotKind;
  /** Whether the VM's memory is saved in the snapshot. */
  memory: boolean;
  location: "internal" | "external";
  /** The VM's state when the snapshot was taken. */
  capturedState: CapturedState | "unknown";
  /** The user's description, without VoidVM's tag. */
  description?: string;
  /** The SnapshotSchedule that made it. */
  schedule?: string;
  /** The Snapshot resource that took it (its tag's owner mark). */
  owner?: string;
  madeBy: "voidvm" | "schedule" | "other";
  parent?: string;
  current: boolean;
  disks: SnapshotDisk[];
  /** libvirt 9 reverts internal snapshots only. */
  revertible: boolean;
}
