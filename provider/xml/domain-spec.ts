/**
 * What VoidVM manages of a libvirt domain, already validated and normalised. `renderDomainXml`
 * turns it into domain XML; `parseDomainXml` reads it back from `virsh dumpxml`.
 */
export interface DomainSpec {
  name: string;
  uuid?: string;
  title?: string;
  description?: string;
  /** `qemu` (TCG) when the host has no KVM, chosen from the host's capabilities. */
  type: "kvm" | "qemu";
  /** Maximum (boot-time) memory in MiB: `<memory>`. */
  maxMemoryMiB: number;
  /** Current (balloon) memory in MiB: `<currentMemory>`. */
  memoryMiB: number;
  hugepages: boolean;
  vcpu: { max: number; current: number };
  cpu: CpuSpec;
  os: OsSpec;
  disks: DiskDeviceSpec[];
  interfaces: InterfaceSpec[];
  graphics?: VncSpec;
  /**
   * The serial console (ttyS0): a pty that `virsh console` and `voidvm console` attach to, and
   * optionally a file on the host that receives everything the guest writes to it.
   */
  serial?: SerialSpec;
  /** VoidVM's own metadata, kept in the domain under its XML namespace. */
  metadata?: Record<string, string>;
  /**
   * Devices other resources (Disk, NetworkInterface) attached, carried over verbatim when the VM is
   * redefined (xml2js nodes from the current definition). Not produced by the parser.
   */
  preservedDevices?: { disk: unknown[]; interface: unknown[]; controller?: unknown[] };
}

export interface CpuSpec {
  mode: "host-passthrough" | "host-model" | "custom";
  model?: string;
  topology?: { sockets: number; cores: number; threads: number };
  features: Array<{ policy: "require" | "disable"; name: string }>;
  numa?: Array<{ cpus: string; memoryMiB: number }>;
}

export type BootDevice = "hd" | "cdrom" | "network" | "fd";

export interface OsSpec {
  arch: string;
  machine: string;
  boot: BootDevice[];
  kernel?: string;
  initrd?: string;
  cmdline?: string;
}

export interface DiskDeviceSpec {
  device: "disk" | "cdrom";
  source: { pool: string; volume: string } | { file: string };
  format: "qcow2" | "raw";
  bus: "virtio" | "scsi" | "sata" | "ide";
  target: string;
  cache?: "writeback" | "writethrough" | "none" | "unsafe" | "directsync" | "default";
  io?: "native" | "threads" | "io_uring";
  readonly?: boolean;
}

export interface InterfaceSpec {
  type: "network" | "bridge" | "direct" | "user";
  /** Network, bridge or host device name; none for `user`. */
  source?: string;
  model: "virtio" | "e1000" | "rtl8139";
  mac?: string;
}

export interface SerialSpec {
  /** Path of a file on the host that also receives the console's output (appended). */
  logPath?: string;
}

export interface VncSpec {
  port: number | "auto";
  listen: string;
  keymap?: string;
  /** A secret: the rendered XML is sent on stdin, never on a command line. */
  password?: string;
}
