import { z } from "zod/v4";
import { PRODUCT_LIMITS } from "../../provider/config/limits";
import { policySettings } from "../support/policy-settings";
import { vmSize } from "../support/vm-size";
import { label, type ResourceRule, type VoidvmResource } from "../support/voidvm-policy";

const NAME = "hardware-bounds";

const settings = policySettings(
  NAME,
  z.strictObject({
    minVcpus: z.int().min(1).default(1).describe("Fewest vCPUs a VM may start with"),
    maxVcpus: z.int().min(1).default(PRODUCT_LIMITS.maxVcpus).describe("Most vCPUs a VM may reach ((maxCores ?? cores) × threads × sockets)"),
    minMemory: z.int().min(1).default(PRODUCT_LIMITS.minMemory).describe("Least memory (MiB) a VM may start with (memory.size)"),
    maxMemory: z.int().min(1).default(PRODUCT_LIMITS.maxMemory).describe("Most memory (MiB) a VM may reach (memory.maxSize ?? memory.size)"),
    minDiskSize: z.int().min(1).default(PRODUCT_LIMITS.minDiskSize).describe("Smallest disk (GiB): a VM's root disk and every Disk"),
    maxDiskSize: z.int().min(1).default(PRODUCT_LIMITS.maxDiskSize).describe("Largest disk (GiB): a VM's root disk and every Disk"),
  }),
);
type Bounds = ReturnType<typeof settings.read>;

const RAISE = `or change the bound in --policy-pack-config ("${NAME}": {...})`;

/**
 * The product's hardware bounds (vCPUs 1–16, memory 512 MiB–32 GiB, disks 10–500 GiB by default),
 * held even where a program raised the provider's own `limits`.
 */
export const hardwareBounds: ResourceRule<Bounds> = {
  name: NAME,
  description: "VMs and disks stay within the hardware bounds: vCPUs, memory (MiB) and disk size (GiB).",
  enforcementLevel: "mandatory",
  kinds: ["VirtualMachine", "Disk"],
  settings,
  violations: (resource, bounds) => (resource.kind === "Disk" ? diskViolations(resource, resource.props.size, "size", bounds) : vmViolations(resource, bounds)),
};

function vmViolations(vm: VoidvmResource, bounds: Bounds): string[] {
  const found: string[] = [];
  const size = vmSize(vm.props);
  if (size) {
    if (size.vcpus > bounds.maxVcpus) {
      found.push(`${label(vm)} can reach ${size.vcpus} vCPUs (${size.vcpuFormula}), more than the limit of ${bounds.maxVcpus}: lower cpu.cores/maxCores, threads or sockets, ${RAISE}.`);
    }
    if (size.vcpusNow < bounds.minVcpus) {
      found.push(`${label(vm)} starts with ${size.vcpusNow} vCPUs, fewer than the minimum of ${bounds.minVcpus}: raise cpu.cores, ${RAISE}.`);
    }
    if (size.memory > bounds.maxMemory) {
      found.push(`${label(vm)} can reach ${size.memory} MiB of memory (memory.maxSize ?? memory.size), more than the limit of ${bounds.maxMemory} MiB: lower memory.size/maxSize, ${RAISE}.`);
    }
    if (size.memoryNow < bounds.minMemory) {
      found.push(`${label(vm)} starts with ${size.memoryNow} MiB of memory, less than the minimum of ${bounds.minMemory} MiB: raise memory.size, ${RAISE}.`);
    }
  }
  return [...found, ...diskViolations(vm, vm.props.disk?.size, "disk.size", bounds)];
}

function diskViolations(resource: VoidvmResource, size: unknown, property: string, bounds: Bounds): string[] {
  if (typeof size !== "number") return [];
  if (size > bounds.maxDiskSize) {
    return [`${label(resource)} has a ${size} GiB disk (${property}), more than the limit of ${bounds.maxDiskSize} GiB: make ${property} smaller, ${RAISE}.`];
  }
  if (size < bounds.minDiskSize) {
    return [`${label(resource)} has a ${size} GiB disk (${property}), less than the minimum of ${bounds.minDiskSize} GiB: make ${property} bigger, ${RAISE}.`];
  }
  return [];
}
