import { RefusedError } from "../errors";
import { readHostAlertRules, type HostAlertRule } from "../metrics/alert-files";
import { readHistory } from "../metrics/history";
import type { MetricSample } from "../metrics/sample";
import { remoteHost } from "../config/resolve-connection";
import type { VmTarget } from "./snapshots";

/** A point in time: a Date, Unix milliseconds, or an ISO 8601 string. */
export type TimeInput = Date | number | string;

export interface MetricsRange {
  /** @default one hour before `to` */
  from?: TimeInput;
  /** @default now */
  to?: TimeInput;
}

function seconds(value: TimeInput, what: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new RefusedError(`${what} (${String(value)}) is not a time: give a Date, Unix milliseconds or an ISO 8601 string.`);
  return ms / 1000;
}

/**
 * The host collector's samples of the VM between `from` and `to`, oldest first (history kept by
 * a voidvm.Monitoring on the VM's host): one remote command that filters on the host.
 */
export async function getVmMetrics(target: VmTarget, range: MetricsRange = {}): Promise<MetricSample[]> {
  const to = range.to === undefined ? Date.now() / 1000 : seconds(range.to, "to");
  const from = range.from === undefined ? to - 3600 : seconds(range.from, "from");
  if (from > to) throw new RefusedError(`from (${new Date(from * 1000).toISOString()}) is after to (${new Date(to * 1000).toISOString()}).`);
  return readHistory(remoteHost(target.connection), target.vm, from, to);
}

/** The alert rules on the host (of `vm`, when given) with their state as the collector last wrote it. */
export async function listAlertRules(target: { connection?: VmTarget["connection"]; vm?: string }): Promise<HostAlertRule[]> {
  const rules = await readHostAlertRules(remoteHost(target.connection));
  return rules.filter((r) => target.vm === undefined || r.vm === target.vm);
}
