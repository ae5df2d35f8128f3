import { RefusedError } from "../errors";
import type { RemoteHost } from "../transport/remote-host";
import { parseSnapshotXml } from "../xml/parse-snapshot";
import { snapshotXmlWithDescription } from "../xml/redefine-snapshot";
import { encodeMarkerOwner, joinSnapshotDescription, type CapturedState } from "../xml/snapshot-marker";
import { markOwner, whoseObject } from "./owner-marks";
import type { SnapshotKind, SnapshotRecord } from "../xml/snapshot-record";
import { observeState } from "./domain-state";
import { lockedVirsh, runSnapshotTool, SNAPSHOT_TOOL_EXIT, snapshotToolError, snapshotToolMessage, SnapshotRefusedError } from "./snapshot-tool";
import { virsh } from "./virsh";
import { isMissingDomain } from "./missing-domain";

/**
 * Snapshots on a libvirt host (libvirt 9, qcow2 disks). Every snapshot VoidVM makes is internal
 * (stored inside the qcow2 files) and can be reverted:
 *
 * | VM state          | includeMemory | what VoidVM does                                    | revert            |
 * | ----------------- | ------------- | --------------------------------------------------- | ----------------- |
 * | running / paused  | true          | libvirt internal snapshot with memory ("full")     | VM resumes where it was |
 * | running / paused  | false         | QMP internal disk snapshot of every writable disk, atomic, recorded in libvirt as a disk-only snapshot | disks restored, VM boots from them |
 * | stopped/suspended | false         | libvirt internal snapshot (disks only)              | disks restored    |
 * | stopped/suspended | true          | refused before anything changes (no running memory) | —                 |
 *
 * libvirt 9 can take external disk-only snapshots of a running VM but cannot revert them
 * ("revert to external snapshot not supported yet"), and refuses internal disk-only snapshots of
 * a running VM; hence the QMP transaction. External snapshots made outside VoidVM are listed,
 * deleted (libvirt merges them) and merged, but not reverted.
 */

export interface VmSnapshots {
  uuid: string;
  current?: string;
  /** Oldest first. */
  snapshots: SnapshotRecord[];
}

/** What the tool's `list` prints before each snapshot's XML. */
const SEPARATOR = "--voidvm-snapshot--";

/** The VM's snapshots, oldest first; undefined when the VM does not exist. */
export async function listSnapshots(host: RemoteHost, vm: string): Promise<VmSnapshots | undefined> {
  const result = await runSnapshotTool(host, ["list", host.uri, vm], { timeoutMs: 120_000 });
  if (result.exitCode !== 0) throw new Error(`Could not list the snapshots of VM "${vm}" on ${host.label}: ${snapshotToolMessage(result)}`);
  const [head, ...documents] = result.stdout.split(`${SEPARATOR}\n`);
  const headLines = (head ?? "").split("\n");
  if (headLines[0]?.trim() === "absent") return undefined;
  const uuid = headLines.find((l) => l.startsWith("uuid "))?.slice(5).trim() ?? "";
  const current = headLines.find((l) => l.startsWith("current "))?.slice(8).trim() || undefined;
  const snapshots: SnapshotRecord[] = [];
  for (const document of documents) snapshots.push(await parseSnapshotXml(document, current));
  snapshots.sort((a, b) => a.createdAtEpoch - b.createdAtEpoch || a.name.localeCompare(b.name));
  return { uuid, current, snapshots };
}

export async function findSnapshot(host: RemoteHost, vm: string, name: string): Promise<{ uuid?: string; record?: SnapshotRecord }> {
  const all = await listSnapshots(host, vm);
  if (!all) return {};
  return { uuid: all.uuid, record: all.snapshots.find((s) => s.name === name) };
}

export interface CreateSnapshotRequest {
  vm: string;
  name: string;
  description?: string;
  includeMemory: boolean;
  /** The Snapshot resource taking it: its tag carries this owner mark. */
  owner?: string;
}

/**
 * Takes one snapshot, atomically: it exists completely or not at all. Refusals (memory of a
 * stopped VM, a raw disk, a taken name, a missing VM) throw SnapshotRefusedError before anything
 * changes on the host. A snapshot of that name whose tag names the request's owner is that
 * resource's own (taken by a create whose `pulumi up` was killed): it is returned, `takenOver`.
 */
export async function createSnapshot(host: RemoteHost, request: CreateSnapshotRequest): Promise<{ uuid: string; record: SnapshotRecord; takenOver: boolean }> {
  const result = await runSnapshotTool(host, [
    "create",
    host.uri,
    request.vm,
    request.name,
    request.includeMemory ? "yes" : "no",
    request.description ?? "",
    "",
    "no",
    request.owner ? encodeMarkerOwner(markOwner(request.owner)) : "",
  ]);
  const nameTaken = result.exitCode === SNAPSHOT_TOOL_EXIT.nameTaken;
  if (result.exitCode !== SNAPSHOT_TOOL_EXIT.done && !nameTaken) throw snapshotToolError(result);
  const found = await findSnapshot(host, request.vm, request.name);
  if (nameTaken) {
    if (found.record && found.uuid !== undefined && request.owner !== undefined && found.record.owner === markOwner(request.owner)) {
      return { uuid: found.uuid, record: found.record, takenOver: true };
    }
    throw new SnapshotRefusedError(
      `VM "${request.vm}" already has a snapshot named "${request.name}". ${whoseObject(found.record?.owner)} ` +
        `Choose another name, or delete it (voidvm snapshot delete ${request.vm} ${request.name}).`,
    );
  }
  if (!found.record || found.uuid === undefined) {
    throw new Error(`Snapshot "${request.name}" of VM "${request.vm}" was reported as created but cannot be found.`);
  }
  return { uuid: found.uuid, record: found.record, takenOver: false };
}

/**
 * Bytes of saved memory per snapshot name, as QEMU reports them (running or paused VMs only;
 * an empty map otherwise). The disk blocks a snapshot holds are shared with the live disk and not
 * reported by qcow2.
 */
export async function memoryStateSizes(host: RemoteHost, vm: string): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  const state = await observeState(host, vm);
  if (state !== "running" && state !== "paused") return sizes;
  const result = await virsh(host, ["qemu-monitor-command", "--", vm, JSON.stringify({ execute: "query-block" })], { allowFailure: true });
  if (result.exitCode !== 0) return sizes;
  try {
    const reply = JSON.parse(result.stdout) as { return?: Array<{ inserted?: { image?: { snapshots?: Array<{ name: string; "vm-state-size": number }> } } }> };
    for (const device of reply.return ?? []) {
      for (const snapshot of device.inserted?.image?.snapshots ?? []) {
        sizes.set(snapshot.name, Math.max(sizes.get(snapshot.name) ?? 0, snapshot["vm-state-size"]));
      }
    }
  } catch {
    // QEMU answered something else: no sizes.
  }
  return sizes;
}

/**
 * Deletes one snapshot; libvirt merges an external snapshot's data back into its parent image.
 * Returns false when there was no such snapshot (or no such VM).
 */
export async function deleteSnapshot(host: RemoteHost, vm: string, name: string): Promise<boolean> {
  const result = await lockedVirsh(host, vm, ["snapshot-delete", "--domain", vm, "--snapshotname", name]);
  if (result.exitCode === 0) return true;
  if (/Domain snapshot not found|no domain snapshot with matching name/i.test(result.stderr) || isMissingDomain(result.stderr)) return false;
  // libvirt deletes an external snapshot only in simple chains: a refusal the caller can work around.
  const message = snapshotToolMessage(result);
  const Failure = /not supported/i.test(message) ? RefusedError : Error;
  throw new Failure(`Could not delete snapshot "${name}" of VM "${vm}" on ${host.label}: ${message}`);
}

export type RevertTarget = "recorded" | "running" | "paused" | "stopped";

export interface RevertOutcome {
  vm: string;
  snapshot: string;
  kind: SnapshotKind;
  /** The VM's state before and after. */
  before: string;
  after: string;
  /** A suspended VM's saved memory, thrown away because it belongs to the discarded state. */
  removedManagedSave: boolean;
}

/**
 * Reverts a VM to a snapshot. `recorded` (the default) leaves the VM as the snapshot recorded it:
 * a full snapshot resumes running (or paused) from the saved memory; a disk-only snapshot taken
 * while the VM ran restores the disks and boots the VM from them; one taken while it was stopped
 * leaves it stopped. The VM's current state is discarded, including a managed-save image.
 */
export async function revertSnapshot(
  host: RemoteHost,
  vm: string,
  name: string,
  options: { state?: RevertTarget; force?: boolean } = {},
): Promise<RevertOutcome> {
  const target = options.state ?? "recorded";
  const found = await findSnapshot(host, vm, name);
  if (found.uuid === undefined) throw new SnapshotRefusedError(`VM "${vm}" does not exist on ${host.label}.`);
  const record = found.record;
  if (!record) throw new SnapshotRefusedError(`VM "${vm}" has no snapshot named "${name}". List them with \`voidvm snapshot list ${vm}\`.`);
  if (!record.revertible) {
    throw new SnapshotRefusedError(
      `Snapshot "${name}" is external (its data lives in overlay files), and libvirt 9 cannot revert external snapshots ` +
        `("revert to external snapshot not supported yet"). Merge the chain (voidvm snapshot merge ${vm}) to fold it into the disk, ` +
        `or revert with a newer libvirt.`,
    );
  }
  if (target === "stopped" && record.kind === "full") {
    throw new SnapshotRefusedError(
      `Snapshot "${name}" holds the VM's running memory; reverting it to a stopped VM would throw that memory away. Revert with state "recorded" (or "paused"), then stop the VM.`,
    );
  }
  const before = await observeState(host, vm);
  let removedManagedSave = false;
  if (before === "suspended") {
    const removed = await lockedVirsh(host, vm, ["managedsave-remove", "--domain", vm]);
    if (removed.exitCode !== 0) throw new Error(`Could not remove the managed-save image of VM "${vm}" before the revert: ${snapshotToolMessage(removed)}`);
    removedManagedSave = true;
  }
  const flags: string[] = [];
  if (target === "running") flags.push("--running");
  else if (target === "paused") flags.push("--paused");
  else if (target === "recorded" && record.kind === "disk-only" && (record.capturedState === "running" || record.capturedState === "paused")) {
    flags.push(record.capturedState === "paused" ? "--paused" : "--running");
  }
  if (options.force) flags.push("--force");
  const result = await lockedVirsh(host, vm, ["snapshot-revert", "--domain", vm, "--snapshotname", name, ...flags]);
  if (result.exitCode !== 0) {
    const message = snapshotToolMessage(result);
    const hint = /requires force/i.test(message) ? " libvirt asks for force: pass force: true (voidvm snapshot revert --force) if losing the current state is intended." : "";
    throw new Error(`Reverting VM "${vm}" to snapshot "${name}" failed: ${message}.${hint}`);
  }
  const after = await observeState(host, vm);
  return { vm, snapshot: name, kind: record.kind, before, after, removedManagedSave };
}

/** Changes a snapshot's description in libvirt's metadata, keeping VoidVM's tag. */
export async function setSnapshotDescription(host: RemoteHost, vm: string, name: string, description: string | undefined): Promise<void> {
  const dumped = await lockedVirsh(host, vm, ["snapshot-dumpxml", "--security-info", "--", vm, name]);
  if (dumped.exitCode !== 0) throw new Error(`Could not read snapshot "${name}" of VM "${vm}": ${snapshotToolMessage(dumped)}`);
  const record = await parseSnapshotXml(dumped.stdout);
  const marker =
    record.madeBy === "other" ? undefined : { memory: record.memory, captured: record.capturedState as CapturedState, schedule: record.schedule, owner: record.owner };
  const redefined = await snapshotXmlWithDescription(dumped.stdout, joinSnapshotDescription(description, marker));
  const args = ["snapshot-create", "--domain", vm, "--xmlfile", "/dev/stdin", "--redefine"];
  // Redefining a snapshot without --current would stop it being the VM's current snapshot.
  if ((await currentSnapshot(host, vm)) === name) args.push("--current");
  const result = await virsh(host, args, { stdin: redefined, allowFailure: true });
  if (result.exitCode !== 0) throw new Error(`Could not change the description of snapshot "${name}" of VM "${vm}": ${result.stderr.trim()}`);
}

/** The name of the VM's current snapshot (the parent of the next one); undefined when it has none. */
async function currentSnapshot(host: RemoteHost, vm: string): Promise<string | undefined> {
  const result = await virsh(host, ["snapshot-current", "--name", "--", vm], { allowFailure: true });
  if (result.exitCode === 0) return result.stdout.trim() || undefined;
  if (/has no current snapshot/i.test(result.stderr)) return undefined;
  throw new Error(`Could not learn which snapshot of VM "${vm}" is current on ${host.label}: ${result.stderr.trim()}`);
}
