// VoidVM on two libvirt hosts in one stack: each VM's own `connection` says which host it lives
// on; everything the hosts share (user, private key, sudo, pool) comes from stack config voidvm:*.
// Moving a VM to another host replaces it (the preview says `replaced (connection)`); each host
// has its own pool of SSH connections. Stack config:
//   two-hosts:hosts   {"a": {"host": "10.0.0.5", "port": 22, "hostKey": "SHA256:..."}, "b": {...}}
//   two-hosts:vms     {"web": {"host": "a"}, "db": {"host": "b", "description": "..."}}
//   two-hosts:kernel, two-hosts:initrd   the guest's boot files, on every host
//   two-hosts:namePrefix                 optional: domain names become PREFIX-VM
// plus voidvm:user, voidvm:privateKey (secret), ...
import * as pulumi from "@pulumi/pulumi";
import * as voidvm from "@voidvm/pulumi";

interface HostConfig {
  host: string;
  port?: number;
  hostKey: string;
  /** The libvirt network the VMs join on that host. @default "default" */
  network?: string;
}

interface VmConfig {
  /** A key of two-hosts:hosts. */
  host: string;
  description?: string;
}

const cfg = new pulumi.Config("two-hosts");
const hosts = cfg.requireObject<Record<string, HostConfig>>("hosts");
const vms = cfg.requireObject<Record<string, VmConfig>>("vms");
const prefix = cfg.get("namePrefix");

const placed: Record<string, pulumi.Output<string>> = {};
for (const [name, vm] of Object.entries(vms)) {
  const host = hosts[vm.host];
  if (!host) {
    throw new Error(
      `two-hosts:vms.${name}.host is "${vm.host}", which is not a host of two-hosts:hosts (${Object.keys(hosts).join(", ")}). ` +
        `Add it to two-hosts:hosts or use one of those.`,
    );
  }
  const machine = new voidvm.VirtualMachine(name, {
    connection: { host: host.host, port: host.port, hostKey: host.hostKey },
    name: prefix ? `${prefix}-${name}` : undefined,
    description: vm.description ?? `${name} on host ${vm.host}`,
    cpu: { cores: 1 },
    memory: { size: 256 },
    os: { kernel: cfg.require("kernel"), initrd: cfg.require("initrd"), cmdline: "console=ttyS0 quiet" },
    network: { interfaces: [{ type: "network", source: host.network ?? "default", model: "virtio" }] },
    stopTimeout: 10,
    limits: { minMemory: 128 },
  });
  placed[name] = pulumi.interpolate`${machine.name}@${vm.host}`;
}

/** Where each VM is: {"web": "web-1a2b3c4@a", ...}. */
export const placement = pulumi.all(placed);
