import { strict as assert } from "assert";
import { isLoopback, vncLoopbackOrPassword } from "../../../policy/rules/vnc-exposure";
import { context, resource, settingsFrom } from "./helpers";

const check = (vnc: unknown) =>
  vncLoopbackOrPassword.violations(resource("VirtualMachine", "desk", { memory: { size: 1024 }, vnc }), settingsFrom(vncLoopbackOrPassword.settings), context());

describe("policy vnc-loopback-or-password", () => {
  it("refuses a VNC console on every address without a password, naming the address and both fixes", () => {
    const [message] = check({ listen: "0.0.0.0" });
    assert.match(message ?? "", /^VirtualMachine "desk" has a VNC console on every address of the host \(vnc\.listen "0\.0\.0\.0"\) without a password/);
    assert.match(message ?? "", /leave vnc\.listen out \(127\.0\.0\.1\) and use `voidvm vnc` \(an SSH tunnel\), or set vnc\.password/);
    assert.match(check({ listen: "192.168.1.20" })[0] ?? "", /VNC console on 192\.168\.1\.20 \(vnc\.listen/);
  });

  it("passes loopback consoles (the default), consoles with a password, disabled VNC and no VNC", () => {
    assert.deepEqual(check({}), []);
    assert.deepEqual(check({ listen: "127.0.0.5" }), []);
    assert.deepEqual(check({ listen: "::1" }), []);
    assert.deepEqual(check({ listen: "0.0.0.0", password: "s3cret" }), []);
    assert.deepEqual(check({ listen: "0.0.0.0", enabled: false }), []);
    assert.deepEqual(check(undefined), []);
  });

  it("knows loopback addresses", () => {
    assert.deepEqual(["127.0.0.1", "127.1.2.3", "::1", "0.0.0.0", "::", "10.0.0.1", "127.example"].map(isLoopback), [true, true, true, false, false, false, false]);
  });
});
