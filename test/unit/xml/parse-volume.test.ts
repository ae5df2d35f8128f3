import { strict as assert } from "assert";
import { parseVolumeXml } from "../../../provider/xml/parse-volume";
import { virshOutput } from "../../support/virsh-output";

describe("parseVolumeXml", () => {
  it("reads path, sizes and format of a qcow2 volume on a backing volume, unescaping the name in the path", async () => {
    assert.deepEqual(await parseVolumeXml(virshOutput("vol-dumpxml-hostile-name-on-backing")), {
      path: `/var/lib/voidvm/pool/vvt-xmlwt-a&b<c>'q"中.qcow2`,
      capacityBytes: 2097152,
      allocationBytes: 200704,
      format: "qcow2",
    });
  });

  it("reads a raw volume", async () => {
    assert.deepEqual(await parseVolumeXml(virshOutput("vol-dumpxml-raw")), {
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
