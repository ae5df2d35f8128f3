import { renderSeed } from "../../cloud-init/render";
import { seedStdin, seedVolumeName } from "../../cloud-init/seed-stdin";
import type { VmInputs } from "./schema";

export interface SeedForCreate {
  /** vm-create.sh's SEED_VOLUME argument (empty: no seed). */
  volumeArg: string;
  /** What precedes the domain XML on vm-create.sh's stdin. */
  stdinPrefix: string;
  /** The seed volume, for the outputs (delete removes it). */
  volume?: { pool: string; name: string };
}

/** The cloud-init seed a create builds on the host (nothing when cloudInit is absent). */
export function seedForCreate(inputs: VmInputs, pool: string): SeedForCreate {
  if (!inputs.cloudInit) return { volumeArg: "", stdinPrefix: "" };
  const name = seedVolumeName(inputs.name);
  return { volumeArg: name, stdinPrefix: seedStdin(renderSeed(inputs.name, inputs.cloudInit).files), volume: { pool, name } };
}
