import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { virsh } from "../../provider/libvirt/virsh";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { httpGet } from "../support/guest";
import { labHost, REPO_ROOT } from "../support/lab";
import { PulumiProgram } from "../support/pulumi-program";
import { labStackConfig, privateKeyFragments } from "../support/stack-config";

describe("the quickstart through the real Pulumi CLI", function () {
  this.timeout(900_000);
  let program: PulumiProgram;
  let vmName = "";

  before(async () => {
    program = await PulumiProgram.create({
      name: "quickstart",
      source: readFileSync(join(REPO_ROOT, "examples", "quickstart", "index.ts"), "utf8"),
      ...labStackConfig(),
    });
  });

  after(async () => {
    if (vmName) await program.destroy().catch(() => undefined);
    program.remove();
    closeAllConnections();
  });

  it("pulumi up creates a running domain that boots the test guest and answers HTTP, in 2 round trips", async () => {
    program.clearTransportCounts();
    await program.up();
    // The host's capabilities (once per host and run), then one script that does the whole create.
    assert.deepEqual(program.transportCounts(), { connections: 1, execs: 2 });
    const outputs = await program.outputs();
    vmName = String(outputs.vmName);
    assert.match(vmName, /^web-[0-9a-f]{7}$/, `autonamed from the resource name, got ${JSON.stringify(outputs)}`);
    assert.equal(outputs.state, "running");
    assert.equal((await virsh(labHost(), ["domstate", "--", vmName])).stdout.trim(), "running");
    assert.match(await httpGet(String(outputs.url)), /voidvm test guest/);
  });

  it("a second pulumi preview shows no changes and opens no SSH connection", async () => {
    program.clearTransportCounts();
    const preview = await program.preview(["--expect-no-changes"]);
    assert.equal(preview.code, 0, preview.stdout + preview.stderr);
    assert.doesNotMatch(preview.stdout, /__provider/);
    assert.deepEqual(program.transportCounts(), { connections: 0, execs: 0 });
  });

  it("refresh finds no drift in 1 round trip, and the preview after it is still empty", async () => {
    program.clearTransportCounts();
    await program.refresh();
    assert.deepEqual(program.transportCounts(), { connections: 1, execs: 1 });
    const preview = await program.preview(["--expect-no-changes"]);
    assert.equal(preview.code, 0, preview.stdout + preview.stderr);
  });

  it("the state files hold no private key in plain text", () => {
    const state = program.stateFiles();
    assert.ok(state.includes(vmName), "the state was found and describes the VM");
    assert.doesNotMatch(state, /PRIVATE KEY/);
    for (const fragment of privateKeyFragments()) assert.ok(!state.includes(fragment), "a private key line is in the state");
  });

  it("pulumi destroy leaves no domain behind, in 1 round trip", async () => {
    program.clearTransportCounts();
    await program.destroy();
    assert.deepEqual(program.transportCounts(), { connections: 1, execs: 1 });
    const state = await virsh(labHost(), ["domstate", "--", vmName], { allowFailure: true });
    assert.notEqual(state.exitCode, 0);
    assert.match(state.stderr, /failed to get domain/);
    vmName = "";
  });
});
