import { strict as assert } from "assert";
import type { DiskDeviceSpec } from "../../../provider/xml/domain-spec";
import { parseDomainXml } from "../../../provider/xml/parse-domain";
import { renderDiskDeviceXml, renderScsiControllerXml } from "../../../provider/xml/render-disk-device";
import { golden } from "../../support/golden";

const FIXTURES: Record<string, DiskDeviceSpec> = {
  "disk-virtio-volume": { device: "disk", source: { pool: "voidvm", volume: "data-1a2b3c4.qcow2" }, format: "qcow2", bus: "virtio", target: "vdb" },
  "disk-scsi-tuned": {
    device: "disk",
    source: { pool: "default", volume: "logs.raw" },
    format: "raw",
    bus: "scsi",
    target: "sdb",
    cache: "none",
    io: "native",
  },
  "disk-hostile-names": { device: "disk", source: { pool: "p<&>'\"", volume: "网站-数据 $(x); `y`.qcow2" }, format: "qcow2", bus: "sata", target: "sdc", cache: "writeback" },
};

describe("renderDiskDeviceXml", () => {
  for (const [name, spec] of Object.entries(FIXTURES)) {
    it(`matches the golden file ${name}.xml`, () => {
      const xml = renderDiskDeviceXml(spec);
      assert.equal(xml, golden(name, xml));
    });

    it(`${name} inside a domain parses back to the same spec`, async () => {
      const device = renderDiskDeviceXml(spec).replace(/^/gm, "    ");
      const domain = `<domain type='qemu'><name>x</name><memory>1024</memory><vcpu>1</vcpu><os><type>hvm</type></os><devices>\n${device}</devices></domain>`;
      assert.deepEqual((await parseDomainXml(domain)).disks, [spec]);
    });
  }

  it("escapes markup in pool and volume names", () => {
    const xml = renderDiskDeviceXml(FIXTURES["disk-hostile-names"]!);
    assert.match(xml, /pool="p&lt;&amp;>'&quot;"/);
    assert.doesNotMatch(xml, /<&>/);
  });

  it("renders the virtio-scsi controller with index 0", () => {
    assert.equal(renderScsiControllerXml(), `<controller type="scsi" index="0" model="virtio-scsi"/>\n`);
  });
});
