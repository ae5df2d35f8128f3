import { namedInputs } from "../../validation/autoname";
import { zodFailures } from "../../validation/check-failures";
import type { CheckOutcome } from "../../validation/check-inputs";
import { withUnknownStandIns } from "./check-unknowns";
import { vmInputsSchema, type VmInputs } from "./schema";

/**
 * Validates everything at once, fills defaults, and names the VM when the program did not:
 * `<resource name>-<7 hex>`, kept stable across updates by reusing the previous name.
 */
export function checkVm(olds: Record<string, unknown>, news: Record<string, unknown>): CheckOutcome<VmInputs> {
  const { candidate, restore } = withUnknownStandIns(namedInputs(olds, news));
  const parsed = vmInputsSchema.safeParse(candidate);
  if (!parsed.success) return { failures: zodFailures(parsed.error) };
  return { inputs: restore(parsed.data) };
}
