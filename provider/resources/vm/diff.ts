import { RefusedError } from "../../errors";
import { describePlan, planChanges, restartNeeded } from "./change-plan";
import { resourceDiff, type DetailedDiff, type DetailedResourceDiff } from "../shared/resource-diff";
import type { VmOutputs } from "./outputs";
import type { VmInputs } from "./schema";
import { coldChangeMessage } from "./update";

/**
 * Runs in preview without touching the host. Refusals (shrinking a disk, a cold change of a
 * running VM without allowRestart) fail the preview with a message naming the property and fix.
 */
export function diffVm(olds: VmOutputs, news: VmInputs): DetailedResourceDiff {
  const plan = planChanges(olds, news);
  if (plan.refusals.length) throw new RefusedError(plan.refusals.join("\n"));
  const relevant = plan.changes.filter((c) => c.kind !== "none");
  const replaces = relevant.filter((c) => c.kind === "replace").map((c) => c.path);
  if (!replaces.length) {
    const cold = restartNeeded(plan, olds);
    if (cold.length && !news.allowRestart) throw new RefusedError(coldChangeMessage(cold));
  }
  // A dynamic provider's stderr shows in the preview: say which of live/restart/replace happens.
  const summary = describePlan(news.name, plan, olds);
  if (summary) process.stderr.write(summary + "\n");
  const detailedDiff: DetailedDiff = {};
  for (const change of relevant) {
    detailedDiff[change.path] = { kind: change.kind === "replace" ? "update-replace" : "update", inputDiff: true };
  }
  // The name is unique per host: the old VM must go before a new one of the same name.
  return resourceDiff(detailedDiff, olds.name === news.name);
}
