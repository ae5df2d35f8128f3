import { z } from "zod";
import { MARKER_PREFIX } from "../../xml/snapshot-marker";
import { libvirtName } from "../../validation/names";
import { xmlText } from "../../validation/host-text";
import { vmScopedFields } from "../shared/vm-scoped-fields";

/** Free text for people; VoidVM's tag line is reserved (it marks who made a snapshot). */
export const snapshotDescription = xmlText(4000).refine(
  (v) => !v.split("\n").some((line) => line.trim().startsWith(MARKER_PREFIX)),
  `must not contain a line starting with "${MARKER_PREFIX}": VoidVM uses such a line to tag the snapshots it makes`,
);

export const snapshotInputsSchema = z
  .object({
    ...vmScopedFields,
    /** The snapshot's name, unique per VM. Autonamed `<resource name>-<7 hex>`. */
    name: libvirtName,
    /** Free text; changes in place. A line starting with "[voidvm " is reserved. @default none */
    description: snapshotDescription.optional(),
    /**
     * true: a full snapshot with the running VM's memory (the VM must be running or paused; a
     * revert resumes it where it was). false: the disks only, in any VM state (a revert restores
     * the disks and boots the VM from them). Changing it takes a new snapshot.
     * @default false
     */
    includeMemory: z.boolean().default(false),
  })
  .strict();

export type SnapshotInputs = z.output<typeof snapshotInputsSchema>;
