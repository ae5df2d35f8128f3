import { strict as assert } from "assert";
import { adminPortsNotPublic } from "../../../policy/rules/admin-port-forward";
import { context, resource, settingsFrom } from "./helpers";

const check = (rules: unknown[], config: object = {}) =>
  adminPortsNotPublic.violations(resource("PortForward", "fwd", { vm: "web", rules }), settingsFrom(adminPortsNotPublic.settings, config), context());

describe("policy admin-ports-not-public", () => {
  it("refuses a guest's SSH, RDP or VNC port forwarded on every host address, naming rule, ports and fix", () => {
    assert.deepEqual(check([{ hostPort: 2222, guestPort: 22 }]), [
      'PortForward "fwd" rules[0] forwards tcp port 2222 on every host address to guest port 22, an admin port (22; admin ports: 22, 3389, 5900-5999), ' +
        'so the guest\'s admin service is open to every network the host is on: set hostIp: "127.0.0.1" on the rule and reach it through an SSH tunnel, or a host address only trusted networks reach.',
    ]);
    assert.match(check([{ hostPort: 80 }, { hostPort: 3389, hostIp: "0.0.0.0" }])[0] ?? "", /rules\[1\] forwards tcp port 3389 on every host address to guest port 3389/);
    assert.match(check([{ hostPort: "5990-6010" }])[0] ?? "", /guest port 5990-6010, an admin port \(5900-5999;/);
  });

  it("passes admin ports bound to one host address, and other ports everywhere", () => {
    assert.deepEqual(check([{ hostPort: 2222, guestPort: 22, hostIp: "127.0.0.1" }, { hostPort: 8080, guestPort: 80 }, { protocol: "udp", hostPort: 6000 }]), []);
  });

  it("takes the admin ports from the policy config", () => {
    const config = { adminPorts: [8443, "9000-9001"] };
    assert.deepEqual(check([{ hostPort: 2222, guestPort: 22 }], config), []);
    assert.match(check([{ hostPort: 443, guestPort: 8443 }], config)[0] ?? "", /guest port 8443, an admin port \(8443; admin ports: 8443, 9000-9001\)/);
    assert.throws(() => settingsFrom(adminPortsNotPublic.settings, { adminPorts: ["ssh"] }), /admin-ports-not-public\.adminPorts\.0/);
  });
});
