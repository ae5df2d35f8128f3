import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { virsh } from "../../provider/libvirt/virsh";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { runCommand } from "../support/fresh-clone";
import { labHost, labSettings, REPO_ROOT, secondLabHost, secondLabSettings, testName } from "../support/lab";
import { PulumiProgram } from "../support/pulumi-program";
import { labStackConfig } from "../support/stack-config";

const SECOND_HOST_SCRIPT = join(REPO_ROOT, "scripts", "lab", "second-host.sh");

/** Runs a second-host.sh command on this machine (the lab runs as root): sshd-stop, sshd-start, enter ... */
function secondHost(...args: string[]): string {
  return runCommand("bash", [SECOND_HOST_SCRIPT, ...args], REPO_ROOT).stdout;
}

describe("examples/two-hosts through the real Pulumi CLI: VMs spread over two libvirt hosts in one stack", function () {
  this.timeout(1_200_000);
  const prefix = testName("2h");
  const first = `${labSettings().host}:${labSettings().port}`;
  const second = `${secondLabSettings().host}:${secondLabSettings().port}`;
  let program: PulumiProgram;

  const domainsOn = async (which: "a" | "b"): Promise<string[]> => {
    const result = await virsh(which === "a" ? labHost() : secondLabHost(), ["list", "--all", "--name"]);
    return result.stdout.split("\n").map((name) => name.trim()).filter((name) => name.startsWith(`${prefix}-`)).sort();
  };
  const placeVms = (vms: Record<string, { host: "a" | "b"; description?: string }>) => program.cli(["config", "set", "two-hosts:vms", JSON.stringify(vms)]);

  before(async () => {
    const lab = labSettings();
    const other = secondLabSettings();
    const hosts = {
      a: { host: lab.host, port: lab.port, hostKey: lab.hostKey, network: lab.network },
      b: { host: other.host, port: other.port, hostKey: other.hostKey, network: other.network },
    };
    const { config, secrets } = labStackConfig(
      { "two-hosts:hosts": JSON.stringify(hosts), "two-hosts:namePrefix": prefix, "two-hosts:vms": JSON.stringify({ a1: { host: "a" }, a2: { host: "a" }, b1: { host: "b" } }) },
      "two-hosts",
    );
    program = await PulumiProgram.create({ name: "two-hosts", source: readFileSync(join(REPO_ROOT, "examples", "two-hosts", "index.ts"), "utf8"), config, secrets });
  });

  after(async () => {
    secondHost("sshd-start");
    await program?.destroy().catch((error: Error) => console.error(`cleanup: ${error.message}`));
    program?.remove();
    for (const host of [labHost(), secondLabHost()]) {
      for (const name of (await virsh(host, ["list", "--all", "--name"])).stdout.split("\n").filter((n) => n.startsWith(`${prefix}-`))) {
        await virsh(host, ["destroy", "--", name], { allowFailure: true });
        await virsh(host, ["undefine", "--", name], { allowFailure: true });
      }
    }
    closeAllConnections();
  });

  it("pulumi up puts each VM on its own host, with one pooled SSH connection per host", async () => {
    program.clearTransportCounts();
    await program.up();
    assert.deepEqual(await domainsOn("a"), [`${prefix}-a1`, `${prefix}-a2`]);
    assert.deepEqual(await domainsOn("b"), [`${prefix}-b1`]);
    assert.deepEqual((await program.outputs()).placement, { a1: `${prefix}-a1@a`, a2: `${prefix}-a2@a`, b1: `${prefix}-b1@b` });
    // Per host: its capabilities once, then one create script per VM; the two creates on the
    // first host share its one connection, and the second host has a connection of its own.
    assert.deepEqual(program.transportCountsByEndpoint(), { [first]: { connections: 1, execs: 3 }, [second]: { connections: 1, execs: 2 } });
  });

  it("moving a VM to the other host replaces it, and the preview says so", async () => {
    await placeVms({ a1: { host: "a" }, a2: { host: "b" }, b1: { host: "b" } });
    const preview = await program.preview();
    assert.equal(preview.code, 0, preview.stdout + preview.stderr);
    const text = preview.stdout + preview.stderr;
    assert.match(text, new RegExp(`voidvm: VirtualMachine ${prefix}-a2: replaced \\(connection\\)`), text);
    assert.match(text, /1 to replace/, text);
    assert.doesNotMatch(text, new RegExp(`VirtualMachine ${prefix}-(a1|b1):`), "the other VMs do not change");
    await program.up();
    assert.deepEqual(await domainsOn("a"), [`${prefix}-a1`]);
    assert.deepEqual(await domainsOn("b"), [`${prefix}-a2`, `${prefix}-b1`]);
  });

  it("when one host is unreachable, the other host's changes are applied and its resources stay correct", async () => {
    await placeVms({ a1: { host: "a", description: "changed while b was down" }, a2: { host: "b" }, b1: { host: "b", description: "changed while b was down" } });
    secondHost("sshd-stop");
    let failed;
    try {
      failed = await program.cli(["up", "--yes", "--skip-preview"], { allowFailure: true });
    } finally {
      secondHost("sshd-start");
    }
    assert.notEqual(failed.code, 0, "the up must fail: the second host cannot be reached");
    assert.match(failed.stdout + failed.stderr, new RegExp(`Could not connect to ${second.replace(/\./g, "\\.")}`), failed.stdout + failed.stderr);
    const description = async (which: "a" | "b", vm: string) => (await virsh(which === "a" ? labHost() : secondLabHost(), ["desc", "--", `${prefix}-${vm}`])).stdout.trim();
    assert.equal(await description("a", "a1"), "changed while b was down", "the first host's change was applied");
    assert.equal(await description("b", "b1"), "b1 on host b", "the unreachable host's VM is as it was");
    assert.deepEqual(await domainsOn("a"), [`${prefix}-a1`]);
    assert.deepEqual(await domainsOn("b"), [`${prefix}-a2`, `${prefix}-b1`]);
    // The state knows exactly what happened: only the second host's change is still to do.
    const preview = await program.preview();
    const text = preview.stdout + preview.stderr;
    assert.match(text, new RegExp(`voidvm: VirtualMachine ${prefix}-b1: live, no restart: description`), text);
    assert.doesNotMatch(text, new RegExp(`VirtualMachine ${prefix}-a1:`), text);
    await program.up();
    assert.equal(await description("b", "b1"), "changed while b was down");
    const clean = await program.preview(["--expect-no-changes"]);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  });

  it("pulumi destroy removes the VMs from both hosts", async () => {
    await program.destroy();
    assert.deepEqual(await domainsOn("a"), []);
    assert.deepEqual(await domainsOn("b"), []);
  });
});
