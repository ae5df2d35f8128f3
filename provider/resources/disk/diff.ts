import { RefusedError } from "../../errors";
import { mustDeleteBeforeReplace, planDiskChanges } from "./change-plan";
import type { ResourceDiff } from "../shared/resource-diff";
import type { DiskOutputs } from "./outputs";
import type { DiskInputs } from "./schema";

/**
 * Runs in preview without touching the host. Refusals (shrinking, a cold device change on a running
 * VM) fail the preview with a message that names the property and the fix.
 */
export function diffDisk(olds: DiskOutputs, news: DiskInputs): ResourceDiff {
  const plan = planDiskChanges(olds, news);
  if (plan.refusals.length) throw new RefusedError(plan.refusals.join("\n"));
  const replaces = plan.changes.filter((c) => c.kind === "replace").map((c) => c.path);
  return {
    changes: plan.changes.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && mustDeleteBeforeReplace(olds, news),
  };
}
