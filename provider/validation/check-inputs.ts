import type { z } from "zod";
import { zodFailures, type CheckFailure } from "./check-failures";
import { containsUnknown } from "./unknowns";

export type CheckOutcome<T> = { inputs: T; failures?: undefined } | { inputs?: undefined; failures: CheckFailure[] };

/**
 * Validates inputs of which some may not be known yet (in preview). Unknown ones are replaced by
 * stand-ins (or left out) so that everything known is still checked, all at once; they come back
 * unknown in the result. `adjust` may loosen the candidate further for the unknowns it sees; the
 * keys it returns keep the program's own value (or none) in the result.
 */
export function checkWithUnknowns<S extends z.ZodTypeAny>(
  schema: S,
  raw: Record<string, unknown>,
  placeholders: Record<string, unknown>,
  adjust?: (candidate: Record<string, unknown>, unknownKeys: string[]) => string[],
): CheckOutcome<z.output<S>> {
  const given: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) if (value !== undefined && value !== null) given[key] = value;
  const unknownKeys = Object.keys(given).filter((key) => containsUnknown(given[key]));
  const candidate: Record<string, unknown> = { ...given };
  for (const key of unknownKeys) {
    if (key in placeholders) candidate[key] = placeholders[key];
    else delete candidate[key];
  }
  const restore = adjust?.(candidate, unknownKeys) ?? [];
  const parsed = schema.safeParse(candidate);
  if (!parsed.success) {
    const failures = zodFailures(parsed.error).filter((f) => !unknownKeys.includes(f.property.split(/[.[]/)[0] ?? ""));
    if (failures.length) return { failures };
    return { inputs: given as z.output<S> };
  }
  const inputs: Record<string, unknown> = { ...(parsed.data as Record<string, unknown>) };
  for (const key of [...unknownKeys, ...restore]) {
    if (key in given) inputs[key] = given[key];
    else delete inputs[key];
  }
  return { inputs: inputs as z.output<S> };
}
