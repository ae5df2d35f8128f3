import * as pulumi from "@pulumi/pulumi";
import type { ConnectionArgs } from "./connection";
import { dynamicProvider } from "./dynamic-provider";
import { resourceInputs } from "./resource-inputs";
import type { VmRef } from "./vm-ref";

export interface SnapshotArgs {
  /** @default stack config voidvm:* */
  connection?: pulumi.Input<ConnectionArgs>;
  /** The VM to snapshot: a VirtualMachine resource, or a domain name on the host. */
  vm: VmRef;
  /** The snapshot's name, unique per VM; changing it takes a new snapshot. @default "<resource name>-<random>" */
  name?: pulumi.Input<string>;
  /** Free text; changes in place. A line starting with "[voidvm " is reserved. @default none */
  description?: pulumi.Input<string>;
  /**
   * true: a full snapshot with the running VM's memory (the VM must be running or paused; a
   * revert resumes it where it was). false: the disks only, in any VM state (a revert restores
   * the disks and boots the VM from them). Changing it takes a new snapshot.
   * @default false
   */
  includeMemory?: pulumi.Input<boolean>;
}

/**
 * A snapshot of a VM taken when the resource is created: internal to its qcow2 disks, and always
 * revertible (`voidvm snapshot revert`, or `revertToSnapshot`). Deleting the resource deletes the
 * snapshot and nothing else. See docs/snapshot.md.
 */
export class Snapshot extends pulumi.dynamic.Resource {
  /** The snapshot's name. */
  declare public readonly name: pulumi.Output<string>;
  declare public readonly vm: pulumi.Output<string>;
  declare public readonly description: pulumi.Output<string | undefined>;
  declare public readonly includeMemory: pulumi.Output<boolean>;
  /** When it was taken (ISO 8601, UTC). */
  declare public readonly createdAt: pulumi.Output<string>;
  /** The VM's state it captured: running, paused, stopped or suspended. */
  declare public readonly capturedState: pulumi.Output<string>;
  /** "full" (disks and memory) or "disk-only". */
  declare public readonly kind: pulumi.Output<"full" | "disk-only">;
  /** "internal": stored inside the qcow2 files. */
  declare public readonly location: pulumi.Output<string>;
  /** Bytes of saved memory where QEMU reports it (full snapshots of a running VM). */
  declare public readonly memoryStateBytes: pulumi.Output<number | undefined>;
  /** The uuid of the domain the snapshot belongs to. */
  declare public readonly domainUuid: pulumi.Output<string>;

  constructor(name: string, args: SnapshotArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = ["name", "vm", "vmUuid", "description", "includeMemory", "createdAt", "capturedState", "kind", "location", "memoryStateBytes", "domainUuid"];
    const props = resourceInputs(name, args, { kind: "Snapshot", autoname: true, outputs });
    super(dynamicProvider("Snapshot"), name, props, opts, "voidvm", "Snapshot");
  }
}
