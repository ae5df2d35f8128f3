import { strict as assert } from "assert";
import { checkPortForward } from "../../../provider/resources/port-forward/check";
import type { PortForwardInputs } from "../../../provider/resources/port-forward/schema";
import { diffPortForward } from "../../../provider/resources/port-forward/diff";
import type { PortForwardOutputs } from "../../../provider/resources/port-forward/outputs";

function inputs(extra: Record<string, unknown> = {}): PortForwardInputs {
  const outcome = checkPortForward({}, { vm: "web", rules: [{ hostPort: 8080, guestPort: 80 }], ...extra });
  if (outcome.failures) throw new Error(JSON.stringify(outcome.failures));
  return outcome.inputs;
}

function outputs(pf: PortForwardInputs, extra: Partial<PortForwardOutputs> = {}): PortForwardOutputs {
  return { ...pf, forwardId: "pf-0123456789ab", forwardedTo: "192.168.122.5", guestAddress: "192.168.122.5", ...extra };
}

describe("PortForward check", () => {
  it("writes every rule in one normal form", () => {
    assert.deepEqual(inputs({ rules: [{ hostPort: 8080 }, { protocol: "udp", hostPort: "7000-7010", hostIp: "0.0.0.0" }, { hostPort: "22-22", guestPort: 2222, hostIp: "127.0.0.1" }] }).rules, [
      { protocol: "tcp", hostPort: 8080, guestPort: 8080 },
      { protocol: "udp", hostPort: "7000-7010", guestPort: "7000-7010" },
      { protocol: "tcp", hostPort: 22, guestPort: 2222, hostIp: "127.0.0.1" },
    ]);
  });

  it("reports every problem at once", () => {
    const outcome = checkPortForward({}, { vm: "web", rules: [{ hostPort: 70000 }, { hostPort: "9000-9005", guestPort: "100-105" }, { hostPort: 80, protocol: "sctp" }] });
    const props = (outcome.failures ?? []).map((f) => f.property);
    assert.ok(props.includes("rules[0].hostPort"));
    assert.ok(props.includes("rules[2].protocol"));
    const shifted = checkPortForward({}, { vm: "web", rules: [{ hostPort: "9000-9005", guestPort: "100-105" }] });
    assert.match(JSON.stringify(shifted.failures), /same port numbers in the guest/);
  });

  it("refuses two rules of one forward on the same host port", () => {
    const outcome = checkPortForward({}, { vm: "web", rules: [{ hostPort: "8000-8010" }, { hostPort: 8005, hostIp: "127.0.0.1" }] });
    assert.match(JSON.stringify(outcome.failures), /overlaps rules\[0\]/);
  });
});

describe("PortForward diff", () => {
  it("shows no change when the host has the rules pointing at the guest's address", () => {
    const pf = inputs();
    assert.equal(diffPortForward(outputs(pf), pf).changes, false);
  });

  it("shows drift when the rules point at a stale address or a rule is missing", () => {
    const pf = inputs();
    const stale = diffPortForward(outputs(pf, { guestAddress: "192.168.122.99" }), pf);
    assert.equal(stale.changes, true);
    assert.deepEqual(stale.replaces, []);
    assert.equal(stale.detailedDiff.guestIp?.kind, "update");
    assert.equal(diffPortForward(outputs(pf, { rules: [] }), pf).detailedDiff.rules?.kind, "update");
  });

  it("updates in place for new rules, another VM or NIC; replaces only for another host", () => {
    const pf = inputs();
    assert.deepEqual(diffPortForward(outputs(pf), inputs({ rules: [{ hostPort: 8081, guestPort: 80 }] })).replaces, []);
    assert.deepEqual(diffPortForward(outputs(pf), inputs({ vm: "db" })).replaces, []);
    assert.deepEqual(diffPortForward(outputs(pf), inputs({ connection: { host: "other" } })).replaces, ["connection"]);
  });
});
