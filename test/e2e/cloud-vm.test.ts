import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { virsh } from "../../provider/libvirt/virsh";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { generateGuestKey, sshToGuest, type GuestSession } from "../support/guest-ssh";
import { HOSTILE_STRINGS, PWNED_CHECK } from "../support/hostile-strings";
import { labHost, labSettings, onLabHost, REPO_ROOT, testName } from "../support/lab";
import { labImage } from "../support/lab-images";
import { freeHostPort } from "../support/free-port";
import { PulumiProgram } from "../support/pulumi-program";
import { labStackConfig } from "../support/stack-config";

/** Hostile bytes for the guest's /etc/motd: each must arrive exactly, none may run anywhere. */
const MOTD = [...HOSTILE_STRINGS, "tab\there", "{{ not jinja }} ${NOT_EXPANDED} %s", "ünïcödé 🚀 网站"].join("\n") + "\n";

describe("examples/cloud-vm through the real Pulumi CLI: a real Debian guest from an Image with cloud-init", function () {
  this.timeout(1_800_000);
  const key = generateGuestKey("e2e-cloud-vm@voidvm-test");
  const hostname = testName("cloud");
  let program: PulumiProgram;
  let sshPort = 0;
  let session: GuestSession | undefined;

  before(async () => {
    sshPort = await freeHostPort();
    const { config, secrets } = labStackConfig({
      "cloud-vm:imagePath": labImage("debian12").path,
      "cloud-vm:sshKey": key.publicKey,
      "cloud-vm:sshPort": String(sshPort),
      "cloud-vm:hostname": hostname,
      "cloud-vm:motd": MOTD,
      // PortForward changes nftables: the lab user may run nft through sudo.
      "voidvm:sudo": "true",
    });
    program = await PulumiProgram.create({
      name: "cloud-vm",
      source: readFileSync(join(REPO_ROOT, "examples", "cloud-vm", "index.ts"), "utf8"),
      config,
      secrets,
    });
  });

  after(async () => {
    session?.close();
    const outputs = await program.outputs().catch(() => ({}) as Record<string, unknown>);
    await program.destroy().catch((error: Error) => console.error(`cleanup: ${error.message}`));
    program.remove();
    if (typeof outputs.vmName === "string") await virsh(labHost(), ["destroy", "--", outputs.vmName], { allowFailure: true });
    closeAllConnections();
  });

  it("pulumi up boots the guest; an SSH login through the PortForward with the seeded key reads back the hostname and the file", async () => {
    await program.up();
    const outputs = await program.outputs();
    assert.match(String(outputs.ssh), new RegExp(`^ssh -p ${sshPort} debian@${labSettings().host.replace(/\./g, "\\.")}$`));
    assert.match(String(outputs.ipAddress), /^\d+\.\d+\.\d+\.\d+$/, "waitForIp waited for the guest's lease");
    // The forward: the host's port, not the guest's address.
    session = await sshToGuest(labSettings().host, "debian", key.privateKey, 8 * 60_000, sshPort);
    assert.equal((await session.exec("hostname")).toString("utf8").trim(), hostname);
    const motd = await session.exec("cat /etc/motd");
    assert.ok(motd.equals(Buffer.from(MOTD, "utf8")), `the written file differs:\n${JSON.stringify(motd.toString("utf8"))}`);
    assert.equal((await session.exec(`${PWNED_CHECK}; cd /; ${PWNED_CHECK}`)).toString().trim(), "clean\nclean", "nothing ran in the guest");
    assert.equal((await onLabHost(PWNED_CHECK)).stdout.trim(), "clean", "nothing ran on the host");
  });

  it("pulumi destroy removes the VM, its seed, the forward and the Image", async () => {
    session?.close();
    session = undefined;
    await program.destroy();
    const volumes = (await virsh(labHost(), ["vol-list", "--pool", labSettings().pool])).stdout;
    assert.doesNotMatch(volumes, /cloud-[0-9a-f]{7}|debian-12-[0-9a-f]{7}/, "no volume of the stack is left");
    const rules = (await onLabHost("sudo -n nft list table ip voidvm 2>/dev/null || true")).stdout;
    assert.ok(!rules.includes(`dport ${sshPort}`), "no forward of the port is left");
  });
});
