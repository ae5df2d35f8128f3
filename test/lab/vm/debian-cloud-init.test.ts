import { strict as assert } from "assert";
import { execFile } from "child_process";
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { promisify } from "util";
import { checkImage } from "../../../provider/resources/image/check";
import { createImage } from "../../../provider/resources/image/create";
import { deleteImage } from "../../../provider/resources/image/delete";
import type { ImageOutputs } from "../../../provider/resources/image/outputs";
import { createVm } from "../../../provider/resources/vm/create";
import { deleteVm } from "../../../provider/resources/vm/delete";
import type { VmOutputs } from "../../../provider/resources/vm/outputs";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { labConnection, labSettings, testName } from "../../support/lab";
import { configureForLab, labVmInputs } from "../../support/vm-harness";

const run = promisify(execFile);

/** The lab's Debian 12 cloud image (scripts/lab/build-debian-image.sh, recorded by host:up). */
function debianImagePath(): string {
  const path = (labSettings() as unknown as { images?: { debian12?: { path?: string } } }).images?.debian12?.path;
  if (!path) throw new Error("The lab has no Debian 12 image (.voidvm/host.json images.debian12): run `npm run host:up`.");
  return path;
}

const HOSTILE = `it's "quoted" $(touch /tmp/pwned) \`id\` ; & <&> \\ 网站服务器 ünïcödé 🚀\r\n\ttab\nlast line without newline`;

/** Runs COMMAND on the guest over SSH with KEY as user debian, retrying while it boots. */
async function guestSsh(ip: string, key: string, command: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const { stdout } = await run(
        "ssh",
        ["-i", key, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR", `debian@${ip}`, command],
        { timeout: 240_000 },
      );
      return stdout;
    } catch (error) {
      last = error;
      await new Promise((r) => setTimeout(r, 5000));
    }
  }
  throw new Error(`No SSH login to debian@${ip} within ${timeoutMs} ms: ${String(last)}`);
}

describe("a real Debian guest from an Image with cloudInit (TCG: minutes)", function () {
  this.timeout(1_200_000);
  let keyDir: string;
  let image: ImageOutputs | undefined;
  let vm: VmOutputs | undefined;

  before(async () => {
    await configureForLab();
    keyDir = mkdtempSync(join(tmpdir(), "vvt-guest-key-"));
    await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(keyDir, "id"), "-C", "voidvm-test"]);
  });
  after(async () => {
    if (vm) await deleteVm(vm).catch(() => undefined);
    if (image) await deleteImage(image).catch(() => undefined);
    rmSync(keyDir, { recursive: true, force: true });
    closeAllConnections();
  });

  it("boots; cloud-init applies the seeded key, hostname and a hostile file byte for byte; the image stays as it was", async () => {
    const checked = checkImage({}, { name: testName("deb"), hostPath: debianImagePath(), connection: labConnection() });
    if (!checked.inputs) throw new Error(JSON.stringify(checked.failures));
    image = (await createImage(checked.inputs)).outs;
    assert.equal(image.virtualSize, 2 * 1024 * 1024 * 1024);
    const userData = `#cloud-config\nwrite_files:\n  - path: /etc/voidvm-from-user-data\n    content: ${JSON.stringify(HOSTILE)}\n`;
    const name = testName("debvm");
    const inputs = labVmInputs(name, {
      os: {},
      cpu: { cores: 1 },
      memory: { size: 1024 },
      disk: { size: 3, image: `${image.pool}/${image.volume}` },
      waitForIp: 600,
      cloudInit: {
        userData,
        hostname: "vv-debian",
        sshAuthorizedKeys: [readFileSync(join(keyDir, "id.pub"), "utf8").trim()],
        writeFiles: [{ path: "/etc/voidvm-shortcut", content: HOSTILE, permissions: "0600", owner: "root:root" }],
      },
    });
    vm = (await createVm(inputs)).outs;
    const ip = vm.ipAddresses[0];
    assert.ok(ip, "the guest got a DHCP lease");
    const out = await guestSsh(
      ip,
      join(keyDir, "id"),
      "cloud-init status --wait >/dev/null 2>&1; hostname; sudo base64 -w0 /etc/voidvm-from-user-data; echo; sudo base64 -w0 /etc/voidvm-shortcut; echo; sudo stat -c %a /etc/voidvm-shortcut; lsblk -b -n -d -o SIZE /dev/vda",
      900_000,
    );
    const [hostname, fromUserData, fromShortcut, mode, vdaBytes] = out.trim().split("\n");
    assert.equal(hostname, "vv-debian");
    assert.equal(Buffer.from(fromUserData ?? "", "base64").toString("utf8"), HOSTILE, "user-data's write_files, byte for byte");
    assert.equal(Buffer.from(fromShortcut ?? "", "base64").toString("utf8"), HOSTILE, "the writeFiles shortcut, byte for byte");
    assert.equal(mode, "600");
    assert.equal(Number(vdaBytes), 3 * 1024 * 1024 * 1024, "the overlay grew the disk to disk.size");
    await deleteVm(vm);
    vm = undefined;
    await deleteImage(image);
    image = undefined;
  });
});
