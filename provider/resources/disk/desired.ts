import type { DesiredAttachment } from "./attachment";
import type { DiskInputs } from "./schema";

/** Where the inputs want the disk: undefined for an unattached volume. */
export function desiredAttachment(inputs: DiskInputs, preferredTarget?: string): DesiredAttachment | undefined {
  if (!inputs.vm) return undefined;
  return {
    vm: inputs.vm,
    type: inputs.type,
    interface: inputs.interface,
    cache: inputs.cache,
    io: inputs.io,
    target: inputs.target,
    preferredTarget,
  };
}
