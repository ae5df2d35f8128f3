import { describePlan, planChanges, restartNeeded } from "./change-plan";
import type { VmOutputs } from "./outputs";
import type { VmInputs } from "./schema";
import { coldChangeMessage } from "./update";

export interface VmDiff {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  detailedDiff: Record<string, { kind: "update" | "update-replace"; inputDiff: boolean }>;
}

/**
 * Runs in preview without touching the host. Refusals (shrinking a disk, a cold change of a
 * running VM without allowRestart) fail the preview with a message naming the property and fix.
 */
export function diffVm(olds: VmOutputs, news: VmInputs): VmDiff {
  const plan = planChanges(olds, news);
  if (plan.refusals.length) throw new Error(plan.refusals.join("\n"));
  const relevant = plan.changes.filter((c) => c.kind !== "none");
  const replaces = relevant.filter((c) => c.kind === "replace").map((c) => c.path);
  if (!replaces.length) {
    const cold = restartNeeded(plan, olds);
    if (cold.length && !news.allowRestart) throw new Error(coldChangeMessage(cold));
  }
  // A dynamic provider's stderr shows in the preview: say which of live/restart/replace happens.
  const summary = describePlan(news.name, plan, olds);
  if (summary) process.stderr.write(summary + "\n");
  const detailedDiff: VmDiff["detailedDiff"] = {};
  for (const change of relevant) {
    detailedDiff[change.path] = { kind: change.kind === "replace" ? "update-replace" : "update", inputDiff: true };
  }
  return {
    changes: relevant.length > 0,
    replaces,
    // The name is unique per host: the old VM must go before a new one of the same name.
    deleteBeforeReplace: olds.name === news.name,
    detailedDiff,
  };
}
