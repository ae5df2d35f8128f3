import { strict as assert } from "assert";
import { virsh } from "../../provider/libvirt/virsh";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { labHost, onLabHost, labSettings, testName } from "../support/lab";
import { PulumiProgram } from "../support/pulumi-program";
import { labStackConfig, privateKeyFragments } from "../support/stack-config";

/**
 * An Image from a host file; a VM cloned from it with cloudInit from a template, user-data a
 * secret; a second VM cloned from the same Image.
 */
const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import * as voidvm from "@voidvm/pulumi";
const lab = new pulumi.Config("lab");
const t = new pulumi.Config("t");
const image = new voidvm.Image("base", { name: t.require("imageName"), hostPath: t.require("imagePath") });
const vm = new voidvm.VirtualMachine("web", {
  ...voidvm.fromTemplate("web-server", {
    name: t.require("vmName"),
    cpu: { cores: 1 },
    memory: { size: 256 },
    disk: { size: 1, image },
    cloudInit: { hostname: t.require("hostname"), userData: t.requireSecret("userData") },
  }),
  os: { kernel: lab.require("kernel"), initrd: lab.require("initrd"), cmdline: "console=ttyS0 quiet" },
  network: { interfaces: [{ source: lab.require("network") }] },
  stopTimeout: 20,
  limits: { minMemory: 128, minDiskSize: 1 },
});
const second = new voidvm.VirtualMachine("second", {
  name: t.require("vmName2"),
  cpu: { cores: 1 },
  memory: { size: 256 },
  disk: { size: 1, image },
  os: { kernel: lab.require("kernel"), initrd: lab.require("initrd"), cmdline: "console=ttyS0 quiet" },
  network: { interfaces: [{ source: lab.require("network") }] },
  stopTimeout: 20,
  limits: { minMemory: 128, minDiskSize: 1 },
});
export const secondUuid = second.uuid;
export const imagePath = image.path;
export const imageVolume = image.volume;
export const virtualSize = image.virtualSize;
export const vmUuid = vm.uuid;
`;

describe("Image, disk.image, cloudInit and fromTemplate through the real Pulumi CLI", function () {
  this.timeout(1_800_000);
  const names = { vm: testName("e2e-ci"), vm2: testName("e2e-ci2"), image: testName("e2e-img") };
  const USER_DATA = `#cloud-config\n# e2e-secret-${process.pid} it's "q" $(x)\nwrite_files:\n  - path: /etc/e2e\n    content: 网站\n`;
  let program: PulumiProgram;
  let dir: string;
  let imageHashAfterUp = "";
  const onHost = async (script: string, args: string[] = []) => (await onLabHost(script, args)).stdout.trim();
  const volumeExists = async (volume: string) =>
    (await virsh(labHost(), ["vol-info", "--pool", labSettings().pool, "--vol", volume], { allowFailure: true })).exitCode === 0;
  const seedUserData = () =>
    onHost(`t=$(mktemp) && virsh -q -c "$1" vol-download --pool "$2" --vol "$3" --file "$t" && isoinfo -R -i "$t" -x /user-data; rm -f "$t"`, [
      labSettings().uri,
      labSettings().pool,
      `${names.vm}-cidata.iso`,
    ]);

  before(async () => {
    dir = await onHost(`d=$(mktemp -d /tmp/vvt-e2e-img.XXXXXX) && chmod 755 "$d" && head -c 1048576 /dev/urandom > "$d/base.raw" && truncate -s 512M "$d/base.raw" && echo "$d"`);
    const { config, secrets } = labStackConfig({ "t:vmName": names.vm, "t:vmName2": names.vm2, "t:imageName": names.image, "t:imagePath": `${dir}/base.raw`, "t:hostname": "web-01" }, "lab");
    program = await PulumiProgram.create({ name: "image-ci", source: PROGRAM, config, secrets: { ...secrets, "t:userData": USER_DATA } });
  });

  after(async () => {
    await program.destroy().catch(() => undefined);
    program.remove();
    for (const vm of [names.vm, names.vm2]) {
      await virsh(labHost(), ["destroy", "--", vm], { allowFailure: true });
      await virsh(labHost(), ["undefine", "--", vm], { allowFailure: true });
    }
    for (const v of [`${names.vm}-root.qcow2`, `${names.vm}-cidata.iso`, `${names.vm2}-root.qcow2`, `${names.image}.qcow2`]) {
      await virsh(labHost(), ["vol-delete", "--pool", labSettings().pool, "--vol", v], { allowFailure: true });
    }
    await onHost('rm -rf -- "$1"', [dir]);
    closeAllConnections();
  });

  it("pulumi up: the Image, then a VM cloned from it with the template's packages merged into the secret user-data", async () => {
    await program.up();
    const out = await program.outputs();
    assert.equal(out.imageVolume, `${names.image}.qcow2`);
    assert.equal(out.virtualSize, 512 * 1024 * 1024);
    for (const vm of [names.vm, names.vm2]) {
      const rootXml = (await virsh(labHost(), ["vol-dumpxml", "--pool", labSettings().pool, "--vol", `${vm}-root.qcow2`])).stdout;
      assert.equal(/<backingStore>\s*<path>([^<]*)</.exec(rootXml)?.[1], out.imagePath, `${vm}'s root disk is an overlay of the one Image`);
    }
    imageHashAfterUp = await onHost('sha256sum -- "$1" | cut -d" " -f1', [String(out.imagePath)]);
    const userData = await seedUserData();
    assert.ok(userData.startsWith("#cloud-config\n"));
    assert.ok(userData.includes(`e2e-secret-${process.pid}`), "the user's document, comments kept");
    for (const p of ["nginx", "php-fpm", "default-mysql-server"]) assert.ok(userData.includes(`- ${p}`), `${p} from the template`);
    assert.match(userData, /hostname: web-01/);
    const state = program.stateFiles();
    assert.ok(!state.includes(`e2e-secret-${process.pid}`), "user-data is secret in the state");
    for (const fragment of privateKeyFragments()) assert.ok(!state.includes(fragment));
    const preview = await program.preview(["--expect-no-changes"]);
    assert.equal(preview.code, 0, `an unchanged stack shows no changes:\n${preview.stdout}\n${preview.stderr}`);
  });

  it("changing cloudInit replaces the VM and the preview says so", async () => {
    const before = await program.outputs();
    await program.cli(["config", "set", "t:hostname", "web-02"]);
    const preview = await program.preview();
    assert.equal(preview.code, 0);
    assert.match(preview.stdout + preview.stderr, /replaced \(cloudInit\)/);
    await program.up();
    const out = await program.outputs();
    assert.notEqual(out.vmUuid, before.vmUuid, "a new VM");
    assert.match(await seedUserData(), /hostname: web-02/);
  });

  it("pulumi destroy while another volume is a clone of the Image: both VMs go, the Image is refused and kept unchanged; then it goes too", async () => {
    const { imagePath } = (await program.outputs()) as { imagePath: string };
    const clone = `${names.image}-outside-clone.qcow2`;
    await virsh(labHost(), ["vol-create-as", "--pool", labSettings().pool, "--name", clone, "--capacity", "1G", "--format", "qcow2", "--backing-vol", imagePath, "--backing-vol-format", "qcow2"]);
    try {
      const refused = await program.cli(["destroy", "--yes", "--skip-preview"], { allowFailure: true });
      assert.notEqual(refused.code, 0);
      assert.match(refused.stdout + refused.stderr, new RegExp(`backing file of 1 volume\\(s\\): ${labSettings().pool}/${clone.replace(/\./g, "\\.")}`));
      assert.equal(await volumeExists(`${names.image}.qcow2`), true, "the Image is kept");
      for (const v of [`${names.vm}-root.qcow2`, `${names.vm}-cidata.iso`, `${names.vm2}-root.qcow2`]) assert.equal(await volumeExists(v), false, `${v} went with its VM`);
      assert.equal(await onHost('sha256sum -- "$1" | cut -d" " -f1', [imagePath]), imageHashAfterUp, "two VMs ran on the Image and left its bytes unchanged");

      // A new source replaces the Image (same volume name: delete before create): refused as well.
      await onHost('head -c 1048576 /dev/urandom > "$1/newer.raw"', [dir]);
      await program.cli(["config", "set", "t:imagePath", `${dir}/newer.raw`]);
      const preview = await program.preview();
      assert.match(preview.stdout, /voidvm:Image: \(replace\)/, `the preview says the Image will be replaced:\n${preview.stdout}`);
      const replace = await program.cli(["up", "--yes", "--skip-preview"], { allowFailure: true });
      assert.notEqual(replace.code, 0, "replacing an Image that a clone uses fails");
      assert.match(replace.stdout + replace.stderr, /backing file of 1 volume\(s\)/);
      assert.equal(await onHost('sha256sum -- "$1" | cut -d" " -f1', [imagePath]), imageHashAfterUp, "the old Image is kept, bytes unchanged");
      assert.equal(((await program.outputs()) as { imagePath: string }).imagePath, imagePath, "the stack still holds the old Image");
    } finally {
      await virsh(labHost(), ["vol-delete", "--pool", labSettings().pool, "--vol", clone]);
    }
    await program.destroy();
    assert.equal(await volumeExists(`${names.image}.qcow2`), false);
  });
});
