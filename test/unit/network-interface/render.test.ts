import { strict as assert } from "assert";
import { parseInterfaceXml } from "../../../provider/xml/parse-interface";
import { parseNetworkXml } from "../../../provider/xml/parse-network";
import { renderDhcpHostXml, renderInterfaceXml, type NicSpec } from "../../../provider/xml/render-interface";
import { golden } from "../../support/golden";

const FIXTURES: Record<string, NicSpec> = {
  "interface-network": { type: "network", source: "default", model: "virtio", mac: "52:54:00:12:34:56" },
  "interface-bridge-ovs-vlan": { type: "bridge", source: "ovsbr0", model: "virtio", mac: "52:54:00:ab:cd:ef", vlan: 10, openvswitch: true },
  "interface-bandwidth": {
    type: "network",
    source: "default",
    model: "e1000",
    mac: "52:54:00:00:00:01",
    bandwidth: { inbound: { average: 1000, peak: 5000, burst: 1024 }, outbound: { average: 128 } },
  },
  "interface-direct": { type: "direct", source: "eth0", model: "rtl8139", mac: "52:54:00:00:00:02" },
  "interface-user": { type: "user", model: "virtio", mac: "52:54:00:00:00:03" },
};

describe("renderInterfaceXml", () => {
  for (const [name, spec] of Object.entries(FIXTURES)) {
    it(`matches the golden file ${name}.xml`, () => {
      const xml = renderInterfaceXml(spec);
      assert.equal(xml, golden(name, xml));
    });

    it(`parses its own rendering of ${name} back to the same spec`, async () => {
      assert.deepEqual(await parseInterfaceXml(renderInterfaceXml(spec)), JSON.parse(JSON.stringify({ ...spec, mac: spec.mac.toLowerCase() })));
    });
  }

  it("writes bandwidth as libvirt's <bandwidth><inbound average peak burst/>", () => {
    const xml = renderInterfaceXml(FIXTURES["interface-bandwidth"]!);
    assert.match(xml, /<bandwidth>\s*<inbound average="1000" peak="5000" burst="1024"\/>\s*<outbound average="128"\/>\s*<\/bandwidth>/);
  });

  it("lowercases the MAC and renders a DHCP host entry on one line", () => {
    assert.match(renderInterfaceXml({ type: "network", source: "default", model: "virtio", mac: "52:54:00:AB:CD:EF" }), /address="52:54:00:ab:cd:ef"/);
    assert.equal(renderDhcpHostXml({ mac: "52:54:00:AB:CD:EF", ip: "192.168.122.50" }), '<host mac="52:54:00:ab:cd:ef" ip="192.168.122.50"/>');
  });
});

describe("parseNetworkXml", () => {
  it("reads the bridge, subnets, DHCP and reservations of libvirt's default network", async () => {
    const info = await parseNetworkXml(`<network>
  <name>default</name>
  <forward mode='nat'><nat><port start='1024' end='65535'/></nat></forward>
  <bridge name='virbr0' stp='on' delay='0'/>
  <ip address='192.168.122.1' netmask='255.255.255.0'>
    <dhcp>
      <range start='192.168.122.2' end='192.168.122.254'/>
      <host mac='52:54:00:AA:BB:CC' ip='192.168.122.50'/>
    </dhcp>
  </ip>
  <ip family='ipv6' address='fd00::1' prefix='64'/>
</network>`);
    assert.deepEqual(info, {
      name: "default",
      bridge: "virbr0",
      forwardMode: "nat",
      ipv4: [{ address: "192.168.122.1", prefix: 24, dhcp: true, hosts: [{ mac: "52:54:00:aa:bb:cc", ip: "192.168.122.50" }] }],
    });
  });
});
