// VoidVM quickstart: one small VM on a libvirt host, reachable over HTTP.
// The connection comes from stack config (voidvm:host, voidvm:privateKey, voidvm:hostKey, ...);
// `npm run demo` sets it up for this machine's local lab.
import * as pulumi from "@pulumi/pulumi";
import * as voidvm from "@voidvm/pulumi";

const cfg = new pulumi.Config("quickstart");

const web = new voidvm.VirtualMachine("web", {
  description: "VoidVM quickstart: a tiny guest that serves HTTP",
  cpu: { cores: 1 },
  memory: { size: 256 },
  // Direct kernel boot of the lab's test guest (a kernel and a busybox initramfs on the host).
  os: { kernel: cfg.require("kernel"), initrd: cfg.require("initrd"), cmdline: "console=ttyS0 quiet" },
  network: { interfaces: [{ type: "network", source: cfg.get("network") ?? "default", model: "virtio" }] },
  // The test guest needs less than the product's 512 MiB floor.
  limits: { minMemory: 128 },
  stopTimeout: 20,
  // Wait (up to 120 s) for the guest's DHCP lease, so that the url below is known after `pulumi up`.
  waitForIp: 120,
});

export const vmName = web.name;
export const state = web.state;
export const ipAddress = web.ipAddresses.apply((ips) => ips[0] ?? "");
export const url = pulumi.interpolate`http://${ipAddress}/`;
