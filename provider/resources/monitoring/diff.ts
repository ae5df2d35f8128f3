import { sameValue } from "../../values/same-value";
import { hostIdentity } from "../shared/host-identity";
import { resourceDiff, type DetailedDiff, type DetailedResourceDiff } from "../shared/resource-diff";
import type { MonitoringOutputs } from "./outputs";
import type { MonitoringInputs } from "./schema";

const IN_PLACE = ["interval", "historyMB", "totalHistoryMB", "retainHistory"] as const;

/** Pure: another host replaces the collector; every setting changes in place (the collector restarts, its history stays). */
export function diffMonitoring(olds: MonitoringOutputs, news: MonitoringInputs): DetailedResourceDiff {
  const detailedDiff: DetailedDiff = {};
  if (!sameValue(hostIdentity(olds.connection), hostIdentity(news.connection))) detailedDiff.connection = { kind: "update-replace", inputDiff: true };
  for (const key of IN_PLACE) if (!sameValue(olds[key], news[key])) detailedDiff[key] = { kind: "update", inputDiff: true };
  return resourceDiff(detailedDiff, false);
}
