/**
 * VoidVM tags the snapshots it makes with one line at the end of the libvirt snapshot
 * description: `[voidvm memory=yes|no captured=STATE]`, plus ` owner=OWNER` for the snapshot of a
 * Snapshot resource (its owner, percent-encoded: the mark that lets a create killed after the
 * snapshot be taken over) and ` schedule=NAME` for the snapshots of a SnapshotSchedule. Retention deletes only snapshots that carry its own schedule's tag, and the
 * operator tools use the tag to tell what a snapshot holds (libvirt records a disk-only snapshot
 * of a running VM as state "shutoff"; the tag says it was running). The shell script writes the
 * same format (see provider/remote-scripts/lib/snapshot-create.sh).
 */
export type CapturedState = "running" | "paused" | "stopped" | "suspended";

export interface SnapshotMarker {
  memory: boolean;
  captured: CapturedState;
  schedule?: string;
  /** The Snapshot resource that took it (project/stack/kind/name). */
  owner?: string;
}

const MARKER_LINE = /^\[voidvm memory=(yes|no) captured=(running|paused|stopped|suspended)(?: owner=([A-Za-z0-9%._~!*'()-]+))?(?: schedule=([A-Za-z0-9_-]+))?\]$/;

/** The owner as it stands in the tag: percent-encoded, so no character of it can end the tag or the line. */
export function encodeMarkerOwner(owner: string): string {
  return encodeURIComponent(owner);
}

function decodeMarkerOwner(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

/** Text that would look like VoidVM's tag; refused in user descriptions. */
export const MARKER_PREFIX = "[voidvm ";

export function formatMarker(marker: SnapshotMarker): string {
  const owner = marker.owner ? ` owner=${encodeMarkerOwner(marker.owner)}` : "";
  return `[voidvm memory=${marker.memory ? "yes" : "no"} captured=${marker.captured}${owner}${marker.schedule ? ` schedule=${marker.schedule}` : ""}]`;
}

/** Splits a libvirt snapshot description into the user's text and VoidVM's tag (if any). */
export function parseSnapshotDescription(full: string | undefined): { description?: string; marker?: SnapshotMarker } {
  if (full === undefined || full === "") return {};
  const lines = full.split("\n");
  const last = lines[lines.length - 1] ?? "";
  const match = MARKER_LINE.exec(last.trim());
  if (!match) return { description: full };
  const marker: SnapshotMarker = { memory: match[1] === "yes", captured: match[2] as CapturedState };
  const owner = match[3] ? decodeMarkerOwner(match[3]) : undefined;
  if (owner) marker.owner = owner;
  if (match[4]) marker.schedule = match[4];
  const description = lines.slice(0, -1).join("\n");
  return description === "" ? { marker } : { description, marker };
}

/** The description as stored in libvirt: the user's text, then the tag on a line of its own. */
export function joinSnapshotDescription(description: string | undefined, marker: SnapshotMarker | undefined): string {
  const tag = marker ? formatMarker(marker) : "";
  if (!description) return tag;
  return tag ? `${description}\n${tag}` : description;
}
