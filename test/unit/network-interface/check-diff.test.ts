import { strict as assert } from "assert";
import { foreignReservation, parseLeases, parseOwners, reservationProblem, type NetworkState } from "../../../provider/libvirt/dhcp-reservations";
import { explainAttachFailure } from "../../../provider/libvirt/interfaces";
import { checkNic, generatedMac } from "../../../provider/resources/network-interface/check";
import { diffNic } from "../../../provider/resources/network-interface/diff";
import type { NicOutputs } from "../../../provider/resources/network-interface/outputs";
import type { NicInputs } from "../../../provider/resources/network-interface/schema";

function inputs(extra: Record<string, unknown> = {}, olds: Record<string, unknown> = {}): NicInputs {
  const outcome = checkNic(olds, { vm: "web", source: "default", macSeed: "proj/dev/lan", ...extra });
  if (outcome.failures) throw new Error(JSON.stringify(outcome.failures));
  return outcome.inputs;
}

function outputs(nic: NicInputs, extra: Partial<NicOutputs> = {}): NicOutputs {
  return { ...nic, attached: true, ...extra };
}

describe("NetworkInterface check", () => {
  it("fills defaults and a MAC that is stable for the same resource and different for another", () => {
    const a = inputs();
    assert.equal(a.type, "network");
    assert.equal(a.model, "virtio");
    assert.match(a.mac, /^52:54:00(:[0-9a-f]{2}){3}$/);
    assert.equal(a.autoMac, true);
    assert.equal(inputs().mac, a.mac, "the same seed gives the same MAC in preview and update");
    assert.notEqual(inputs({ macSeed: "proj/dev/other" }).mac, a.mac);
    assert.equal(generatedMac("x"), generatedMac("x"));
  });

  it("keeps a generated MAC from the old inputs, and takes a given MAC as it is (lowercased)", () => {
    assert.equal(inputs({ macSeed: "changed" }, { mac: "52:54:00:01:02:03", autoMac: true }).mac, "52:54:00:01:02:03");
    const given = inputs({ mac: "52:54:00:AA:BB:CC" });
    assert.equal(given.mac, "52:54:00:aa:bb:cc");
    assert.equal(given.autoMac, false);
  });

  it("accepts the product docs' bridge: alias for source", () => {
    const nic = inputs({ source: undefined, type: undefined, bridge: "br0" });
    assert.equal(nic.type, "bridge");
    assert.equal(nic.source, "br0");
  });

  it("reports every problem at once, in the user's terms", () => {
    const fields = checkNic({}, { vm: "web", source: "default", mac: "53:54:00:00:00:01", vlan: 5000, fixedIpAddress: "not-an-ip" });
    const byField = Object.fromEntries((fields.failures ?? []).map((f) => [f.property, f.reason]));
    assert.match(byField.mac ?? "", /unicast/);
    assert.match(byField.fixedIpAddress ?? "", /IPv4/);
    assert.ok(byField.vlan);
    // Rules across fields (zod runs them once every field is valid), also all at once:
    const outcome = checkNic({}, { vm: "web", type: "user", source: "default", vlan: 10, bandwidth: { inbound: { average: 100, peak: 50 } }, macSeed: "s" });
    const byProperty = Object.fromEntries((outcome.failures ?? []).map((f) => [f.property, f.reason]));
    assert.match(byProperty.source ?? "", /no source/);
    assert.match(byProperty.vlan ?? "", /Open vSwitch/);
    assert.match(byProperty.bandwidth ?? "", /user \(SLIRP\)/);
    assert.match(byProperty["bandwidth.inbound.peak"] ?? "", /at least average/);
  });

  it("refuses a fixed address on anything but a libvirt network", () => {
    const outcome = checkNic({}, { vm: "web", type: "bridge", source: "br0", fixedIpAddress: "10.0.0.5", macSeed: "s" });
    assert.match(JSON.stringify(outcome.failures), /DHCP reservation on a libvirt-managed network/);
  });
});

describe("NetworkInterface diff", () => {
  it("shows no change for the same inputs", () => {
    const nic = inputs();
    assert.equal(diffNic(outputs(nic), nic).changes, false);
  });

  it("replaces (detach + attach) on a MAC, model, source or VLAN change, deleting first", () => {
    const nic = inputs();
    for (const change of [{ mac: "52:54:00:99:99:99" }, { model: "e1000" }, { source: "other" }, { vlan: 5 }]) {
      const diff = diffNic(outputs(nic), inputs(change));
      assert.equal(diff.replaces.length, 1, JSON.stringify(change));
      assert.equal(diff.deleteBeforeReplace, true);
    }
  });

  it("updates in place for bandwidth and the fixed address, and re-attaches a missing interface", () => {
    const nic = inputs();
    assert.deepEqual(diffNic(outputs(nic), inputs({ bandwidth: { inbound: { average: 10 } } })).replaces, []);
    assert.equal(diffNic(outputs(nic), inputs({ fixedIpAddress: "192.168.122.50" })).detailedDiff.fixedIpAddress?.kind, "update");
    const missing = diffNic(outputs(nic, { attached: false }), nic);
    assert.equal(missing.changes, true);
    assert.deepEqual(missing.replaces, []);
    const replacedVm = diffNic(outputs(inputs({ vmUuid: "a" })), inputs({ vmUuid: "b" }));
    assert.deepEqual(Object.keys(replacedVm.detailedDiff), ["vmUuid"]);
  });
});

describe("DHCP reservations", () => {
  const network: NetworkState = {
    name: "default",
    bridge: "virbr0",
    active: true,
    persistent: true,
    ipv4: [{ address: "192.168.122.1", prefix: 24, dhcp: true, hosts: [{ mac: "52:54:00:00:00:09", ip: "192.168.122.9" }] }],
    owners: new Map(),
  };
  const mac = "52:54:00:00:00:01";

  it("accepts a free host address of the subnet", () => {
    assert.equal(reservationProblem(network, mac, "192.168.122.50", []), undefined);
  });

  it("refuses addresses outside the subnet, special addresses, and addresses someone else holds", () => {
    assert.match(reservationProblem(network, mac, "10.0.0.5", []) ?? "", /not in an IPv4 subnet .* 192\.168\.122\.0\/24/);
    assert.match(reservationProblem(network, mac, "192.168.122.255", []) ?? "", /broadcast/);
    assert.match(reservationProblem(network, mac, "192.168.122.1", []) ?? "", /host's own address/);
    assert.match(reservationProblem(network, mac, "192.168.122.9", []) ?? "", /already reserved .* 52:54:00:00:00:09/);
    const leases = parseLeases(" 2026-11-29 09:50:43   52:54:00:aa:bb:01   ipv4   192.168.122.55/24   -   01:52:54:00:aa:bb:01\n");
    assert.match(reservationProblem(network, mac, "192.168.122.55", leases) ?? "", /currently leased .* 52:54:00:aa:bb:01/);
  });

  it("names the owner of a reservation in the way, or says it carries no mark", () => {
    const marked = { ...network, owners: parseOwners("52:54:00:00:00:09 proj/other/NetworkInterface/nic 1\n") };
    assert.match(reservationProblem(marked, mac, "192.168.122.9", []) ?? "", /another VoidVM resource \(proj\/other\/NetworkInterface\/nic 1\)/);
    assert.match(reservationProblem(network, mac, "192.168.122.9", []) ?? "", /no VoidVM owner mark/);
  });

  it("a reservation of the same MAC is foreign unless its mark names the same owner", () => {
    const own = "proj/dev/NetworkInterface/nic";
    const entry = "52:54:00:00:00:09";
    assert.equal(foreignReservation(network, mac, own), undefined, "no reservation of this MAC");
    assert.deepEqual(foreignReservation(network, entry, own), { ip: "192.168.122.9", owner: undefined }, "unmarked");
    const marked = (owner: string) => ({ ...network, owners: parseOwners(`${entry.toUpperCase()} ${owner}`) });
    assert.equal(foreignReservation(marked(own), entry, own), undefined, "this owner's own leftover");
    assert.deepEqual(foreignReservation(marked("proj/prod/NetworkInterface/nic"), entry, own), { ip: "192.168.122.9", owner: "proj/prod/NetworkInterface/nic" });
    assert.ok(foreignReservation(marked(own), entry, undefined), "state from before owners takes over nothing");
  });
});

describe("attach failures in the user's terms", () => {
  const nic = { type: "network" as const, source: "default", model: "virtio" as const, mac: "52:54:00:00:00:01" };
  it("explains the missing sfq qdisc as missing traffic-control support", () => {
    const message = explainAttachFailure("web", nic, "error: Failed to attach device\nerror: internal error: Child process (tc qdisc add dev vnet5 root handle 1: htb default 1) unexpected exit status 2: Error: Specified qdisc kind is unknown.");
    assert.match(message, /cannot enforce the bandwidth limits/);
    assert.match(message, /remove bandwidth/);
    assert.match(message, /Nothing was changed/);
  });
});
