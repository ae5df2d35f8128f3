// VoidVM cloud VM: a Debian 12 VM from a cloud image with your SSH key, reachable through a
// forwarded host port. Stack config:
//   cloud-vm:imageUrl   (or cloud-vm:imagePath, an image file already on the host)
//   cloud-vm:imageSha256  optional, checked on the host before the volume exists
//   cloud-vm:sshKey       your public key, e.g. "$(cat ~/.ssh/id_ed25519.pub)"
//   cloud-vm:sshPort      the host port forwarded to the guest's port 22 (default 2201)
//   cloud-vm:hostname     the guest's hostname (default cloud-01)
//   cloud-vm:motd         optional: the guest's /etc/motd, shown at every login
// plus the connection (voidvm:host, voidvm:privateKey, voidvm:hostKey, ...).
import * as pulumi from "@pulumi/pulumi";
import * as voidvm from "@voidvm/pulumi";

const cfg = new pulumi.Config("cloud-vm");
const voidvmCfg = new pulumi.Config("voidvm");
const sshPort = cfg.getNumber("sshPort") ?? 2201;

const debian = new voidvm.Image("debian-12", {
  ...(cfg.get("imagePath")
    ? { hostPath: cfg.require("imagePath") }
    : { url: cfg.get("imageUrl") ?? "https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2" }),
  sha256: cfg.get("imageSha256"),
});

const vm = new voidvm.VirtualMachine("cloud", {
  cpu: { cores: 1 },
  memory: { size: 1024 },
  // A copy-on-write overlay of the image, grown to 10 GiB (cloud-init grows the filesystem).
  disk: { image: debian, size: 10 },
  cloudInit: {
    hostname: cfg.get("hostname") ?? "cloud-01",
    sshAuthorizedKeys: [cfg.require("sshKey")],
    writeFiles: cfg.get("motd") === undefined ? undefined : [{ path: "/etc/motd", content: cfg.require("motd") }],
  },
  network: { interfaces: [{ source: "default" }] },
  // Cloud images boot in about a minute with KVM, several under TCG: wait for the address.
  waitForIp: 600,
});

new voidvm.PortForward("ssh", { vm, rules: [{ protocol: "tcp", hostPort: sshPort, guestPort: 22 }] });

export const ipAddress = vm.ipAddresses.apply((ips) => ips[0] ?? "");
export const ssh = pulumi.interpolate`ssh -p ${sshPort} debian@${voidvmCfg.require("host")}`;
export const vmName = vm.name;
