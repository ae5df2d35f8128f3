import { RefusedError } from "../errors";
import { isActive, observeState } from "../libvirt/domain-state";
import { commitBase } from "../libvirt/snapshot-chain";
import { lockedVirsh, SnapshotRefusedError } from "../libvirt/snapshot-tool";
import { deleteSnapshot as deleteOne, listSnapshots as listAll, revertSnapshot, type RevertOutcome, type RevertTarget } from "../libvirt/snapshots";
import { virsh } from "../libvirt/virsh";
import type { PartialConnectionSettings } from "../transport/connection-schema";
import type { RemoteHost } from "../transport/remote-host";
import { remoteHost } from "../config/resolve-connection";
import { diskChain } from "../xml/parse-disk-chain";
import type { SnapshotRecord } from "../xml/snapshot-record";

/**
 * Operator actions on snapshots: not desired state, so not resources. Each takes the connection
 * (any field left out comes from stack config when running inside the provider, else it is
 * required) and the VM's name.
 */
export interface VmTarget {
  connection?: PartialConnectionSettings;
  vm: string;
}

export type { RevertOutcome, RevertTarget, SnapshotRecord };

/** The VM's snapshots, oldest first. */
export async function listSnapshots(target: VmTarget): Promise<SnapshotRecord[]> {
  const host = remoteHost(target.connection);
  const all = await listAll(host, target.vm);
  if (!all) throw new SnapshotRefusedError(`VM "${target.vm}" does not exist on ${host.label}.`);
  return all.snapshots;
}

/**
 * Reverts the VM to a snapshot, leaving it running or stopped as the snapshot recorded (or as
 * `state` asks). The VM's current state is discarded.
 */
export async function revertToSnapshot(target: VmTarget & { snapshot: string; state?: RevertTarget; force?: boolean }): Promise<RevertOutcome> {
  return revertSnapshot(remoteHost(target.connection), target.vm, target.snapshot, { state: target.state, force: target.force });
}

/** Deletes one snapshot (libvirt merges an external one into its parent image). */
export async function deleteSnapshot(target: VmTarget & { snapshot: string }): Promise<{ deleted: boolean }> {
  const host = remoteHost(target.connection);
  const all = await listAll(host, target.vm);
  if (!all) throw new SnapshotRefusedError(`VM "${target.vm}" does not exist on ${host.label}.`);
  if (!all.snapshots.some((s) => s.name === target.snapshot)) {
    throw new SnapshotRefusedError(`VM "${target.vm}" has no snapshot named "${target.snapshot}".`);
  }
  return { deleted: await deleteOne(host, target.vm, target.snapshot) };
}

export interface MergeOutcome {
  vm: string;
  /** The external snapshots merged into the disks, oldest first. */
  merged: string[];
  /** Each disk's image after the merge: `target path`. */
  disks: string[];
  /** Set when there was nothing to merge, saying why. */
  note?: string;
}

/**
 * Folds a chain of external snapshots (overlay files, e.g. made with `virsh snapshot-create-as
 * --disk-only`) back into the disks, oldest first, so the VM runs on its original images again
 * with all current data. Internal snapshots (all of VoidVM's) have no chain and are left alone.
 */
export async function mergeSnapshotChain(target: VmTarget): Promise<MergeOutcome> {
  const host = remoteHost(target.connection);
  const all = await listAll(host, target.vm);
  if (!all) throw new SnapshotRefusedError(`VM "${target.vm}" does not exist on ${host.label}.`);
  const external = all.snapshots.filter((s) => s.location === "external");
  const merged: string[] = [];
  for (const [i, snapshot] of external.entries()) {
    try {
      await deleteOne(host, target.vm, snapshot.name);
    } catch (error) {
      const message = (error as Error).message;
      const done = merged.length ? ` (${merged.join(", ")} merged already)` : "";
      if (!(error instanceof RefusedError)) {
        throw new Error(`Merging snapshot "${snapshot.name}" of VM "${target.vm}" failed${done}: ${message}`);
      }
      // libvirt 9 deletes an external snapshot only in simple chains (not with an internal
      // snapshot as parent, for example): commit the overlays by block job instead.
      const rest = external.slice(i);
      await mergeByBlockCommit(host, target.vm, rest).catch((inner: Error) => {
        throw new Error(`Merging the external snapshots ${rest.map((s) => `"${s.name}"`).join(", ")} of VM "${target.vm}" failed${done}: ${inner.message}`);
      });
      merged.push(...rest.map((s) => s.name));
      break;
    }
    merged.push(snapshot.name);
  }
  const disks = (await virsh(host, ["domblklist", "--", target.vm])).stdout
    .split("\n")
    .map((line) => line.trim().replace(/\s+/, " "))
    .filter(Boolean);
  const outcome: MergeOutcome = { vm: target.vm, merged, disks };
  if (!external.length) {
    outcome.note = all.snapshots.length
      ? `VM "${target.vm}" has no external snapshots: its ${all.snapshots.length} snapshot(s) are internal (inside the qcow2 files), which form no chain. Nothing to merge.`
      : `VM "${target.vm}" has no snapshots. Nothing to merge.`;
  }
  return outcome;
}

/**
 * Commits each disk's overlays (active layer included) down into the disk's own image, pivots the
 * VM onto it and deletes the overlay files (`virsh blockcommit --active --pivot --delete`), then
 * drops the snapshots' metadata. Needs the VM running (block jobs run in QEMU).
 */
async function mergeByBlockCommit(host: RemoteHost, vm: string, snapshots: SnapshotRecord[]): Promise<void> {
  const state = await observeState(host, vm);
  if (!isActive(state)) {
    throw new RefusedError(`libvirt cannot merge these snapshots itself, and a block commit needs the VM running; start it and merge again.`);
  }
  const overlays = new Set(snapshots.flatMap((s) => s.disks.filter((d) => d.snapshot === "external" && d.file).map((d) => d.file as string)));
  const targets = [...new Set(snapshots.flatMap((s) => s.disks.filter((d) => d.snapshot === "external").map((d) => d.target)))];
  const xml = (await virsh(host, ["dumpxml", "--", vm])).stdout;
  for (const diskTarget of targets) {
    const chain = await diskChain(xml, diskTarget);
    const top = chain[0];
    if (!top?.file || !overlays.has(top.file)) continue;
    const base = commitBase(chain, overlays);
    if (!base) throw new Error(`disk ${diskTarget} has no image below its snapshot overlays`);
    const result = await lockedVirsh(host, vm, [
      "blockcommit", "--domain", vm, "--path", diskTarget, "--base", `${diskTarget}[${base.index}]`, "--active", "--pivot", "--delete", "--wait",
    ]);
    if (result.exitCode !== 0) throw new Error(`block commit of disk ${diskTarget} failed: ${result.stderr.trim()}`);
  }
  for (const snapshot of [...snapshots].reverse()) {
    const result = await lockedVirsh(host, vm, ["snapshot-delete", "--domain", vm, "--snapshotname", snapshot.name, "--metadata"]);
    if (result.exitCode !== 0) throw new Error(`the data was merged, but the record of snapshot "${snapshot.name}" could not be removed: ${result.stderr.trim()}`);
  }
}
