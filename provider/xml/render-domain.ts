import type { DomainSpec, SerialSpec, VncSpec } from "./domain-spec";
import { diskNode } from "./render-disk-device";
import { interfaceNode } from "./render-interface";
import { buildXml, type XmlNode } from "./xml-builder";

export const VOIDVM_XMLNS = "https://voidvm.dev/xmlns/domain/1";
const KIB_PER_MIB = 1024;

/** Pure: a validated spec in, libvirt domain XML out, elements always in the same order. */
export function renderDomainXml(spec: DomainSpec): string {
  const root: XmlNode = {
    $: { type: spec.type },
    name: spec.name,
    uuid: spec.uuid,
    title: spec.title,
    description: spec.description,
    metadata: renderMetadata(spec.metadata),
    memory: { $: { unit: "KiB" }, _: String(spec.maxMemoryMiB * KIB_PER_MIB) },
    currentMemory: { $: { unit: "KiB" }, _: String(spec.memoryMiB * KIB_PER_MIB) },
    memoryBacking: spec.hugepages ? { hugepages: "" } : undefined,
    vcpu: { $: { placement: "static", current: String(spec.vcpu.current) }, _: String(spec.vcpu.max) },
    os: renderOs(spec),
    features: { acpi: "", apic: "" },
    cpu: renderCpu(spec),
    clock: { $: { offset: "utc" } },
    on_poweroff: "destroy",
    on_reboot: "restart",
    on_crash: "destroy",
    devices: {
      disk: [...spec.disks.map(diskNode), ...((spec.preservedDevices?.disk ?? []) as XmlNode[])],
      controller: spec.preservedDevices?.controller?.length ? (spec.preservedDevices.controller as XmlNode[]) : undefined,
      interface: [...spec.interfaces.map(interfaceNode), ...((spec.preservedDevices?.interface ?? []) as XmlNode[])],
      serial: spec.serial ? renderSerial(spec.serial) : undefined,
      console: spec.serial ? { $: { type: "pty" }, target: { $: { type: "serial", port: "0" } } } : undefined,
      input: [{ $: { type: "keyboard", bus: "ps2" } }],
      graphics: spec.graphics ? renderVnc(spec.graphics) : undefined,
      memballoon: { $: { model: "virtio" } },
    },
  };
  return buildXml("domain", root);
}

function renderMetadata(metadata: Record<string, string> | undefined): XmlNode | undefined {
  if (!metadata || Object.keys(metadata).length === 0) return undefined;
  const entries = Object.keys(metadata)
    .sort()
    .map((key) => ({ $: { key }, _: metadata[key] ?? "" }));
  return { "voidvm:domain": { $: { "xmlns:voidvm": VOIDVM_XMLNS }, "voidvm:entry": entries } };
}

function renderOs(spec: DomainSpec): XmlNode {
  const { os } = spec;
  return {
    type: { $: { arch: os.arch, machine: os.machine }, _: "hvm" },
    kernel: os.kernel,
    initrd: os.initrd,
    cmdline: os.cmdline,
    boot: os.boot.map((dev) => ({ $: { dev } })),
  };
}

function renderCpu(spec: DomainSpec): XmlNode | undefined {
  const { cpu } = spec;
  const attrs: Record<string, string> = {};
  if (cpu.mode !== "custom") attrs.mode = cpu.mode;
  else if (cpu.model) Object.assign(attrs, { mode: "custom", match: "exact", check: "partial" });
  return {
    $: Object.keys(attrs).length ? attrs : undefined,
    model: cpu.mode === "custom" && cpu.model ? { $: { fallback: "allow" }, _: cpu.model } : undefined,
    topology: cpu.topology
      ? { $: { sockets: String(cpu.topology.sockets), dies: "1", cores: String(cpu.topology.cores), threads: String(cpu.topology.threads) } }
      : undefined,
    feature: cpu.features.length ? cpu.features.map((f) => ({ $: { policy: f.policy, name: f.name } })) : undefined,
    numa: cpu.numa?.length
      ? { cell: cpu.numa.map((cell, id) => ({ $: { id: String(id), cpus: cell.cpus, memory: String(cell.memoryMiB * KIB_PER_MIB), unit: "KiB" } })) }
      : undefined,
  } as XmlNode;
}

/** A pty that `virsh console` attaches to; with a log file, QEMU also appends its output there. */
function renderSerial(serial: SerialSpec): XmlNode {
  return {
    $: { type: "pty" },
    log: serial.logPath ? { $: { file: serial.logPath, append: "on" } } : undefined,
    target: { $: { port: "0" } },
  };
}

/** The `<graphics>` element alone, for `virsh update-device` (password changes). */
export function renderVncDeviceXml(vnc: VncSpec): string {
  return buildXml("graphics", renderVnc(vnc));
}

function renderVnc(vnc: VncSpec): XmlNode {
  const attrs: Record<string, string> = {
    type: "vnc",
    port: vnc.port === "auto" ? "-1" : String(vnc.port),
    autoport: vnc.port === "auto" ? "yes" : "no",
    listen: vnc.listen,
  };
  if (vnc.keymap) attrs.keymap = vnc.keymap;
  if (vnc.password) attrs.passwd = vnc.password;
  return { $: attrs, listen: { $: { type: "address", address: vnc.listen } } };
}
