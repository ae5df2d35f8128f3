import { z } from "zod";

/**
 * How much of a new volume is allocated up front: `off` (sparse, the default, as
 * terraform-provider-libvirt and Proxmox do), `metadata` (qcow2 metadata only) or `full`.
 * remote-scripts/lib/create-volume.sh turns it into `vol-create-as` arguments.
 */
export const preallocationSchema = z.enum(["off", "metadata", "full"]).default("off");

export type Preallocation = z.output<typeof preallocationSchema>;
