import { strict as assert } from "assert";
import { parseSnapshotXml } from "../../../provider/xml/parse-snapshot";
import { snapshotXmlWithDescription } from "../../../provider/xml/redefine-snapshot";
import { parseXml } from "../../../provider/xml/xml-nodes";

// Real `virsh snapshot-dumpxml --security-info` output on the lab (libvirt 9.0), with fewer devices
// and a description added to the domain: the domain's own description must stay as it is.
const SNAPSHOT = `<domainsnapshot>
  <name>s1</name>
  <description>first &amp;&lt;&gt; line
[voidvm memory=no captured=stopped]</description>
  <state>shutoff</state>
  <creationTime>1796341638</creationTime>
  <memory snapshot='no'/>
  <disks>
    <disk name='vda' snapshot='internal'/>
  </disks>
  <domain type='qemu'>
    <name>vvt-xmlwt-dom</name>
    <description>the domain's own</description>
    <uuid>263121dc-a4c3-43d7-b9d4-e7cb82240191</uuid>
    <memory unit='KiB'>65536</memory>
    <currentMemory unit='KiB'>65536</currentMemory>
    <vcpu placement='static'>1</vcpu>
    <os>
      <type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type>
      <boot dev='hd'/>
    </os>
    <cpu mode='custom' match='exact' check='none'>
      <model fallback='forbid'>qemu64</model>
    </cpu>
    <clock offset='utc'/>
    <on_poweroff>destroy</on_poweroff>
    <on_reboot>restart</on_reboot>
    <on_crash>destroy</on_crash>
    <devices>
      <emulator>/usr/bin/qemu-system-x86_64</emulator>
      <disk type='volume' device='disk'>
        <driver name='qemu' type='qcow2'/>
        <source pool='voidvm' volume='vvt-xmlwt-root.qcow2'/>
        <target dev='vda' bus='virtio'/>
        <address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/>
      </disk>
      <controller type='scsi' index='0' model='virtio-scsi'>
        <address type='pci' domain='0x0000' bus='0x00' slot='0x04' function='0x0'/>
      </controller>
      <interface type='network'>
        <mac address='52:54:00:aa:00:01'/>
        <source network='default'/>
        <model type='virtio'/>
        <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>
      </interface>
      <interface type='network'>
        <mac address='52:54:00:aa:00:02'/>
        <source network='default'/>
        <bandwidth>
          <inbound average='1000' peak='2000' burst='512'/>
        </bandwidth>
        <model type='e1000'/>
        <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>
      </interface>
      <input type='keyboard' bus='ps2'/>
    </devices>
  </domain>
</domainsnapshot>

`;

describe("snapshotXmlWithDescription", () => {
  it("replaces the snapshot's description and nothing else", async () => {
    const edited = await snapshotXmlWithDescription(SNAPSHOT, "new <&> text\n[voidvm memory=no captured=stopped]");
    assert.deepEqual(await parseXml(edited.replace(/<description>new[\s\S]*?<\/description>/, "")), await parseXml(SNAPSHOT.replace(/<description>first[\s\S]*?<\/description>/, "")));
    const record = await parseSnapshotXml(edited);
    assert.equal(record.description, "new <&> text");
    assert.equal(record.madeBy, "voidvm");
    assert.match(edited, /^<domainsnapshot>\n {2}<name>s1<\/name>\n {2}<description>new &lt;&amp;&gt; text\n/, "the description follows the name");
    assert.match(edited, /<description>the domain's own<\/description>/);
  });

  it("adds a description after the name, and an empty one removes it", async () => {
    const removed = await snapshotXmlWithDescription(SNAPSHOT, "");
    assert.equal((await parseSnapshotXml(removed)).description, undefined);
    assert.match(removed, /<description>the domain's own<\/description>/);
    const added = await snapshotXmlWithDescription(removed, "added");
    assert.match(added, /^<domainsnapshot>\n {2}<name>s1<\/name>\n {2}<description>added<\/description>\n {2}<state>/);
  });
});
