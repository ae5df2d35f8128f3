import { resourceProviders, type ResourceKind } from "../../provider";

/**
 * The fault tier's table of hostile input: every string input of every resource, and values that
 * break naive quoting, XML, paths and terminals. Each value either round-trips byte-exactly or is
 * refused by the resource's `check`, with a failure naming the property.
 */

/** Set when a hostile value ran as a command on the host: no test may ever find it. */
export const CANARY = `vv-pwned-${process.pid}`;

export const HOSTILE_VALUES: ReadonlyArray<{ label: string; value: string }> = [
  { label: "quotes", value: `it's "quoted"` },
  { label: "$()", value: `$(touch /tmp/${CANARY})` },
  { label: "backticks", value: `\`touch ${CANARY}\`` },
  { label: "semicolon", value: `x; touch ${CANARY}; #` },
  { label: "newline", value: `line1\nline2; touch ${CANARY}` },
  { label: "NUL", value: "a\u0000b" },
  { label: "escape and CR", value: "a\u001b[31mb\rc" },
  { label: "markup", value: `<&> &amp; ]]> <!-- x -->` },
  { label: "../", value: "../../../etc/passwd" },
  { label: "5000 characters", value: "x".repeat(5000) },
  { label: "non-ASCII", value: "网站服务器-ü-✓-🚀" },
];

/** One string input of one resource: where it is, and the valid inputs around it. */
export interface HostileField {
  kind: ResourceKind;
  /** The property path, as CheckFailure.property names it (`network.interfaces[0].mac`). */
  property: string;
  /** Valid inputs of the resource, the property included with a harmless value. */
  base: Record<string, unknown>;
  /** Turns a hostile value into one of the property's shape (an absolute path, a URL). @default as is */
  shape?: (value: string) => string;
}

const vm = { name: "web", memory: { size: 1024 }, os: { kernel: "/boot/vmlinuz" } };
const vmWith = (extra: Record<string, unknown>) => ({ ...vm, ...extra });
const cloudInitWith = (cloudInit: Record<string, unknown>) => vmWith({ disk: { size: 20 }, cloudInit });
const path = (value: string) => `/var/lib/voidvm/${value}`;
const disk = { name: "data", size: 10 };
const nic = { vm: "web", type: "network", source: "default", mac: "52:54:00:12:34:56" };
const forward = { vm: "web", rules: [{ hostPort: 8080, guestPort: 80 }] };
const snapshot = { vm: "web", name: "s1" };
const schedule = { vm: "web", name: "nightly", schedule: "0 2 * * *" };
const image = { name: "debian", hostPath: "/var/lib/voidvm/debian.qcow2" };

export const HOSTILE_FIELDS: readonly HostileField[] = [
  // VirtualMachine
  { kind: "VirtualMachine", property: "name", base: vm },
  { kind: "VirtualMachine", property: "description", base: vm },
  { kind: "VirtualMachine", property: "cpu.model", base: vmWith({ cpu: { model: "host-model" } }) },
  { kind: "VirtualMachine", property: "cpu.features[0]", base: vmWith({ cpu: { features: ["+vmx"] } }) },
  { kind: "VirtualMachine", property: "memory.numa[0].cpus", base: vmWith({ memory: { size: 1024, numa: [{ cpus: "0", memory: 1024 }] } }) },
  { kind: "VirtualMachine", property: "disk.pool", base: vmWith({ disk: { size: 20, pool: "default" } }) },
  { kind: "VirtualMachine", property: "disk.baseImage", base: vmWith({ disk: { size: 20, baseImage: "/b.qcow2" } }), shape: path },
  { kind: "VirtualMachine", property: "disk.image", base: vmWith({ disk: { size: 20, image: "default/b.qcow2" } }), shape: (v) => `default/${v}` },
  { kind: "VirtualMachine", property: "network.interfaces[0].source", base: vmWith({ network: { interfaces: [{ source: "default" }] } }) },
  { kind: "VirtualMachine", property: "network.interfaces[0].mac", base: vmWith({ network: { interfaces: [{ source: "default", mac: "52:54:00:00:00:01" }] } }) },
  { kind: "VirtualMachine", property: "os.isoPath", base: vmWith({ os: { isoPath: "/x.iso" } }), shape: path },
  { kind: "VirtualMachine", property: "os.kernel", base: vm, shape: path },
  { kind: "VirtualMachine", property: "os.initrd", base: vmWith({ os: { kernel: "/k", initrd: "/i" } }), shape: path },
  { kind: "VirtualMachine", property: "os.cmdline", base: vmWith({ os: { kernel: "/k", cmdline: "console=ttyS0" } }) },
  { kind: "VirtualMachine", property: "vnc.password", base: vmWith({ vnc: { password: "pw" } }) },
  { kind: "VirtualMachine", property: "vnc.listen", base: vmWith({ vnc: { listen: "127.0.0.1" } }) },
  { kind: "VirtualMachine", property: "vnc.keymap", base: vmWith({ vnc: { keymap: "en-us" } }) },
  { kind: "VirtualMachine", property: "connection.uri", base: vmWith({ connection: { uri: "qemu:///system" } }) },
  { kind: "VirtualMachine", property: "connection.user", base: vmWith({ connection: { user: "voidvm" } }) },
  // cloud-init, on a VirtualMachine
  { kind: "VirtualMachine", property: "cloudInit.userData", base: cloudInitWith({ userData: "#cloud-config\n" }) },
  { kind: "VirtualMachine", property: "cloudInit.metaData", base: cloudInitWith({ metaData: "a: b\n" }) },
  { kind: "VirtualMachine", property: "cloudInit.networkConfig", base: cloudInitWith({ networkConfig: "version: 2\n" }) },
  { kind: "VirtualMachine", property: "cloudInit.hostname", base: cloudInitWith({ hostname: "web-01" }) },
  { kind: "VirtualMachine", property: "cloudInit.users[0].name", base: cloudInitWith({ users: [{ name: "debian" }] }) },
  { kind: "VirtualMachine", property: "cloudInit.users[0].groups[0]", base: cloudInitWith({ users: [{ name: "debian", groups: ["sudo"] }] }) },
  { kind: "VirtualMachine", property: "cloudInit.users[0].sudo", base: cloudInitWith({ users: [{ name: "debian", sudo: "ALL=(ALL) NOPASSWD:ALL" }] }) },
  { kind: "VirtualMachine", property: "cloudInit.users[0].shell", base: cloudInitWith({ users: [{ name: "debian", shell: "/bin/sh" }] }), shape: path },
  { kind: "VirtualMachine", property: "cloudInit.users[0].hashedPasswd", base: cloudInitWith({ users: [{ name: "debian", hashedPasswd: "$6$abc" }] }), shape: (v) => `$6$${v}` },
  { kind: "VirtualMachine", property: "cloudInit.sshAuthorizedKeys[0]", base: cloudInitWith({ sshAuthorizedKeys: ["ssh-ed25519 AAAA"] }), shape: (v) => `ssh-ed25519 AAAA ${v}` },
  { kind: "VirtualMachine", property: "cloudInit.packages[0]", base: cloudInitWith({ packages: ["nginx"] }) },
  { kind: "VirtualMachine", property: "cloudInit.writeFiles[0].path", base: cloudInitWith({ writeFiles: [{ path: "/etc/motd", content: "hi" }] }), shape: path },
  { kind: "VirtualMachine", property: "cloudInit.writeFiles[0].content", base: cloudInitWith({ writeFiles: [{ path: "/etc/motd", content: "hi" }] }) },
  { kind: "VirtualMachine", property: "cloudInit.writeFiles[0].owner", base: cloudInitWith({ writeFiles: [{ path: "/etc/motd", content: "hi", owner: "root" }] }) },
  { kind: "VirtualMachine", property: "cloudInit.writeFiles[0].permissions", base: cloudInitWith({ writeFiles: [{ path: "/etc/motd", content: "hi", permissions: "0644" }] }) },
  { kind: "VirtualMachine", property: "cloudInit.runcmd[0]", base: cloudInitWith({ runcmd: ["true"] }) },
  // Disk
  { kind: "Disk", property: "name", base: disk },
  { kind: "Disk", property: "vm", base: { ...disk, vm: "web" } },
  { kind: "Disk", property: "vmUuid", base: { ...disk, vm: "web", vmUuid: "u" } },
  { kind: "Disk", property: "pool", base: { ...disk, pool: "default" } },
  { kind: "Disk", property: "target", base: { ...disk, target: "vdb" } },
  { kind: "Disk", property: "baseImage", base: { ...disk, baseImage: "/b.qcow2" }, shape: path },
  // NetworkInterface
  { kind: "NetworkInterface", property: "vm", base: nic },
  { kind: "NetworkInterface", property: "vmUuid", base: { ...nic, vmUuid: "u" } },
  { kind: "NetworkInterface", property: "source", base: nic },
  { kind: "NetworkInterface", property: "mac", base: nic },
  { kind: "NetworkInterface", property: "fixedIpAddress", base: { ...nic, fixedIpAddress: "192.168.122.50" } },
  // PortForward
  { kind: "PortForward", property: "vm", base: forward },
  { kind: "PortForward", property: "vmUuid", base: { ...forward, vmUuid: "u" } },
  { kind: "PortForward", property: "mac", base: { ...forward, mac: "52:54:00:12:34:56" } },
  { kind: "PortForward", property: "guestIp", base: { ...forward, guestIp: "192.168.122.10" } },
  { kind: "PortForward", property: "rules[0].hostIp", base: { ...forward, rules: [{ hostPort: 8080, hostIp: "127.0.0.1" }] } },
  { kind: "PortForward", property: "rules[0].hostPort", base: forward },
  { kind: "PortForward", property: "rules[0].guestPort", base: forward },
  // Snapshot
  { kind: "Snapshot", property: "vm", base: snapshot },
  { kind: "Snapshot", property: "vmUuid", base: { ...snapshot, vmUuid: "u" } },
  { kind: "Snapshot", property: "name", base: snapshot },
  { kind: "Snapshot", property: "description", base: { ...snapshot, description: "d" } },
  // SnapshotSchedule
  { kind: "SnapshotSchedule", property: "vm", base: schedule },
  { kind: "SnapshotSchedule", property: "name", base: schedule },
  { kind: "SnapshotSchedule", property: "schedule", base: schedule },
  { kind: "SnapshotSchedule", property: "naming", base: { ...schedule, naming: "auto-{timestamp}" } },
  // Image
  { kind: "Image", property: "name", base: image },
  { kind: "Image", property: "hostPath", base: image, shape: path },
  { kind: "Image", property: "url", base: { name: "debian", url: "https://example.com/d.qcow2" }, shape: (v) => `https://example.com/${v}` },
  { kind: "Image", property: "localPath", base: { name: "debian", localPath: process.execPath }, shape: (v) => `/tmp/${v}` },
  { kind: "Image", property: "sha256", base: { ...image, sha256: "0".repeat(64) } },
  { kind: "Image", property: "pool", base: { ...image, pool: "default" } },
];

/** `network.interfaces[0].mac` as a path of keys and indexes. */
export function propertyPath(property: string): Array<string | number> {
  return property.split(/\.|(?=\[)/).map((part) => (part.startsWith("[") ? Number(part.slice(1, -1)) : part));
}

/** A deep copy of `inputs` with `value` at `property`. */
export function withValue(inputs: Record<string, unknown>, property: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(inputs);
  const keys = propertyPath(property);
  let node: Record<string | number, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= typeof keys[keys.indexOf(key) + 1] === "number" ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
  return copy;
}

/** The value at `property`, or undefined. */
export function valueAt(inputs: unknown, property: string): unknown {
  let node = inputs;
  for (const key of propertyPath(property)) node = (node as Record<string | number, unknown> | undefined)?.[key];
  return node;
}

export interface CheckResult {
  inputs?: Record<string, unknown>;
  failures?: Array<{ property: string; reason: string }>;
}

/** The resource provider's check, as Pulumi calls it, with the program's raw inputs. */
export function checkOf(kind: ResourceKind): (news: Record<string, unknown>) => Promise<CheckResult> {
  const provider = resourceProviders[kind] as unknown as { check(olds: unknown, news: unknown): Promise<CheckResult> };
  return (news) => provider.check({}, news);
}
