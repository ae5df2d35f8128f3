import { strict as assert } from "assert";
import { commitBase } from "../../../provider/libvirt/snapshot-chain";
import { diskChain } from "../../../provider/xml/parse-disk-chain";

// From `virsh dumpxml` of a lab domain after two external snapshots (libvirt 9.0), with a
// template base image under the VM's own volume added.
const CHAIN = `<domain type='qemu' id='38'>
  <name>vvt-snapx-1</name>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/voidvm/pool/vvt-snapx-root.e2' index='4'/>
      <backingStore type='file' index='3'>
        <format type='qcow2'/>
        <source file='/var/lib/voidvm/pool/vvt-snapx-root.e1'/>
        <backingStore type='volume' index='2'>
          <format type='qcow2'/>
          <source pool='voidvm' volume='vvt-snapx-root.qcow2'/>
          <backingStore type='file' index='1'>
            <format type='qcow2'/>
            <source file='/images/debian-template.qcow2'/>
            <backingStore/>
          </backingStore>
        </backingStore>
      </backingStore>
      <target dev='vda' bus='virtio'/>
    </disk>
  </devices>
</domain>`;

describe("external snapshot chains", () => {
  it("reads a disk's backing chain from the top", async () => {
    assert.deepEqual(await diskChain(CHAIN, "vda"), [
      { index: "4", file: "/var/lib/voidvm/pool/vvt-snapx-root.e2" },
      { index: "3", file: "/var/lib/voidvm/pool/vvt-snapx-root.e1" },
      { index: "2", volume: { pool: "voidvm", name: "vvt-snapx-root.qcow2" } },
      { index: "1", file: "/images/debian-template.qcow2" },
    ]);
    assert.deepEqual(await diskChain(CHAIN, "vdb"), []);
  });

  it("commits down to the VM's own image, never into the template below it", async () => {
    const overlays = new Set(["/var/lib/voidvm/pool/vvt-snapx-root.e1", "/var/lib/voidvm/pool/vvt-snapx-root.e2"]);
    assert.equal(commitBase(await diskChain(CHAIN, "vda"), overlays)?.index, "2");
  });
});
