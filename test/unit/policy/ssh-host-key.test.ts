import { strict as assert } from "assert";
import { sshHostKeyVerified } from "../../../policy/rules/ssh-host-key";
import type { PolicyContext } from "../../../policy/support/voidvm-policy";
import { context, resource, settingsFrom } from "./helpers";

const check = (connection: unknown, stack: PolicyContext["stack"] = {}) =>
  sshHostKeyVerified.violations(resource("Disk", "data", { size: 20, connection }), settingsFrom(sshHostKeyVerified.settings), context(stack));

describe("policy ssh-host-key-verified", () => {
  it("refuses connection.insecureIgnoreHostKey on any VoidVM resource, saying how to pin the key", () => {
    const [message] = check({ host: "10.0.0.5", insecureIgnoreHostKey: true });
    assert.match(message ?? "", /^Disk "data" sets connection\.insecureIgnoreHostKey: true, .*pin the host key instead: connection\.hostKey "SHA256:\.\.\."/);
    assert.deepEqual(sshHostKeyVerified.kinds.length, 7);
  });

  it("refuses it from stack config unless the resource's own connection says false", () => {
    assert.match(check(undefined, { insecureIgnoreHostKey: true })[0] ?? "", /inherits voidvm:insecureIgnoreHostKey = true from stack config.*pulumi config rm voidvm:insecureIgnoreHostKey/);
    assert.deepEqual(check({ insecureIgnoreHostKey: false }, { insecureIgnoreHostKey: true }), []);
  });

  it("refuses an unverified jump host, from the connection or from voidvm:proxy", () => {
    assert.match(check({ proxy: { host: "bastion", insecureIgnoreHostKey: true } })[0] ?? "", /through a jump host with connection\.proxy\.insecureIgnoreHostKey: true/);
    assert.match(check(undefined, { proxy: { host: "bastion", insecureIgnoreHostKey: true } })[0] ?? "", /voidvm:proxy \(stack config\)/);
    // The resource's own proxy replaces the stack's whole.
    assert.deepEqual(check({ proxy: { host: "bastion2", hostKey: "SHA256:x" } }, { proxy: { host: "bastion", insecureIgnoreHostKey: true } }), []);
  });

  it("passes verified connections", () => {
    assert.deepEqual(check({ host: "10.0.0.5", hostKey: "SHA256:abc" }), []);
    assert.deepEqual(check(undefined), []);
  });
});
