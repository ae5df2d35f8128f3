/**
 * The value Pulumi's dynamic providers use for an input not known yet (during preview, an output
 * of a resource still to be created or replaced, e.g. the uuid of a VM being replaced).
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}
