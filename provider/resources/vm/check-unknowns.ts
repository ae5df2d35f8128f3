import { containsUnknown, UNKNOWN } from "../../validation/unknowns";

/**
 * In a preview, inputs that come from resources not created yet are unknown: an Image's
 * "pool/volume" (disk.image), or parts of cloudInit. They are validated with a stand-in (or left
 * out), so everything known is still checked, and come back unknown in check's result.
 */
export function withUnknownStandIns(raw: Record<string, unknown>): { candidate: Record<string, unknown>; restore: <T extends object>(inputs: T) => T } {
  const disk = raw.disk as Record<string, unknown> | undefined;
  const imageUnknown = disk !== null && typeof disk === "object" && disk.image === UNKNOWN;
  const cloudInitUnknown = containsUnknown(raw.cloudInit);
  if (!imageUnknown && !cloudInitUnknown) return { candidate: raw, restore: (inputs) => inputs };
  const candidate: Record<string, unknown> = { ...raw };
  if (imageUnknown) candidate.disk = { ...disk, image: "unknown/unknown" };
  if (cloudInitUnknown) delete candidate.cloudInit;
  return {
    candidate,
    restore: (inputs) => {
      const out = { ...inputs } as Record<string, unknown>;
      if (imageUnknown) out.disk = { ...(out.disk as object), image: UNKNOWN };
      if (cloudInitUnknown) out.cloudInit = raw.cloudInit;
      return out as typeof inputs;
    },
  };
}
