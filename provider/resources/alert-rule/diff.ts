import { sameValue } from "../../values/same-value";
import { hostIdentity } from "../shared/host-identity";
import { resourceDiff, type DetailedDiff, type DetailedResourceDiff } from "../shared/resource-diff";
import type { AlertRuleOutputs } from "./outputs";
import type { AlertRuleInputs } from "./schema";

const IN_PLACE = ["vm", "vmUuid", "metric", "condition", "threshold", "duration", "action", "webhookUrl"] as const;

/** Pure: the name and host identify the rule's files, so they replace it; the rest is rewritten in place (the collector reads it at its next sample). */
export function diffAlertRule(olds: AlertRuleOutputs, news: AlertRuleInputs): DetailedResourceDiff {
  const detailedDiff: DetailedDiff = {};
  if (olds.name !== news.name) detailedDiff.name = { kind: "update-replace", inputDiff: true };
  if (!sameValue(hostIdentity(olds.connection), hostIdentity(news.connection))) detailedDiff.connection = { kind: "update-replace", inputDiff: true };
  for (const key of IN_PLACE) if (!sameValue(olds[key], news[key])) detailedDiff[key] = { kind: "update", inputDiff: true };
  return resourceDiff(detailedDiff, false);
}
