import type { NicInputs } from "./schema";

/**
 * The NetworkInterface as stored by Pulumi: its inputs as last seen on the host (so a change made
 * outside Pulumi shows as a diff) and what only the host knows.
 */
export interface NicOutputs extends NicInputs {
  /** Is the interface in the VM's definition (and, while it runs, in the running VM)? */
  attached: boolean;
  /** The address the guest has on this interface: the reservation, else its DHCP lease. */
  ipAddress?: string;
  /** The host-side device (`vnet3`, `macvtap0`) while the VM runs. */
  targetDevice?: string;
}
