import { coldDeviceChangeError } from "./attachment";
import type { DiskOutputs } from "./outputs";
import type { DiskInputs } from "./schema";
import { isActive } from "../../libvirt/domain-state";
import { sameValue } from "../../values/same-value";
import { hostIdentity } from "../shared/host-identity";

/** How a changed property reaches the host. `store`: nothing to do on the host, only the state changes. */
export type DiskChangeKind = "replace" | "update" | "store";

export interface DiskChange {
  path: string;
  kind: DiskChangeKind;
}

export interface DiskChangePlan {
  changes: DiskChange[];
  /** Reasons the change cannot be made at all (shown in preview). */
  refusals: string[];
}

const GIB = 1024 ** 3;

/** Pure: what changes between the stored outputs and the new inputs, and how. */
export function planDiskChanges(olds: DiskOutputs, news: DiskInputs): DiskChangePlan {
  const changes: DiskChange[] = [];
  const refusals: string[] = [];
  const add = (path: string, kind: DiskChangeKind, before: unknown, after: unknown) => {
    if (!sameValue(before, after)) changes.push({ path, kind });
  };
  add("connection", "replace", hostIdentity(olds.connection), hostIdentity(news.connection));
  if (!changes.length) add("connection", "store", olds.connection, news.connection);
  add("name", "replace", olds.name, news.name);
  add("pool", "replace", olds.pool, news.pool ?? olds.pool);
  add("type", "replace", olds.type, news.type);
  add("baseImage", "replace", olds.baseImage, news.baseImage);
  add("size", "update", olds.size, news.size);
  add("vm", "update", olds.vm, news.vm);
  if (news.vmUuid !== undefined && news.vm !== undefined) add("vmUuid", "update", olds.vmUuid, news.vmUuid);
  add("interface", "update", olds.interface, news.interface);
  add("cache", "update", olds.cache, news.cache);
  add("io", "update", olds.io, news.io);
  if (news.target !== undefined) add("target", "update", olds.target, news.target);
  add("retainOnDelete", "store", olds.retainOnDelete, news.retainOnDelete);
  add("limits", "store", olds.limits, news.limits);

  if (typeof news.size === "number" && typeof olds.size === "number" && news.size < olds.size) {
    refusals.push(
      `size: shrinking Disk "${olds.name}" from ${formatGiB(olds.size)} GiB to ${news.size} GiB would destroy the data at its end, so VoidVM refuses it. ` +
        `Keep the size (or grow it), or create a new, smaller Disk and copy the data over.`,
    );
  }
  const replaces = changes.some((c) => c.kind === "replace");
  const sameVm = olds.vm !== undefined && olds.vm === news.vm && (news.vmUuid === undefined || news.vmUuid === olds.vmUuid);
  const cold = changes.filter((c) => ["interface", "cache", "io", "target"].includes(c.path)).map((c) => c.path);
  if (!replaces && sameVm && cold.length && isActive(olds.vmState)) {
    refusals.push(coldDeviceChangeError(olds.name, olds.vm!, cold).message);
  }
  return { changes, refusals };
}

/** Whether the new Disk would collide with the old one, so the old one must go first. */
export function mustDeleteBeforeReplace(olds: DiskOutputs, news: DiskInputs): boolean {
  const sameVolume = (news.pool ?? olds.pool) === olds.pool && news.name === olds.name && news.type === olds.type;
  const sameTarget = news.target !== undefined && news.vm === olds.vm && news.target === olds.target;
  return sameVolume || sameTarget;
}

export function bytesToGiB(bytes: number): number {
  return bytes / GIB;
}

function formatGiB(size: number): string {
  return Number.isInteger(size) ? String(size) : size.toFixed(2);
}
