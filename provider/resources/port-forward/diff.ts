import { isDeepStrictEqual } from "util";
import type { PortForwardInputs } from "./check";
import type { PortForwardOutputs } from "./outputs";

export interface PortForwardDiff {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  detailedDiff: Record<string, { kind: "update" | "update-replace"; inputDiff: boolean }>;
}

/**
 * Pure. Only another host replaces the forward; everything else (rules, VM, NIC, guestIp) is an
 * update that swaps this forward's rules in one transaction. Rules that point at a stale guest
 * address (seen by the last refresh) are an update too.
 */
export function diffPortForward(olds: PortForwardOutputs, news: PortForwardInputs): PortForwardDiff {
  const detailedDiff: PortForwardDiff["detailedDiff"] = {};
  const hostOf = (v: PortForwardInputs) => ({ host: v.connection?.host, port: v.connection?.port, uri: v.connection?.uri });
  if (!same(hostOf(olds), hostOf(news))) detailedDiff.connection = { kind: "update-replace", inputDiff: true };
  for (const key of ["vm", "mac", "guestIp", "rules"] as const) {
    if (!same(olds[key], news[key])) detailedDiff[key] = { kind: "update", inputDiff: true };
  }
  if (olds.vmUuid !== undefined && news.vmUuid !== undefined && olds.vmUuid !== news.vmUuid) detailedDiff.vmUuid = { kind: "update", inputDiff: true };
  if (!detailedDiff.guestIp && olds.guestAddress !== undefined && olds.forwardedTo !== undefined && olds.guestAddress !== olds.forwardedTo) {
    detailedDiff.guestIp = { kind: "update", inputDiff: false };
  }
  const replaces = Object.entries(detailedDiff)
    .filter(([, d]) => d.kind === "update-replace")
    .map(([key]) => key);
  return { changes: Object.keys(detailedDiff).length > 0, replaces, deleteBeforeReplace: true, detailedDiff };
}

function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
  return isDeepStrictEqual(norm(a), norm(b));
}
