import { strict as assert } from "assert";
import { createVolume, deleteVolume } from "../../../provider/libvirt/volumes";
import { virsh } from "../../../provider/libvirt/virsh";
import { createVm } from "../../../provider/resources/vm/create";
import { deleteVm } from "../../../provider/resources/vm/delete";
import { diffVm } from "../../../provider/resources/vm/diff";
import { updateVm } from "../../../provider/resources/vm/update";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { httpGet } from "../../support/guest";
import { labHost, labSettings, testName } from "../../support/lab";
import { bootId, configureForLab, labVmInputs } from "../../support/vm-harness";

describe("the VirtualMachine's root disk on the lab", function () {
  this.timeout(600_000);
  before(configureForLab);
  after(() => closeAllConnections());

  it("grows live with its bytes kept, refuses to shrink, and can start from a copy-on-write base image", async () => {
    const host = labHost();
    const pool = labSettings().pool;
    const base = { pool, name: `${testName("base")}.qcow2` };
    await createVolume(host, base, 1, "qcow2");
    const basePath = (await virsh(host, ["vol-path", "--pool", pool, base.name])).stdout.trim();
    const name = testName("rootdisk");
    let vm = (await createVm(labVmInputs(name, { disk: { size: 1, baseImage: basePath } }))).outs;
    try {
      const volume = (await virsh(host, ["vol-dumpxml", "--pool", pool, `${name}-root.qcow2`])).stdout;
      assert.match(volume, new RegExp(`<backingStore>\\s*<path>${basePath}</path>`), "the root volume is an overlay on the base image");
      const ip = vm.ipAddresses[0]!;
      const boot = await bootId(ip);
      // The test guest runs from its initramfs, so the root disk is its (blank) vda.
      assert.match(await httpGet(`http://${ip}/cgi-bin/disk-write?dev=vda&pattern=root-bytes`), /^ok vda/);
      vm = await updateVm(vm, labVmInputs(name, { disk: { size: 2, baseImage: basePath } }));
      assert.match(await httpGet(`http://${ip}/cgi-bin/disks`), /2097152 vda/);
      assert.match(await httpGet(`http://${ip}/cgi-bin/disk-read?dev=vda`), /^(root-bytes)+/);
      assert.equal(await bootId(ip), boot, "grown without a restart");
      assert.throws(() => diffVm(vm, labVmInputs(name, { disk: { size: 1, baseImage: basePath } })), /would destroy data/);
    } finally {
      await deleteVm(vm);
      await deleteVolume(host, base);
    }
  });
});
