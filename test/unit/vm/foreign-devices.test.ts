import { strict as assert } from "assert";
import { foreignDevices } from "../../../provider/resources/vm/foreign-devices";
import { renderDomainXml } from "../../../provider/xml/render-domain";
import { virshOutput } from "../../support/virsh-output";
import { DOMAIN_FIXTURES } from "../xml/domain-fixtures";

const FOREIGN_DEVICES_RENDERED = `    <disk type="volume" device="disk">
      <driver name="qemu" type="qcow2" cache="none"/>
      <source pool="voidvm" volume="vvt-xmlwt-data.qcow2"/>
      <target dev="sdb" bus="scsi"/>
      <serial>data-logs_1</serial>
      <address type="drive" controller="0" bus="0" target="0" unit="1"/>
    </disk>
    <controller type="scsi" index="0" model="virtio-scsi">
      <address type="pci" domain="0x0000" bus="0x00" slot="0x04" function="0x0"/>
    </controller>
    <interface type="network">
      <mac address="52:54:00:aa:00:02"/>
      <source network="default"/>
      <bandwidth>
        <inbound average="1000" peak="2000" burst="512"/>
      </bandwidth>
      <model type="e1000"/>
      <address type="pci" domain="0x0000" bus="0x00" slot="0x03" function="0x0"/>
    </interface>
`;

// The VM owns the root disk (vda) and the interface ...:01; a scsi disk with its controller and
// the interface ...:02 belong to other resources.
const CURRENT = virshOutput("dumpxml-inactive-foreign-devices");

describe("foreignDevices", () => {
  const owned = { diskTargets: ["vda"], macs: ["52:54:00:AA:00:01"] };

  it("writes the devices the VM does not own back verbatim when the VM is redefined", async () => {
    const spec = { ...DOMAIN_FIXTURES["direct-kernel-boot"]!, interfaces: [], preservedDevices: await foreignDevices(CURRENT, owned) };
    const devices = /<devices>\n([\s\S]*) {4}<serial /.exec(renderDomainXml(spec))?.[1];
    assert.equal(devices, FOREIGN_DEVICES_RENDERED);
  });
});
