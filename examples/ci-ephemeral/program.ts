import * as voidvm from "@voidvm/pulumi";
import type { Settings } from "./settings";

/**
 * The inline Pulumi program: one VM on the stack's libvirt host (connection from stack config
 * voidvm:*) and a host port forwarded to the guest. The VM is named after the stack, so each
 * run's VM is its own. A real pipeline would boot an Image with cloudInit (see examples/cloud-vm);
 * this one boots a kernel and initramfs that are already on the host.
 */
export function ephemeralProgram(settings: Settings) {
  return async () => {
    const vm = new voidvm.VirtualMachine("ci", {
      name: settings.stackName,
      description: `CI run ${settings.stackName}: destroyed when the run ends`,
      cpu: { cores: 1 },
      memory: { size: 256 },
      os: { kernel: settings.guest.kernel, initrd: settings.guest.initrd, cmdline: "console=ttyS0 quiet" },
      network: { interfaces: [{ type: "network", source: settings.guest.network, model: "virtio" }] },
      // The forward needs the guest's address: wait for its DHCP lease.
      waitForIp: 120,
      stopTimeout: 10,
      limits: { minMemory: 128 },
    });
    const forward = new voidvm.PortForward("ci", { vm, rules: [{ protocol: "tcp", hostPort: settings.hostPort, guestPort: settings.guest.port }] });
    return { vmName: vm.name, guestAddress: forward.forwardedTo };
  };
}
