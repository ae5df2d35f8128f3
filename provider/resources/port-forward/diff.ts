import { sameValue } from "../../values/same-value";
import { hostIdentity } from "../shared/host-identity";
import { resourceDiff, type DetailedDiff, type DetailedResourceDiff } from "../shared/resource-diff";
import type { PortForwardOutputs } from "./outputs";
import type { PortForwardInputs } from "./schema";

/**
 * Pure. Only another host replaces the forward; everything else (rules, VM, NIC, guestIp) is an
 * update that swaps this forward's rules in one transaction. Rules that point at a stale guest
 * address (seen by the last refresh) are an update too.
 */
export function diffPortForward(olds: PortForwardOutputs, news: PortForwardInputs): DetailedResourceDiff {
  const detailedDiff: DetailedDiff = {};
  if (!sameValue(hostIdentity(olds.connection), hostIdentity(news.connection))) detailedDiff.connection = { kind: "update-replace", inputDiff: true };
  for (const key of ["vm", "mac", "guestIp", "rules"] as const) {
    if (!sameValue(olds[key], news[key])) detailedDiff[key] = { kind: "update", inputDiff: true };
  }
  if (olds.vmUuid !== undefined && news.vmUuid !== undefined && olds.vmUuid !== news.vmUuid) detailedDiff.vmUuid = { kind: "update", inputDiff: true };
  if (!detailedDiff.guestIp && olds.guestAddress !== undefined && olds.forwardedTo !== undefined && olds.guestAddress !== olds.forwardedTo) {
    detailedDiff.guestIp = { kind: "update", inputDiff: false };
  }
  return resourceDiff(detailedDiff, true);
}
