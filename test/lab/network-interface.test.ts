import { strict as assert } from "assert";
import { configureProvider } from "../../provider/config/configure";
import { gracefulStop } from "../../provider/libvirt/lifecycle";
import { virsh } from "../../provider/libvirt/virsh";
import { checkNic } from "../../provider/resources/network-interface/check";
import { createNic } from "../../provider/resources/network-interface/create";
import { deleteNic } from "../../provider/resources/network-interface/delete";
import { diffNic } from "../../provider/resources/network-interface/diff";
import type { NicOutputs } from "../../provider/resources/network-interface/outputs";
import { readNic } from "../../provider/resources/network-interface/read";
import { updateNic } from "../../provider/resources/network-interface/update";
import type { NicInputs } from "../../provider/resources/network-interface/schema";
import { readNetwork } from "../../provider/libvirt/dhcp-reservations";
import { freeAddress } from "../support/free-address";
import { checkVm } from "../../provider/resources/vm/check";
import { createVm } from "../../provider/resources/vm/create";
import { deleteVm } from "../../provider/resources/vm/delete";
import type { VmOutputs } from "../../provider/resources/vm/outputs";
import { virtualMachineProvider } from "../../provider/resources/vm/provider";
import type { VmInputs } from "../../provider/resources/vm/schema";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { guestVmInputs, httpGet } from "../support/guest";
import { labConnection, labHost, labSettings, testName } from "../support/lab";

function nicInputs(extra: Record<string, unknown>): NicInputs {
  const outcome = checkNic({}, { connection: labConnection(), source: labSettings().network, macSeed: testName("mac"), ...extra });
  if (outcome.failures) throw new Error(JSON.stringify(outcome.failures));
  return outcome.inputs;
}

async function domiflistMacs(vm: string): Promise<string[]> {
  const text = (await virsh(labHost(), ["domiflist", "--", vm])).stdout;
  return [...text.matchAll(/([0-9a-f]{2}(?::[0-9a-f]{2}){5})/gi)].map((m) => (m[1] ?? "").toLowerCase());
}

async function definitionHas(vm: string, mac: string): Promise<boolean> {
  return (await virsh(labHost(), ["dumpxml", "--inactive", "--", vm])).stdout.toLowerCase().includes(mac);
}

/** Polls a guest CGI until `predicate` holds (the guest reacts to hot-plug within seconds). */
async function guestUntil(url: string, predicate: (text: string) => boolean, what: string, timeoutMs = 120_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    last = await httpGet(url, 30_000).catch((e: Error) => e.message);
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`${what}: not seen within ${timeoutMs} ms; last answer of ${url}:\n${last}`);
}

/** The guest's interface name for a MAC (from /cgi-bin/links: `eth1 52:54:00:.. up`). */
function ifaceOf(links: string, mac: string): string | undefined {
  return links
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .find((parts) => parts[1]?.toLowerCase() === mac)?.[0];
}

async function reservationFor(mac: string): Promise<string | undefined> {
  const network = await readNetwork(labHost(), labSettings().network);
  return network?.ipv4.flatMap((s) => s.hosts).find((h) => h.mac === mac)?.ip;
}

describe("NetworkInterface on the lab (a real guest)", function () {
  this.timeout(600_000);
  let vmInputs: VmInputs;
  let vm: VmOutputs | undefined;
  let guestIp = "";

  before(async () => {
    await configureProvider({ get: (key) => (key === "voidvm:pool" ? labSettings().pool : undefined) });
    const outcome = checkVm({}, guestVmInputs(testName("nic"), { connection: labConnection() }));
    if (outcome.failures) throw new Error(JSON.stringify(outcome.failures));
    vmInputs = outcome.inputs;
    vm = (await createVm(vmInputs)).outs;
    guestIp = vm.ipAddresses[0] ?? "";
    assert.ok(guestIp, "the test guest got an address");
  });

  after(async () => {
    if (vm) await deleteVm(vm);
    closeAllConnections();
  });

  /** The VM's refresh and the preview after it: a NetworkInterface's NIC is not the VM's drift. */
  async function assertVmHasNoDrift(): Promise<void> {
    assert.ok(vm);
    const read = await virtualMachineProvider.read(vm.uuid, vm);
    const diff = virtualMachineProvider.diff(vm.uuid, read.props as VmOutputs, vmInputs);
    assert.equal((await diff).changes, false, `the VM reports drift: ${JSON.stringify((await diff).detailedDiff)}`);
  }

  it("hot-plugs a NIC into the running guest, which gets a DHCP lease on it; hot-unplug removes it; the VM shows no drift", async () => {
    const inputs = nicInputs({ vm: vmInputs.name });
    const { id, outs } = await createNic(inputs);
    let created: NicOutputs | undefined = outs;
    try {
      assert.equal(id, inputs.mac);
      assert.equal(outs.attached, true);
      assert.match(outs.targetDevice ?? "", /^vnet\d+$/, "the host-side device");
      assert.match(outs.ipAddress ?? "", /^192\.168\.\d+\.\d+$/, `a DHCP lease: ${JSON.stringify(outs)}`);
      assert.ok((await domiflistMacs(vmInputs.name)).includes(inputs.mac), "virsh domiflist shows it");
      assert.ok(await definitionHas(vmInputs.name, inputs.mac), "persisted in the definition");

      const links = await guestUntil(`http://${guestIp}/cgi-bin/links`, (t) => t.toLowerCase().includes(inputs.mac), "the guest sees the new NIC");
      const iface = ifaceOf(links, inputs.mac);
      assert.match(iface ?? "", /^eth[1-9]$/);
      await guestUntil(`http://${guestIp}/cgi-bin/ifaces`, (t) => t.split("\n").some((l) => l.trim() === `${iface} ${outs.ipAddress}`), `the guest has ${outs.ipAddress} on ${iface}`);

      const refreshed = await readNic(id, outs);
      assert.equal(diffNic(refreshed.props as NicOutputs, inputs).changes, false, "the NIC has no drift either");
      await assertVmHasNoDrift();

      await deleteNic(outs);
      created = undefined;
      assert.equal((await domiflistMacs(vmInputs.name)).includes(inputs.mac), false, "gone from domiflist");
      assert.equal(await definitionHas(vmInputs.name, inputs.mac), false, "gone from the definition");
      await guestUntil(`http://${guestIp}/cgi-bin/links`, (t) => t.includes("eth0") && !t.toLowerCase().includes(inputs.mac), "the guest lost the NIC");
      await assertVmHasNoDrift();
    } finally {
      if (created) await deleteNic(created).catch(() => undefined);
    }
  });

  it("a fixed address reservation gives the guest that address, also after the VM restarts; delete removes the reservation", async () => {
    const ip = await freeAddress();
    const inputs = nicInputs({ vm: vmInputs.name, fixedIpAddress: ip });
    const { outs } = await createNic(inputs);
    try {
      assert.equal(outs.fixedIpAddress, ip);
      assert.equal(outs.ipAddress, ip);
      assert.equal(await reservationFor(inputs.mac), ip, "the network has the reservation");
      const links = await guestUntil(`http://${guestIp}/cgi-bin/links`, (t) => t.toLowerCase().includes(inputs.mac), "the guest sees the NIC");
      const iface = ifaceOf(links, inputs.mac);
      await guestUntil(`http://${guestIp}/cgi-bin/ifaces`, (t) => t.split("\n").some((l) => l.trim() === `${iface} ${ip}`), `the guest has ${ip} on ${iface}`);

      // The NIC survives a cold restart of its VM (it is in the definition).
      await gracefulStop(labHost(), vmInputs.name, 30);
      await virsh(labHost(), ["start", "--", vmInputs.name]);
      await guestUntil(`http://${ip}/cgi-bin/links`, (t) => t.toLowerCase().includes(inputs.mac), "after the restart, the guest answers on the reserved address", 180_000);
      await assertVmHasNoDrift();
    } finally {
      await deleteNic(outs);
    }
    assert.equal(await reservationFor(inputs.mac), undefined, "the reservation is gone");
    assert.equal((await domiflistMacs(vmInputs.name)).includes(inputs.mac), false);
  });

  it("survives a cold change of its VM (graceful stop, redefine, start): the NIC is still there and in use", async () => {
    const inputs = nicInputs({ vm: vmInputs.name });
    const { outs } = await createNic(inputs);
    try {
      assert.ok(vm);
      const cold = { ...vmInputs, memory: { ...vmInputs.memory, maxSize: vmInputs.memory.size + 32 }, allowRestart: true };
      const read = (await virtualMachineProvider.read(vm.uuid, vm)).props as VmOutputs;
      vm = (await virtualMachineProvider.update(vm.uuid, read, cold)).outs;
      vmInputs = cold;
      assert.ok(await definitionHas(vmInputs.name, inputs.mac), "still in the definition after the redefine");
      assert.ok((await domiflistMacs(vmInputs.name)).includes(inputs.mac), "and in the running VM");
      const links = await guestUntil(`http://${guestIp}/cgi-bin/links`, (t) => t.toLowerCase().includes(inputs.mac), "the guest has the NIC after the restart", 180_000);
      const iface = ifaceOf(links, inputs.mac);
      await guestUntil(`http://${guestIp}/cgi-bin/ifaces`, (t) => t.split("\n").some((l) => l.trim().startsWith(`${iface} 192.168.`)), `the guest has an address on ${iface}`);
      const refreshed = await readNic(inputs.mac, outs);
      assert.equal(diffNic(refreshed.props as NicOutputs, inputs).changes, false, "the NIC shows no drift");
      await assertVmHasNoDrift();
    } finally {
      await deleteNic(outs);
    }
  });

  it("bandwidth limits the host kernel cannot enforce (no sfq here) fail in the user's terms, leaving nothing behind", async () => {
    const ip = await freeAddress();
    const inputs = nicInputs({ vm: vmInputs.name, fixedIpAddress: ip, bandwidth: { inbound: { average: 1000, peak: 2000, burst: 512 }, outbound: { average: 500 } } });
    const before = await domiflistMacs(vmInputs.name);
    await assert.rejects(createNic(inputs), (error: Error) => {
      assert.match(error.message, /cannot enforce the bandwidth limits/);
      assert.match(error.message, /traffic control/);
      assert.match(error.message, /remove bandwidth/);
      return true;
    });
    assert.deepEqual(await domiflistMacs(vmInputs.name), before, "no NIC was added");
    assert.equal(await definitionHas(vmInputs.name, inputs.mac), false);
    assert.equal(await reservationFor(inputs.mac), undefined, "the reservation made for it was removed again");

    // The live path (an update of an attached NIC's bandwidth) says the same.
    const plain = nicInputs({ vm: vmInputs.name });
    const { outs } = await createNic(plain);
    try {
      await assert.rejects(updateNic(outs, { ...plain, bandwidth: { inbound: { average: 1000 } } }), /cannot enforce the bandwidth limits/);
      const after = (await readNic(plain.mac, outs)).props as NicOutputs;
      assert.equal(after.attached, true);
      assert.equal(after.bandwidth, undefined, "no limit was half-applied");
    } finally {
      await deleteNic(outs);
    }
  });

  it("a VLAN tag on a plain Linux bridge network is refused before anything changes", async () => {
    const before = await domiflistMacs(vmInputs.name);
    await assert.rejects(createNic(nicInputs({ vm: vmInputs.name, vlan: 10 })), /VLAN tags need an Open vSwitch bridge.*Nothing was changed/s);
    await assert.rejects(createNic(nicInputs({ vm: vmInputs.name, type: "bridge", source: "virbr0", vlan: 10 })), /virbr0 is a Linux bridge, not an Open vSwitch bridge/);
    assert.deepEqual(await domiflistMacs(vmInputs.name), before);
  });

  it("refuses a VM that does not exist, and a fixed address outside the network, before anything changes", async () => {
    await assert.rejects(createNic(nicInputs({ vm: testName("absent") })), /does not exist on .* Create the VM first/);
    await assert.rejects(createNic(nicInputs({ vm: vmInputs.name, fixedIpAddress: "10.99.0.5" })), /not in an IPv4 subnet of libvirt network/);
  });
});
