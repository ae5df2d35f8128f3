import type { ImageFormat, ImageInputs } from "./schema";

/** The Image as stored by Pulumi: its inputs plus what the host reported. */
export interface ImageOutputs extends Omit<ImageInputs, "sha256"> {
  /** The pool the volume is in (the default resolved at create). */
  pool: string;
  /** The volume's name in the pool. */
  volume: string;
  /** The volume's file on the host (what overlays name as their backing file). */
  path: string;
  format: ImageFormat;
  /** The guest-visible size in bytes. */
  virtualSize: number;
  /** sha256 of the file as given (before any conversion), computed on the host. */
  sha256: string;
}
