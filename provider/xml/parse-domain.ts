import { stripUndefined } from "../values/strip-undefined";
import { parseNic } from "./parse-interface";
import { attr, child, children, optionalText, parseDocument, text, type XmlElement } from "./xml-nodes";
import type { BootDevice, CpuSpec, DiskDeviceSpec, DomainSpec, InterfaceSpec, VncSpec } from "./domain-spec";

type Node = XmlElement;

/** The inverse of `renderDomainXml`: reads what VoidVM manages out of `virsh dumpxml` output. */
export async function parseDomainXml(xml: string): Promise<DomainSpec> {
  const domain = await parseDocument(xml, "domain");
  const devices = child(domain, "devices");
  const vcpu = child(domain, "vcpu");
  const vcpuMax = Number(text(vcpu));
  const spec: DomainSpec = {
    name: text(child(domain, "name")),
    uuid: optionalText(child(domain, "uuid")),
    title: optionalText(child(domain, "title")),
    description: optionalText(child(domain, "description")),
    type: attr(domain, "type") === "kvm" ? "kvm" : "qemu",
    maxMemoryMiB: toMiB(child(domain, "memory")),
    memoryMiB: toMiB(child(domain, "currentMemory") ?? child(domain, "memory")),
    hugepages: child(child(domain, "memoryBacking"), "hugepages") !== undefined,
    vcpu: { max: vcpuMax, current: Number(attr(vcpu, "current") ?? vcpuMax) },
    cpu: parseCpu(child(domain, "cpu")),
    os: parseOs(child(domain, "os")),
    disks: children(devices, "disk").map(parseDisk).filter((d): d is DiskDeviceSpec => d !== undefined),
    interfaces: children(devices, "interface").map(parseInterface),
    graphics: parseVnc(children(devices, "graphics").find((g) => attr(g, "type") === "vnc")),
    serial: parseSerial(children(devices, "serial").find((s) => attr(s, "type") === "pty")),
    metadata: parseMetadata(child(domain, "metadata")),
  };
  // Absent optional elements become absent keys, at every depth.
  return stripUndefined(spec);
}

function parseCpu(cpu: Node | undefined): CpuSpec {
  const mode = attr(cpu, "mode");
  const topology = child(cpu, "topology");
  return {
    mode: mode === "host-passthrough" || mode === "host-model" ? mode : "custom",
    model: optionalText(child(cpu, "model")),
    topology: topology
      ? { sockets: Number(attr(topology, "sockets")), cores: Number(attr(topology, "cores")), threads: Number(attr(topology, "threads")) }
      : undefined,
    features: children(cpu, "feature").map((f) => ({
      policy: attr(f, "policy") === "disable" ? "disable" : "require",
      name: attr(f, "name") ?? "",
    })),
    numa: child(cpu, "numa")
      ? children(child(cpu, "numa"), "cell").map((cell) => ({ cpus: attr(cell, "cpus") ?? "", memoryMiB: toMiB({ ...cell, _: attr(cell, "memory") }) }))
      : undefined,
  };
}

function parseOs(os: Node | undefined): DomainSpec["os"] {
  const type = child(os, "type");
  return {
    arch: attr(type, "arch") ?? "x86_64",
    machine: machineAlias(attr(type, "machine") ?? "pc"),
    boot: children(os, "boot").map((b) => attr(b, "dev") as BootDevice),
    kernel: optionalText(child(os, "kernel")),
    initrd: optionalText(child(os, "initrd")),
    cmdline: optionalText(child(os, "cmdline")),
  };
}

/** libvirt expands `pc` to the versioned `pc-i440fx-7.2` on define; VoidVM speaks of the alias. */
function machineAlias(machine: string): string {
  if (/^pc-i440fx-/.test(machine)) return "pc";
  if (/^pc-q35-/.test(machine)) return "q35";
  return machine;
}

function parseDisk(disk: Node): DiskDeviceSpec | undefined {
  const source = child(disk, "source");
  const driver = child(disk, "driver");
  const target = child(disk, "target");
  const pool = attr(source, "pool");
  const volume = attr(source, "volume");
  const file = attr(source, "file");
  if (!target) return undefined;
  const spec: DiskDeviceSpec = {
    device: attr(disk, "device") === "cdrom" ? "cdrom" : "disk",
    source: pool && volume ? { pool, volume } : { file: file ?? "" },
    format: attr(driver, "type") === "raw" ? "raw" : "qcow2",
    bus: (attr(target, "bus") ?? "virtio") as DiskDeviceSpec["bus"],
    target: attr(target, "dev") ?? "",
    cache: attr(driver, "cache") as DiskDeviceSpec["cache"],
    io: attr(driver, "io") as DiskDeviceSpec["io"],
    readonly: child(disk, "readonly") !== undefined ? true : undefined,
  };
  return stripUndefined(spec);
}

/** What a VM's inline interface says of an `<interface>`: type, source, model and MAC. */
function parseInterface(nic: Node): InterfaceSpec {
  const { type, source, model, mac } = parseNic(nic);
  return stripUndefined({ type, source, model, mac: mac === "" ? undefined : mac });
}

/** VoidVM's serial console: the first pty serial port; other kinds (a file, a socket) are not its. */
function parseSerial(serial: Node | undefined): DomainSpec["serial"] {
  if (!serial) return undefined;
  return stripUndefined({ logPath: attr(child(serial, "log"), "file") });
}

function parseVnc(graphics: Node | undefined): VncSpec | undefined {
  if (!graphics) return undefined;
  const autoport = attr(graphics, "autoport") === "yes";
  return stripUndefined({
    port: autoport ? ("auto" as const) : Number(attr(graphics, "port")),
    listen: attr(graphics, "listen") ?? attr(child(graphics, "listen"), "address") ?? "127.0.0.1",
    keymap: attr(graphics, "keymap"),
    password: attr(graphics, "passwd"),
  });
}

function parseMetadata(metadata: Node | undefined): Record<string, string> | undefined {
  if (!metadata) return undefined;
  for (const [key, value] of Object.entries(metadata)) {
    if (!key.endsWith(":domain") || !Array.isArray(value)) continue;
    const node = value[0] as Node;
    const entryKey = Object.keys(node).find((k) => k.endsWith(":entry"));
    const entries = entryKey ? (node[entryKey] as Node[]) : [];
    return Object.fromEntries(entries.map((e) => [attr(e, "key") ?? "", e._ ?? ""]));
  }
  return undefined;
}

function toMiB(node: Node | undefined): number {
  const value = Number(text(node));
  const unit = (attr(node, "unit") ?? "KiB").toLowerCase();
  const factor: Record<string, number> = { b: 1 / 1048576, bytes: 1 / 1048576, k: 1 / 1024, kib: 1 / 1024, m: 1, mib: 1, g: 1024, gib: 1024 };
  return Math.round(value * (factor[unit] ?? 1 / 1024));
}


/** The TCP port a running domain's VNC server listens on (live `dumpxml`), when it has one. */
export async function parseLiveVncPort(xml: string): Promise<number | undefined> {
  const domain = await parseDocument(xml, "domain");
  const vnc = children(child(domain, "devices"), "graphics").find((g) => attr(g, "type") === "vnc");
  const port = Number(attr(vnc, "port"));
  return Number.isInteger(port) && port > 0 ? port : undefined;
}
