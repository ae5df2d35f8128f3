import { strict as assert } from "assert";
import { foreignDevices } from "../../../provider/resources/vm/foreign-devices";
import { renderDomainXml } from "../../../provider/xml/render-domain";
import { DOMAIN_FIXTURES } from "../xml/domain-fixtures";

// Real `virsh dumpxml --inactive` output on the lab (libvirt 9.0): the VM's own root disk (vda) and
// interface (…:01), plus a scsi disk with its controller and an interface that other resources own.
const CURRENT = `<domain type='qemu'>
  <name>vvt-xmlwt-dom</name>
  <uuid>7627fb4b-ed71-467d-b49f-4799889bc264</uuid>
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
    <disk type='volume' device='disk'>
      <driver name='qemu' type='qcow2' cache='none'/>
      <source pool='voidvm' volume='vvt-xmlwt-data.qcow2'/>
      <target dev='sdb' bus='scsi'/>
      <serial>data-logs_1</serial>
      <address type='drive' controller='0' bus='0' target='0' unit='1'/>
    </disk>
    <controller type='scsi' index='0' model='virtio-scsi'>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x04' function='0x0'/>
    </controller>
    <controller type='usb' index='0' model='piix3-uhci'>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x2'/>
    </controller>
    <controller type='pci' index='0' model='pci-root'/>
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
    <input type='mouse' bus='ps2'/>
    <input type='keyboard' bus='ps2'/>
    <audio id='1' type='none'/>
    <memballoon model='virtio'>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x06' function='0x0'/>
    </memballoon>
  </devices>
</domain>

`;

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

describe("foreignDevices", () => {
  const owned = { diskTargets: ["vda"], macs: ["52:54:00:AA:00:01"] };

  it("writes the devices the VM does not own back verbatim when the VM is redefined", async () => {
    const spec = { ...DOMAIN_FIXTURES["direct-kernel-boot"]!, interfaces: [], preservedDevices: await foreignDevices(CURRENT, owned) };
    const devices = /<devices>\n([\s\S]*) {4}<input /.exec(renderDomainXml(spec))?.[1];
    assert.equal(devices, FOREIGN_DEVICES_RENDERED);
  });
});
