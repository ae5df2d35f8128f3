import { parseSnapshotDescription, type CapturedState } from "./snapshot-marker";
import type { SnapshotDisk, SnapshotRecord } from "./snapshot-record";
import { attr, child, children, optionalText, parseDocument, text } from "./xml-nodes";

/** Pure: one `virsh snapshot-dumpxml` document as a record; `currentName` is the VM's current snapshot. */
export async function parseSnapshotXml(xml: string, currentName?: string): Promise<SnapshotRecord> {
  const root = await parseDocument(xml, "domainsnapshot");
  const name = text(child(root, "name"));
  const { description, marker } = parseSnapshotDescription(optionalText(child(root, "description")));
  const libvirtState = optionalText(child(root, "state")) ?? "unknown";
  const epoch = Number(optionalText(child(root, "creationTime")) ?? "0");
  const memoryMode = attr(child(root, "memory"), "snapshot") ?? "no";
  const disks: SnapshotDisk[] = children(child(root, "disks"), "disk").map((d) => {
    const disk: SnapshotDisk = { target: attr(d, "name") ?? "", snapshot: attr(d, "snapshot") ?? "internal" };
    const file = attr(child(d, "source"), "file");
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
  if (marker?.owner) record.owner = marker.owner;
  const parent = optionalText(child(child(root, "parent"), "name"));
  if (parent) record.parent = parent;
  return record;
}

function capturedFromLibvirt(state: string): CapturedState | "unknown" {
  if (state === "running") return "running";
  if (state === "paused") return "paused";
  if (state === "shutoff" || state === "shutdown") return "stopped";
  return "unknown";
}
