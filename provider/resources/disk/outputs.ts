import type { ObservedState } from "../../libvirt/domain-state";
import type { VolumeRef } from "../../libvirt/volumes";
import type { DiskInputs } from "./schema";

/**
 * The Disk as stored by Pulumi: the inputs as last observed on the host (so that a drift shows as
 * a diff against the program) plus what only the host knows.
 */
export interface DiskOutputs extends DiskInputs {
  /** The pool the volume is in (the default resolved at create). */
  pool: string;
  /** GiB, from the volume's capacity: may be fractional when it was resized outside Pulumi. */
  size: number;
  /** The VM the disk is attached to, as last observed; absent when unattached. */
  vm?: string;
  /** That domain's uuid. */
  vmUuid?: string;
  /** That VM's state at the last observation (used in preview to refuse cold changes). */
  vmState?: ObservedState;
  /** The target name on the VM (chosen once, then kept). */
  target?: string;
  volume: VolumeRef;
  /** The volume's file on the host. */
  path: string;
  capacityBytes: number;
}
