import { namedInputs } from "../../validation/autoname";
import { type CheckOutcome, checkWithUnknowns } from "../../validation/check-inputs";
import { diskInputsSchema, type DiskInputs } from "./schema";

/** Stand-ins for inputs not known yet, so that the known ones are still validated in preview. */
const PLACEHOLDERS: Record<string, unknown> = { name: "unknown", vm: "unknown", vmUuid: "unknown", size: 1 };

/**
 * Validates everything at once, fills defaults, and names the Disk when the program did not:
 * `<resource name>-<7 hex>`, kept stable by reusing the previous name. Inputs not known yet in a
 * preview (a VM being replaced has no uuid yet) pass through as unknown.
 */
export function checkDisk(olds: Record<string, unknown>, news: Record<string, unknown>): CheckOutcome<DiskInputs> {
  return checkWithUnknowns(diskInputsSchema, namedInputs(olds, news), PLACEHOLDERS, (candidate, unknownKeys) => {
    if (!unknownKeys.includes("limits") && !unknownKeys.includes("size")) return [];
    // An unknown size cannot be checked against the bounds yet: check it on apply.
    candidate.limits = { minDiskSize: 1, maxDiskSize: Number.MAX_SAFE_INTEGER };
    return ["limits"];
  });
}
