import { strict as assert } from "assert";
import { parseSnapshotXml } from "../../../provider/xml/parse-snapshot";

// Shortened from real `virsh snapshot-dumpxml` output on the lab (libvirt 9.0).
const DISK_ONLY_RUNNING = `<domainsnapshot>
  <name>d1</name>
  <description>&apos;my desc&apos; &lt;&amp;&gt;
line2
[voidvm memory=no captured=running]</description>
  <state>shutoff</state>
  <creationTime>1795942575</creationTime>
  <memory snapshot='no'/>
  <disks>
    <disk name='vda' snapshot='internal'/>
  </disks>
  <domain type='qemu'>
    <name>vvt-snapx-1</name>
    <description>[voidvm memory=no captured=running schedule=not-this-one]</description>
  </domain>
</domainsnapshot>
`;

const SCHEDULED = `<domainsnapshot>
  <name>same-2</name>
  <description>[voidvm memory=no captured=running schedule=vvt-x]</description>
  <state>shutoff</state>
  <parent>
    <name>same</name>
  </parent>
  <creationTime>1795942638</creationTime>
  <memory snapshot='no'/>
  <disks>
    <disk name='vda' snapshot='internal'/>
  </disks>
  <domain type='qemu'><name>x</name></domain>
</domainsnapshot>
`;

const FULL_BY_HAND = `<domainsnapshot>
  <name>full2</name>
  <state>running</state>
  <creationTime>1795942100</creationTime>
  <memory snapshot='internal'/>
  <disks>
    <disk name='vda' snapshot='internal'/>
  </disks>
  <domain type='qemu'><name>x</name></domain>
</domainsnapshot>
`;

const EXTERNAL = `<domainsnapshot>
  <name>ext1</name>
  <state>disk-snapshot</state>
  <creationTime>1795942200</creationTime>
  <memory snapshot='no'/>
  <disks>
    <disk name='vda' snapshot='external' type='file'>
      <driver type='qcow2'/>
      <source file='/var/lib/voidvm/pool/vvt-snapx-root.ext1'/>
    </disk>
  </disks>
  <domain type='qemu'><name>x</name></domain>
</domainsnapshot>
`;

describe("parsing libvirt snapshot XML", () => {
  it("a VoidVM disk-only snapshot of a running VM (recorded by libvirt as shutoff)", async () => {
    const record = await parseSnapshotXml(DISK_ONLY_RUNNING, "other");
    assert.equal(record.name, "d1");
    assert.equal(record.description, "'my desc' <&>\nline2");
    assert.equal(record.kind, "disk-only");
    assert.equal(record.memory, false);
    assert.equal(record.capturedState, "running");
    assert.equal(record.libvirtState, "shutoff");
    assert.equal(record.location, "internal");
    assert.equal(record.revertible, true);
    assert.equal(record.madeBy, "voidvm");
    assert.equal(record.schedule, undefined, "the domain's own description is not the snapshot's");
    assert.equal(record.current, false);
    assert.equal(record.createdAt, "2026-11-29T08:56:15.000Z");
    assert.deepEqual(record.disks, [{ target: "vda", snapshot: "internal" }]);
  });

  it("a schedule's snapshot names its schedule and parent", async () => {
    const record = await parseSnapshotXml(SCHEDULED, "same-2");
    assert.equal(record.madeBy, "schedule");
    assert.equal(record.schedule, "vvt-x");
    assert.equal(record.parent, "same");
    assert.equal(record.current, true);
    assert.equal(record.description, undefined);
  });

  it("a full snapshot made outside VoidVM", async () => {
    const record = await parseSnapshotXml(FULL_BY_HAND);
    assert.equal(record.kind, "full");
    assert.equal(record.capturedState, "running");
    assert.equal(record.madeBy, "other");
    assert.equal(record.revertible, true);
  });

  it("an external snapshot is listed but not revertible on libvirt 9", async () => {
    const record = await parseSnapshotXml(EXTERNAL);
    assert.equal(record.location, "external");
    assert.equal(record.revertible, false);
    assert.deepEqual(record.disks, [{ target: "vda", snapshot: "external", file: "/var/lib/voidvm/pool/vvt-snapx-root.ext1" }]);
  });
});
