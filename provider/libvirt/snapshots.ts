import { RefusedError } from "../errors";
import { parseStringPromise } from "xml2js";
import type { ExecResult, RemoteHost } from "../transport/remote-host";
import { buildXml } from "../xml/xml-builder";
import { observeState } from "./domain-state";
import { joinSnapshotDescription, parseSnapshotDescription, type CapturedState } from "./snapshot-marker";
import { SNAPSHOT_SCRIPT } from "./snapshot-script";
import { virsh } from "./virsh";

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
  madeBy: "voidvm" | "schedule" | "other";
  parent?: string;
  current: boolean;
  disks: SnapshotDisk[];
  /** libvirt 9 reverts internal snapshots only. */
  revertible: boolean;
}

export interface VmSnapshots {
  uuid: string;
  current?: string;
  /** Oldest first. */
  snapshots: SnapshotRecord[];
}

/** A snapshot operation the host refused before changing anything (exit 3 of the script). */
export class SnapshotRefusedError extends RefusedError {}

const SEPARATOR = "--voidvm-snapshot--";
const LONG_MS = 30 * 60_000;

function runTool(host: RemoteHost, args: readonly string[], options: { sudo?: boolean; timeoutMs?: number } = {}): Promise<ExecResult> {
  return host.runScript(SNAPSHOT_SCRIPT, args, { allowFailure: true, timeoutMs: options.timeoutMs ?? LONG_MS, sudo: options.sudo });
}

/** The script's own words ("voidvm: ..."), else libvirt's stderr. */
function toolMessage(result: ExecResult): string {
  const own = result.stderr
    .split("\n")
    .filter((line) => line.startsWith("voidvm: "))
    .map((line) => line.slice("voidvm: ".length));
  return (own.length ? own.join("; ") : result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`).trim();
}

/** The VM's snapshots, oldest first; undefined when the VM does not exist. */
export async function listSnapshots(host: RemoteHost, vm: string): Promise<VmSnapshots | undefined> {
  const result = await runTool(host, ["list", host.uri, vm], { timeoutMs: 120_000 });
  if (result.exitCode !== 0) throw new Error(`Could not list the snapshots of VM "${vm}" on ${host.label}: ${toolMessage(result)}`);
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

type Node = { $?: Record<string, string>; _?: string; [child: string]: unknown };

function first(node: Node | undefined, name: string): Node | undefined {
  const value = node?.[name];
  return Array.isArray(value) ? (value[0] as Node) : undefined;
}

function all(node: Node | undefined, name: string): Node[] {
  const value = node?.[name];
  return Array.isArray(value) ? (value as Node[]) : [];
}

function text(node: Node | undefined): string | undefined {
  if (node === undefined) return undefined;
  return typeof node === "string" ? node : node._;
}

/** Pure: one `virsh snapshot-dumpxml` document as a record. */
export async function parseSnapshotXml(xml: string, currentName?: string): Promise<SnapshotRecord> {
  const doc = (await parseStringPromise(xml, { explicitArray: true, explicitCharkey: true, attrkey: "$", charkey: "_" })) as { domainsnapshot?: Node };
  const root = doc.domainsnapshot;
  if (!root) throw new Error("parseSnapshotXml: the document has no <domainsnapshot> root");
  const name = text(first(root, "name")) ?? "";
  const { description, marker } = parseSnapshotDescription(text(first(root, "description")));
  const libvirtState = text(first(root, "state")) ?? "unknown";
  const epoch = Number(text(first(root, "creationTime")) ?? "0");
  const memoryMode = first(root, "memory")?.$?.snapshot ?? "no";
  const disks: SnapshotDisk[] = all(first(root, "disks"), "disk").map((d) => {
    const disk: SnapshotDisk = { target: d.$?.name ?? "", snapshot: d.$?.snapshot ?? "internal" };
    const file = first(d, "source")?.$?.file;
    if (file) disk.file = file;
    return disk;
  });
  const external = memoryMode === "external" || disks.some((d) => d.snapshot === "external");
  const memory = memoryMode === "internal" || memoryMode === "external";
  const record: SnapshotRecord = {
    name,
    createdAt: new Date(epoch * 1000).toISOString(),
    createdAtEpoch: epoch,
    libvirtState,
    kind: memory ? "full" : "disk-only",
    memory,
    location: external ? "external" : "internal",
    capturedState: marker?.captured ?? capturedFromLibvirt(libvirtState),
    madeBy: marker ? (marker.schedule ? "schedule" : "voidvm") : "other",
    current: currentName !== undefined && currentName === name,
    disks,
    revertible: !external,
  };
  if (description !== undefined) record.description = description;
  if (marker?.schedule) record.schedule = marker.schedule;
  const parent = text(first(first(root, "parent"), "name"));
  if (parent) record.parent = parent;
  return record;
}

function capturedFromLibvirt(state: string): CapturedState | "unknown" {
  if (state === "running") return "running";
  if (state === "paused") return "paused";
  if (state === "shutoff" || state === "shutdown") return "stopped";
  return "unknown";
}

export interface CreateSnapshotRequest {
  vm: string;
  name: string;
  description?: string;
  includeMemory: boolean;
}

/**
 * Takes one snapshot, atomically: it exists completely or not at all. Refusals (memory of a
 * stopped VM, a raw disk, a taken name, a missing VM) throw SnapshotRefusedError before anything
 * changes on the host.
 */
export async function createSnapshot(host: RemoteHost, request: CreateSnapshotRequest): Promise<{ uuid: string; record: SnapshotRecord }> {
  const result = await runTool(host, [
    "create",
    host.uri,
    request.vm,
    request.name,
    request.includeMemory ? "yes" : "no",
    request.description ?? "",
    "",
    "no",
  ]);
  if (result.exitCode === 3 || result.exitCode === 4) throw new SnapshotRefusedError(toolMessage(result));
  if (result.exitCode !== 0) throw new Error(toolMessage(result));
  const found = await findSnapshot(host, request.vm, request.name);
  if (!found.record || found.uuid === undefined) {
    throw new Error(`Snapshot "${request.name}" of VM "${request.vm}" was reported as created but cannot be found.`);
  }
  return { uuid: found.uuid, record: found.record };
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

/** virsh under the VM's snapshot lock (shared with cron runs of schedules). */
export async function lockedVirsh(host: RemoteHost, vm: string, args: readonly string[]): Promise<ExecResult> {
  return runTool(host, ["virsh", host.uri, vm, ...args]);
}

/**
 * Deletes one snapshot; libvirt merges an external snapshot's data back into its parent image.
 * Returns false when there was no such snapshot (or no such VM).
 */
export async function deleteSnapshot(host: RemoteHost, vm: string, name: string): Promise<boolean> {
  const result = await lockedVirsh(host, vm, ["snapshot-delete", "--domain", vm, "--snapshotname", name]);
  if (result.exitCode === 0) return true;
  if (/Domain snapshot not found|no domain snapshot with matching name|failed to get domain|Domain not found/i.test(result.stderr)) return false;
  // libvirt deletes an external snapshot only in simple chains: a refusal the caller can work around.
  const message = toolMessage(result);
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
    if (removed.exitCode !== 0) throw new Error(`Could not remove the managed-save image of VM "${vm}" before the revert: ${toolMessage(removed)}`);
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
    const message = toolMessage(result);
    const hint = /requires force/i.test(message) ? " libvirt asks for force: pass force: true (voidvm snapshot revert --force) if losing the current state is intended." : "";
    throw new Error(`Reverting VM "${vm}" to snapshot "${name}" failed: ${message}.${hint}`);
  }
  const after = await observeState(host, vm);
  return { vm, snapshot: name, kind: record.kind, before, after, removedManagedSave };
}

/** Changes a snapshot's description in libvirt's metadata, keeping VoidVM's tag. */
export async function setSnapshotDescription(host: RemoteHost, vm: string, name: string, description: string | undefined): Promise<void> {
  const dumped = await lockedVirsh(host, vm, ["snapshot-dumpxml", "--security-info", "--", vm, name]);
  if (dumped.exitCode !== 0) throw new Error(`Could not read snapshot "${name}" of VM "${vm}": ${toolMessage(dumped)}`);
  const xml = dumped.stdout;
  const record = await parseSnapshotXml(xml);
  const found = await findSnapshot(host, vm, name);
  const marker = record.madeBy === "other" ? undefined : { memory: record.memory, captured: record.capturedState as CapturedState, schedule: record.schedule };
  const full = joinSnapshotDescription(description, marker);
  const element = full === "" ? "" : buildXml("description", { _: full }).trim();
  const cut = xml.search(/<domain[ >]/);
  const head = cut < 0 ? xml : xml.slice(0, cut);
  const tail = cut < 0 ? "" : xml.slice(cut);
  const newHead = /<description>[\s\S]*?<\/description>/.test(head)
    ? head.replace(/<description>[\s\S]*?<\/description>/, () => element)
    : head.replace(/<\/name>/, () => `</name>\n  ${element}`);
  const args = ["snapshot-create", "--domain", vm, "--xmlfile", "/dev/stdin", "--redefine"];
  if (found.record?.current) args.push("--current");
  const result = await virsh(host, args, { stdin: newHead + tail, allowFailure: true });
  if (result.exitCode !== 0) throw new Error(`Could not change the description of snapshot "${name}" of VM "${vm}": ${result.stderr.trim()}`);
}
