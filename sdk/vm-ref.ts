import * as pulumi from "@pulumi/pulumi";
import { VirtualMachine } from "./virtual-machine";

/**
 * Which VM a Disk, NetworkInterface, PortForward or Snapshot belongs to: a VirtualMachine
 * resource, or the name of a domain on the host.
 */
export type VmRef = VirtualMachine | pulumi.Input<string>;

/**
 * The VM's name, plus its uuid when a VirtualMachine resource is given: a replaced VM keeps its
 * name but gets a new uuid, which tells the attached resource to attach itself again.
 */
export function vmRefInputs(vm: VmRef | undefined): { vm?: pulumi.Input<string>; vmUuid?: pulumi.Input<string> } {
  if (vm === undefined) return {};
  if (vm instanceof VirtualMachine) return { vm: vm.name, vmUuid: vm.uuid };
  return { vm };
}
