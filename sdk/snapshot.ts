import type * as pulumi from "@pulumi/pulumi";
import type { snapshotInputsSchema } from "../provider/resources/snapshot/schema";
import type { SnapshotOutputs } from "../provider/resources/snapshot/outputs";
import type { ConnectionArgs } from "./connection";
import { resourceClass } from "./resource-class";
import type { SchemaArgs } from "./resource-types";
import type { VmRef } from "./vm-ref";

export type SnapshotArgs = SchemaArgs<typeof snapshotInputsSchema> & {
  /** @default stack config voidvm:* */
  connection?: pulumi.Input<ConnectionArgs>;
  /** The VM to snapshot: a VirtualMachine resource, or a domain name on the host. */
  vm: VmRef;
  /** The snapshot's name, unique per VM; changing it takes a new snapshot. @default "<resource name>-<random>" */
  name?: pulumi.Input<string>;
};

const outputs = ["name", "vm", "vmUuid", "description", "includeMemory", "createdAt", "capturedState", "kind", "location", "memoryStateBytes", "domainUuid"] as const;

/**
 * A snapshot of a VM taken when the resource is created: internal to its qcow2 disks, and always
 * revertible (`voidvm snapshot revert`, or `revertToSnapshot`). Deleting the resource deletes the
 * snapshot and nothing else. See docs/snapshot.md.
 */
export class Snapshot extends resourceClass<SnapshotArgs, Pick<SnapshotOutputs, (typeof outputs)[number]>>("Snapshot", { outputs, autoname: true }) {}
