import { strict as assert } from "assert";
import { virsh } from "../../../provider/libvirt/virsh";
import { checkImage } from "../../../provider/resources/image/check";
import { createImage } from "../../../provider/resources/image/create";
import { deleteImage } from "../../../provider/resources/image/delete";
import type { ImageOutputs } from "../../../provider/resources/image/outputs";
import { createVm } from "../../../provider/resources/vm/create";
import { deleteVm } from "../../../provider/resources/vm/delete";
import type { VmOutputs } from "../../../provider/resources/vm/outputs";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { labConnection, labHost, labSettings, labVolumeSha256, onLabHost, testName } from "../../support/lab";
import { configureForLab, labVmInputs } from "../../support/vm-harness";

const GIB = 1024 * 1024 * 1024;

async function onHost(script: string, args: string[] = []): Promise<string> {
  return (await onLabHost(script, args)).stdout.trim();
}

async function volumeXml(volume: string): Promise<string> {
  return (await virsh(labHost(), ["vol-dumpxml", "--pool", labSettings().pool, "--vol", volume])).stdout;
}

async function volumeExists(volume: string): Promise<boolean> {
  return (await virsh(labHost(), ["vol-info", "--pool", labSettings().pool, "--vol", volume], { allowFailure: true })).exitCode === 0;
}

const volumeSha = labVolumeSha256;

const capacityOf = (xml: string) => Number(/<capacity unit='bytes'>(\d+)</.exec(xml)?.[1]);
const backingOf = (xml: string) => /<backingStore>\s*<path>([^<]*)<\/path>/.exec(xml)?.[1];

describe("VM root disk from an Image on the lab", function () {
  this.timeout(300_000);
  let dir: string;
  let image: ImageOutputs;
  const made: VmOutputs[] = [];

  before(async () => {
    await configureForLab();
    // 3 MiB of random data in a 1.2 GiB disk: a small file, a virtual size above 1 GiB.
    dir = await onHost(`d=$(mktemp -d /tmp/vvt-rootimg.XXXXXX) && cd "$d" && head -c 3145728 /dev/urandom > base.raw && truncate -s 1200M base.raw && echo "$d"`);
    const outcome = checkImage({}, { name: testName("rootimg"), hostPath: `${dir}/base.raw`, connection: labConnection() });
    if (!outcome.inputs) throw new Error(JSON.stringify(outcome.failures));
    image = (await createImage(outcome.inputs)).outs;
  });
  after(async () => {
    for (const vm of made) await deleteVm(vm).catch(() => undefined);
    await deleteImage(image).catch(() => undefined);
    await onHost('rm -rf -- "$1"', [dir]);
    closeAllConnections();
  });

  it("a disk smaller than the image is refused before anything is created", async () => {
    const name = testName("small");
    await assert.rejects(createVm(labVmInputs(name, { state: "stopped", disk: { size: 1, image: `${image.pool}/${image.volume}` } })), (e: Error) => {
      assert.match(e.message, /disk.size is too small: the image .* is 1258291200 bytes, larger than disk.size \(1 GiB/);
      assert.match(e.message, /at least 2 GiB/);
      return true;
    });
    assert.equal(await volumeExists(`${name}-root.qcow2`), false);
    assert.notEqual((await virsh(labHost(), ["domstate", "--", name], { allowFailure: true })).exitCode, 0, "no domain");
  });

  it("a missing image volume is a clear error", async () => {
    await assert.rejects(createVm(labVmInputs(testName("noimg"), { state: "stopped", disk: { size: 2, image: `${image.pool}/no-such.qcow2` } })), /disk.image: the image volume .*no-such.qcow2 does not exist/);
  });

  it("two copy-on-write clones share the image as backing file, grown to size, and leave it unchanged; the image cannot be deleted under them", async () => {
    const before = await volumeSha(image.volume);
    const a = (await createVm(labVmInputs(testName("cowa"), { waitForIp: false, disk: { size: 2, image: `${image.pool}/${image.volume}` } }))).outs;
    made.push(a);
    const b = (await createVm(labVmInputs(testName("cowb"), { state: "stopped", disk: { size: 3, image: `${image.pool}/${image.volume}` } }))).outs;
    made.push(b);
    assert.equal(a.observedState, "running", "QEMU opened the overlay and its backing file");
    const xa = await volumeXml(a.rootVolume!.name);
    const xb = await volumeXml(b.rootVolume!.name);
    assert.equal(backingOf(xa), image.path);
    assert.equal(backingOf(xb), image.path);
    assert.equal(capacityOf(xa), 2 * GIB);
    assert.equal(capacityOf(xb), 3 * GIB);
    assert.ok(Number(/<allocation unit='bytes'>(\d+)</.exec(xa)?.[1]) < 16 * 1024 * 1024, "a thin overlay");
    await assert.rejects(deleteImage(image), (e: Error) => {
      assert.match(e.message, /backing file of 2 volume\(s\)/);
      assert.ok(e.message.includes(`${a.rootVolume!.pool}/${a.rootVolume!.name}`) && e.message.includes(`${b.rootVolume!.pool}/${b.rootVolume!.name}`), e.message);
      return true;
    });
    await deleteVm(a);
    await deleteVm(b);
    made.length = 0;
    assert.equal(await volumeExists(a.rootVolume!.name), false);
    assert.equal(await volumeExists(image.volume), true, "deleting the clones keeps the image");
    assert.equal(await volumeSha(image.volume), before, "the image is unchanged");
  });

  it('clone: "full" makes an independent copy with the image\'s content, grown to size', async () => {
    const vm = (await createVm(labVmInputs(testName("full"), { state: "stopped", disk: { size: 2, image: `${image.pool}/${image.volume}`, clone: "full" } }))).outs;
    made.push(vm);
    const xml = await volumeXml(vm.rootVolume!.name);
    assert.equal(backingOf(xml), undefined, "no backing file");
    assert.equal(capacityOf(xml), 2 * GIB);
    const compared = await onHost(
      `t=$(mktemp) && virsh -q -c "$1" vol-download --pool "$2" --vol "$3" --file "$t" && qemu-img compare -q -f raw -F qcow2 "$4" "$t" && echo same; rm -f "$t"`,
      [labSettings().uri, labSettings().pool, vm.rootVolume!.name, `${dir}/base.raw`],
    );
    assert.equal(compared, "same");
  });
});
