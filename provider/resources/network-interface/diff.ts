import { sameValue } from "../../values/same-value";
import { hostIdentity } from "../shared/host-identity";
import { resourceDiff, type DetailedDiff, type DetailedResourceDiff } from "../shared/resource-diff";
import type { NicOutputs } from "./outputs";
import type { NicInputs } from "./schema";

type Rule = { path: string; get: (v: NicInputs) => unknown; replace: boolean };

/**
 * A MAC, model, type, source or VLAN change is a detach + attach of a new device: Pulumi shows it
 * as a replacement, which is exactly what happens. Bandwidth and the fixed address change live.
 */
const RULES: Rule[] = [
  { path: "connection", get: (v) => hostIdentity(v.connection), replace: true },
  { path: "vm", get: (v) => v.vm, replace: true },
  { path: "type", get: (v) => v.type, replace: true },
  { path: "source", get: (v) => v.source, replace: true },
  { path: "model", get: (v) => v.model, replace: true },
  { path: "mac", get: (v) => v.mac.toLowerCase(), replace: true },
  { path: "vlan", get: (v) => v.vlan, replace: true },
  { path: "vmUuid", get: (v) => v.vmUuid, replace: false },
  { path: "bandwidth", get: (v) => v.bandwidth, replace: false },
  { path: "fixedIpAddress", get: (v) => v.fixedIpAddress, replace: false },
];

/** Pure (runs in preview without touching the host). */
export function diffNic(olds: NicOutputs, news: NicInputs): DetailedResourceDiff {
  const detailedDiff: DetailedDiff = {};
  for (const rule of RULES) {
    if (rule.path === "vmUuid" && (olds.vmUuid === undefined || news.vmUuid === undefined)) continue;
    if (sameValue(rule.get(olds), rule.get(news))) continue;
    detailedDiff[rule.path] = { kind: rule.replace ? "update-replace" : "update", inputDiff: true };
  }
  // Removed outside Pulumi (or lost with its VM): attach it again.
  if (olds.attached === false && !detailedDiff.vm) detailedDiff.attached = { kind: "update", inputDiff: false };
  // The same MAC or reserved address cannot be on two interfaces at once.
  return resourceDiff(detailedDiff, true);
}
