// VoidVM adopt: bring a libvirt domain that already exists (made with virt-install, virsh define,
// virt-manager, ...) under Pulumi's management without changing it. `pulumi import` does not work
// for dynamic providers such as VoidVM's; `adopt: true` is the supported way (docs/adopt.md).
//
// Describe the domain as it is: name, vCPUs, memory, boot, interfaces, state. The first
// `pulumi up` finds the domain by name, takes it over (same uuid, not restarted) and applies only
// what differs from this description; when it matches, nothing on the host changes. Stack config:
//   adopt:name     the existing domain's name
//   adopt:kernel, adopt:initrd, adopt:network   how it boots and which libvirt network it is on
// plus the connection (voidvm:host, voidvm:privateKey, voidvm:hostKey, ...).
import * as pulumi from "@pulumi/pulumi";
import * as voidvm from "@voidvm/pulumi";

const cfg = new pulumi.Config("adopt");

const legacy = new voidvm.VirtualMachine("legacy", {
  name: cfg.require("name"),
  adopt: true,
  cpu: { cores: 1 },
  memory: { size: 256 },
  os: { kernel: cfg.require("kernel"), initrd: cfg.require("initrd"), cmdline: "console=ttyS0 quiet" },
  network: { interfaces: [{ type: "network", source: cfg.get("network") ?? "default", model: "virtio" }] },
  state: "running",
  // This small guest needs less than the product's 512 MiB floor.
  limits: { minMemory: 128 },
});

export const uuid = legacy.uuid;
export const state = legacy.state;
export const ipAddresses = legacy.ipAddresses;
