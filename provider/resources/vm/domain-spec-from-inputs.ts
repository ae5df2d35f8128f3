import { seedVolumeName } from "../../cloud-init/seed-stdin";
import type { DomainSpec, InterfaceSpec } from "../../xml/domain-spec";
import { ownerOf } from "../../validation/sdk-keys";
import type { VmInputs } from "./schema";

export const ROOT_DISK_TARGET = "vda";
export const ISO_TARGET = "hdc";
/** The cloud-init seed's CD-ROM (next to the isoPath one on the IDE bus). */
export const SEED_TARGET = "hdd";

export function rootVolumeName(inputs: VmInputs): string {
  return `${inputs.name}-root.${inputs.disk?.type ?? "qcow2"}`;
}

export interface DomainContext {
  type: "kvm" | "qemu";
  defaultPool: string;
  /** Kept across redefinitions so the guest keeps its identity. */
  uuid?: string;
  /** MACs libvirt gave the inline interfaces that name none, in order (kept on redefine). */
  inlineMacs?: string[];
  preservedDevices?: DomainSpec["preservedDevices"];
}

/** Pure: the libvirt domain that a VirtualMachine's inputs describe. */
export function domainSpecFromInputs(inputs: VmInputs, context: DomainContext): DomainSpec {
  const perCore = inputs.cpu.threads * inputs.cpu.sockets;
  const maxCores = inputs.cpu.maxCores ?? inputs.cpu.cores;
  const spec: DomainSpec = {
    name: inputs.name,
    uuid: context.uuid,
    description: inputs.description,
    type: context.type,
    maxMemoryMiB: inputs.memory.maxSize ?? inputs.memory.size,
    memoryMiB: inputs.memory.size,
    hugepages: inputs.memory.hugepages,
    vcpu: { max: maxCores * perCore, current: inputs.cpu.cores * perCore },
    cpu: {
      mode: inputs.cpu.model === "host-passthrough" || inputs.cpu.model === "host-model" ? inputs.cpu.model : "custom",
      model: inputs.cpu.model === "host-passthrough" || inputs.cpu.model === "host-model" ? undefined : inputs.cpu.model,
      topology: { sockets: inputs.cpu.sockets, cores: maxCores, threads: inputs.cpu.threads },
      features: inputs.cpu.features.map((f) => ({ policy: f.startsWith("-") ? ("disable" as const) : ("require" as const), name: f.slice(1) })),
      numa: inputs.memory.numa?.map((cell) => ({ cpus: cell.cpus, memoryMiB: cell.memory })),
    },
    os: {
      arch: "x86_64",
      machine: "pc",
      boot: inputs.os.bootOrder,
      kernel: inputs.os.kernel,
      initrd: inputs.os.initrd,
      cmdline: inputs.os.cmdline,
    },
    disks: [],
    interfaces: inputs.network.interfaces.map(
      (nic, i): InterfaceSpec => ({ type: nic.type, source: nic.source, model: nic.model, mac: nic.mac ?? context.inlineMacs?.[i] }),
    ),
    // Every VM gets a serial console (`voidvm console`); nothing is written to the host's disk.
    serial: {},
    metadata: ownerOf(inputs) ? { managedBy: "voidvm", owner: ownerOf(inputs)! } : { managedBy: "voidvm" },
    preservedDevices: context.preservedDevices,
  };
  if (inputs.disk) {
    spec.disks.push({
      device: "disk",
      source: { pool: inputs.disk.pool ?? context.defaultPool, volume: rootVolumeName(inputs) },
      format: inputs.disk.type,
      bus: "virtio",
      target: ROOT_DISK_TARGET,
      cache: inputs.disk.cache,
      io: inputs.disk.io,
    });
  }
  if (inputs.os.isoPath) {
    spec.disks.push({ device: "cdrom", source: { file: inputs.os.isoPath }, format: "raw", bus: "ide", target: ISO_TARGET, readonly: true });
  }
  if (inputs.cloudInit) {
    const source = { pool: inputs.disk?.pool ?? context.defaultPool, volume: seedVolumeName(inputs.name) };
    spec.disks.push({ device: "cdrom", source, format: "raw", bus: "ide", target: SEED_TARGET, readonly: true });
  }
  if (inputs.vnc?.enabled) {
    spec.graphics = { port: inputs.vnc.port, listen: inputs.vnc.listen, keymap: inputs.vnc.keymap, password: inputs.vnc.password };
  }
  return spec;
}
