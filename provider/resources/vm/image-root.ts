import { explainHostFailure } from "../../libvirt/host-failure";
import { ScriptStepError } from "../../transport/script-output";
import type { VmInputs } from "./schema";

/** vm-create.sh's IMAGE_POOL IMAGE_VOLUME CLONE arguments (empty pool and volume without disk.image). */
export function imageArgs(inputs: VmInputs): string[] {
  const image = inputs.disk?.image;
  if (image === undefined) return ["", "", "cow"];
  const slash = image.indexOf("/");
  return [image.slice(0, slash), image.slice(slash + 1), inputs.disk?.clone ?? "cow"];
}

/**
 * A clear message for a failed step of vm-create.sh: the image steps (a missing image, a disk
 * smaller than it), and the host faults of every step: a missing, stopped or full pool, a missing network
 * (see libvirt/host-failure.ts).
 */
export function imageFailure(error: unknown): string | undefined {
  if (!(error instanceof ScriptStepError)) return undefined;
  if (error.step === "image-size") return `disk.size is too small: ${error.stderr} Nothing was created.`;
  if (error.step === "image") return `disk.image: ${error.stderr}. Nothing was created.`;
  return explainHostFailure(error.stderr, { host: error.host })?.message;
}
