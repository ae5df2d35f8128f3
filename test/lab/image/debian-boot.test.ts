import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { virsh, virshText } from "../../../provider/libvirt/virsh";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { generateGuestKey, sshToGuest, type GuestSession } from "../../support/guest-ssh";
import { HOSTILE_STRINGS } from "../../support/hostile-strings";
import { labHost, labSettings, testName } from "../../support/lab";
import { labImage } from "../../support/lab-images";
import { buildSeedIso } from "../../support/nocloud-seed";

const CONSOLE_DIR = "/var/lib/voidvm/console";
/** TCG (no KVM): BIOS + extlinux + kernel + systemd + cloud-init take a few minutes on a busy 2-core host. */
const LEASE_TIMEOUT_MS = 8 * 60_000;
const SSH_TIMEOUT_MS = 8 * 60_000;

/** Every byte a shell, YAML or XML writer is likely to get wrong. */
const HOSTILE_CONTENT =
  [
    ...HOSTILE_STRINGS,
    "tab\there",
    "crlf\r\nend",
    "#!/bin/sh -e",
    "key: value # not yaml",
    "- not a list",
    "'''\"\"\"",
    "{{ not jinja }} ${NOT_EXPANDED} %s %n",
    "ünïcödé 🚀 网站 \u00a0nbsp",
  ].join("\n") + "\n";
const HOSTILE_PATH = "/var/lib/voidvm-test/hostile.txt";

function userData(hostname: string, publicKey: string): string {
  // JSON strings are valid YAML double-quoted scalars: every byte survives cloud-init's parser.
  return [
    "#cloud-config",
    `hostname: ${JSON.stringify(hostname)}`,
    "ssh_authorized_keys:",
    `  - ${JSON.stringify(publicKey)}`,
    "write_files:",
    `  - path: ${JSON.stringify(HOSTILE_PATH)}`,
    '    permissions: "0644"',
    `    content: ${JSON.stringify(HOSTILE_CONTENT)}`,
    "",
  ].join("\n");
}

function domainXml(name: string, overlay: string, seed: string, serial: string): string {
  return `<domain type='qemu'>
  <name>${name}</name>
  <memory unit='MiB'>1024</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
  <features><acpi/></features>
  <on_poweroff>destroy</on_poweroff>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='${overlay}'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <source file='${seed}'/>
      <target dev='hdc' bus='ide'/>
      <readonly/>
    </disk>
    <interface type='network'>
      <source network='${labSettings().network}'/>
      <model type='virtio'/>
    </interface>
    <serial type='file'>
      <source path='${serial}'/>
      <target port='0'/>
    </serial>
  </devices>
</domain>
`;
}

async function waitForLease(name: string, timeoutMs: number): Promise<string> {
  const host = labHost();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const out = (await virsh(host, ["domifaddr", "--source", "lease", "--", name], { allowFailure: true })).stdout;
    const ip = /(\d+\.\d+\.\d+\.\d+)\/\d+/.exec(out)?.[1];
    if (ip) return ip;
    await new Promise((r) => setTimeout(r, 3000));
  }
  throw new Error(`${name} got no DHCP lease within ${timeoutMs} ms`);
}

/**
 * The end of the guest's serial console, for a failure message. libvirt creates the file for
 * root only; the lab host is this machine, so read it locally when the lab user may not.
 */
async function serialTail(path: string): Promise<string> {
  const remote = await labHost().run(["tail", "-c", "4000", path], { allowFailure: true });
  if (remote.exitCode === 0) return remote.stdout;
  try {
    const data = readFileSync(path);
    return data.subarray(Math.max(0, data.length - 4000)).toString("utf8");
  } catch (error) {
    return `(unreadable: ${remote.stderr.trim()}; ${String(error)})`;
  }
}

describe("the lab's Debian 12 cloud image", function () {
  this.timeout(LEASE_TIMEOUT_MS + SSH_TIMEOUT_MS + 120_000);
  after(() => closeAllConnections());

  it("boots under TCG from a NoCloud seed built on the host and lets the seeded key log in", async () => {
    const image = labImage("debian12"); // throws (no skip) when host:up has not built it
    const host = labHost();
    const pool = labSettings().pool;
    assert.equal((await host.run(["test", "-r", image.path], { allowFailure: true })).exitCode, 0, `${image.path} is not readable by the lab user`);

    const name = testName("debian");
    const overlayName = `${name}.qcow2`;
    const serial = `${CONSOLE_DIR}/${name}.log`;
    const key = generateGuestKey(`${name}@voidvm-test`);
    let seedPath = "";
    let session: GuestSession | undefined;
    const started = Date.now();
    try {
      // A copy-on-write overlay, larger than the image so growpart has work to do. vol-create-as
      // --backing-vol only accepts a volume of a pool; the image is a plain file, so XML it is.
      await virsh(host, ["vol-create", pool, "/dev/stdin"], {
        stdin: `<volume><name>${overlayName}</name><capacity unit='GiB'>4</capacity><allocation>0</allocation>
  <target><format type='qcow2'/><compat>1.1</compat></target>
  <backingStore><path>${image.path}</path><format type='${image.format}'/></backingStore></volume>`,
      });
      const overlay = await virshText(host, ["vol-path", "--pool", pool, overlayName]);
      assert.match(await virshText(host, ["vol-dumpxml", "--pool", pool, overlayName]), new RegExp(`<backingStore>\\s*<path>${image.path}</path>`));
      seedPath = overlay.replace(/\.qcow2$/, "-seed.iso");

      await buildSeedIso(host, seedPath, {
        userData: userData(name, key.publicKey),
        metaData: `instance-id: ${name}\nlocal-hostname: ${name}\n`,
      });
      const label = await host.run(["sh", "-c", 'dd if="$1" bs=1 skip=32808 count=32 2>/dev/null', "sh", seedPath]);
      assert.equal(label.stdout.trim(), "cidata", "the seed's ISO volume label");

      await virsh(host, ["create", "/dev/stdin"], { stdin: domainXml(name, overlay, seedPath, serial) });
      const booted = Date.now();
      const ip = await waitForLease(name, LEASE_TIMEOUT_MS);
      const leased = Date.now();
      session = await sshToGuest(ip, "debian", key.privateKey, SSH_TIMEOUT_MS);
      const loggedIn = Date.now();
      console.log(
        `      debian12 ${name}: DHCP lease ${ip} after ${((leased - booted) / 1000).toFixed(0)} s, ` +
          `SSH login as debian after ${((loggedIn - booted) / 1000).toFixed(0)} s (setup ${((booted - started) / 1000).toFixed(1)} s)`,
      );

      const written = await session.exec(`cat ${HOSTILE_PATH}`);
      assert.ok(written.equals(Buffer.from(HOSTILE_CONTENT, "utf8")), `the written file differs:\n${JSON.stringify(written.toString("utf8"))}`);
      assert.equal((await session.exec("hostname")).toString().trim(), name);

      // cloud-init finished without errors (waits for its last stage).
      const status = (await session.exec("cloud-init status --wait --long || true", 300_000)).toString();
      assert.match(status, /status: done/, status);
      const facts = (
        await session.exec(
          "cat /proc/cmdline; uname -r; ip -o -4 addr show scope global | awk '{print $2, $4}'; df -BM --output=size / | tail -n1; sudo -n true && echo sudo-ok",
        )
      ).toString();
      console.log(`      guest: ${facts.trim().split("\n").join(" | ")} (host key ${session.hostKeyFingerprint}); done after ${((Date.now() - booted) / 1000).toFixed(0)} s`);
      assert.match(facts, /BOOT_IMAGE=\/boot\/vmlinuz-/, "booted by its own bootloader (extlinux), not a host kernel");
      assert.match(facts, /sudo-ok/, "the default user has passwordless sudo");
      const rootMiB = Number(/(\d+)M\s*\n/.exec(facts)?.[1]);
      assert.ok(rootMiB > 3000, `the root filesystem grew to the 4 GiB overlay (growpart): ${rootMiB} MiB`);
    } catch (error) {
      console.error(`serial console of ${name} (last 4000 bytes):\n${await serialTail(serial)}`);
      throw error;
    } finally {
      session?.close();
      await virsh(host, ["destroy", name], { allowFailure: true }); // transient: gone once destroyed
      await virsh(host, ["vol-delete", "--pool", pool, overlayName], { allowFailure: true });
      if (seedPath) await host.run(["rm", "-f", "--", seedPath], { allowFailure: true });
      await host.run(["rm", "-f", "--", serial], { allowFailure: true });
      await virsh(host, ["pool-refresh", pool], { allowFailure: true });
      assert.equal((await virsh(host, ["dominfo", name], { allowFailure: true })).exitCode === 0, false, "the domain is gone");
    }
  });
});
