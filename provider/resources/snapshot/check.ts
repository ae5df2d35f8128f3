import { namedInputs } from "../../validation/autoname";
import { type CheckOutcome, checkWithUnknowns } from "../../validation/check-inputs";
import { snapshotInputsSchema, type SnapshotInputs } from "./schema";

/** Stand-ins for inputs not known yet, so that the known ones are still validated in preview. */
const PLACEHOLDERS: Record<string, unknown> = { name: "unknown", vm: "unknown", vmUuid: "unknown", description: "" };

/**
 * Validates everything at once, fills defaults, and names the snapshot when the program did not:
 * `<resource name>-<7 hex>`, kept stable by reusing the previous name.
 */
export function checkSnapshot(olds: Record<string, unknown>, news: Record<string, unknown>): CheckOutcome<SnapshotInputs> {
  return checkWithUnknowns(snapshotInputsSchema, namedInputs(olds, news), PLACEHOLDERS);
}
