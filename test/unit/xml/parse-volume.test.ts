import { strict as assert } from "assert";
import { parseVolumeXml } from "../../../provider/xml/parse-volume";

// Real `virsh vol-dumpxml --pool voidvm ...` output on the lab (libvirt 9.0): a qcow2 volume whose
// name needs every XML escape, on a backing volume, and a raw volume.
const HOSTILE_QCOW2_ON_BACKING = `<volume type='file'>
  <name>vvt-xmlwt-a&amp;b&lt;c&gt;&apos;q&quot;中.qcow2</name>
  <key>/var/lib/voidvm/pool/vvt-xmlwt-a&amp;b&lt;c&gt;&apos;q&quot;中.qcow2</key>
  <capacity unit='bytes'>2097152</capacity>
  <allocation unit='bytes'>200704</allocation>
  <physical unit='bytes'>196616</physical>
  <target>
    <path>/var/lib/voidvm/pool/vvt-xmlwt-a&amp;b&lt;c&gt;&apos;q&quot;中.qcow2</path>
    <format type='qcow2'/>
    <permissions>
      <mode>0600</mode>
      <owner>0</owner>
      <group>113</group>
    </permissions>
    <timestamps>
      <atime>1796341357.679488626</atime>
      <mtime>1796341357.673284735</mtime>
      <ctime>1796341357.676689442</ctime>
      <btime>0</btime>
    </timestamps>
  </target>
  <backingStore>
    <path>/var/lib/voidvm/pool/vvt-xmlwt-base.qcow2</path>
    <format type='qcow2'/>
    <permissions>
      <mode>0600</mode>
      <owner>0</owner>
      <group>113</group>
    </permissions>
    <timestamps>
      <atime>1796341353.724480875</atime>
      <mtime>1796341353.682258243</mtime>
      <ctime>1796341353.723767215</ctime>
      <btime>0</btime>
    </timestamps>
  </backingStore>
</volume>

`;

const RAW = `<volume type='file'>
  <name>vvt-xmlwt-raw</name>
  <key>/var/lib/voidvm/pool/vvt-xmlwt-raw</key>
  <capacity unit='bytes'>1048576</capacity>
  <allocation unit='bytes'>1048576</allocation>
  <physical unit='bytes'>1048576</physical>
  <target>
    <path>/var/lib/voidvm/pool/vvt-xmlwt-raw</path>
    <format type='raw'/>
    <permissions>
      <mode>0600</mode>
      <owner>0</owner>
      <group>0</group>
    </permissions>
    <timestamps>
      <atime>1796341353.990407550</atime>
      <mtime>1796341353.989644908</mtime>
      <ctime>1796341353.989644908</ctime>
      <btime>0</btime>
    </timestamps>
  </target>
</volume>

`;

describe("parseVolumeXml", () => {
  it("reads path, sizes and format, unescaping the name in the path", async () => {
    assert.deepEqual(await parseVolumeXml(HOSTILE_QCOW2_ON_BACKING), {
      path: `/var/lib/voidvm/pool/vvt-xmlwt-a&b<c>'q"中.qcow2`,
      capacityBytes: 2097152,
      allocationBytes: 200704,
      format: "qcow2",
    });
  });

  it("reads a raw volume", async () => {
    assert.deepEqual(await parseVolumeXml(RAW), {
      path: "/var/lib/voidvm/pool/vvt-xmlwt-raw",
      capacityBytes: 1048576,
      allocationBytes: 1048576,
      format: "raw",
    });
  });

  it("refuses a document that is not a volume", async () => {
    await assert.rejects(parseVolumeXml("<pool type='dir'><name>voidvm</name></pool>"), /Expected libvirt <volume> XML but the document's root is <pool>/);
  });
});
