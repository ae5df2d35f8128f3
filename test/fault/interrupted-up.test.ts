import { strict as assert } from "assert";
import { spawn } from "child_process";
import { virsh } from "../../provider/libvirt/virsh";
import { forwardIdOf, renderForwardRules } from "../../provider/nft/forward-rules";
import { readHostSnapshot } from "../../provider/nft/voidvm-table";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { httpGet } from "../support/guest";
import { killTree } from "../support/process-tree";
import { labHost, labSettings, testName } from "../support/lab";
import { PulumiProgram } from "../support/pulumi-program";
import { labStackConfig } from "../support/stack-config";
import { domainsNamed, guestVmArgs, removeEverythingNamed, volumesNamed, waitUntil } from "./support";

const COUNT = 5;

/**
 * Five autonamed VMs, each with a root disk, a hot-plugged NIC and a port forward to its web
 * server. No names are given: what the rerun finds again, it finds by the owner-seeded names.
 */
const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import * as voidvm from "@voidvm/pulumi";
const t = new pulumi.Config("t");
const prefix = t.require("prefix");
const base = t.requireNumber("port");
const network = t.require("network");
export const vms: pulumi.Output<string>[] = [];
export const forwardIds: pulumi.Output<string>[] = [];
for (let i = 0; i < ${COUNT}; i++) {
  // waitForIp: the forwards need the guest's address, and TCG boots slowly on a busy machine.
  const vm = new voidvm.VirtualMachine(\`\${prefix}-\${i}\`, ${guestVmArgs("\n    waitForIp: 300,")});
  new voidvm.NetworkInterface(\`\${prefix}-nic-\${i}\`, { vm, source: network });
  const forward = new voidvm.PortForward(\`\${prefix}-web-\${i}\`, { vm, rules: [{ hostPort: base + i, guestPort: 80 }] });
  vms.push(vm.name);
  forwardIds.push(forward.forwardId);
}
`;

describe("pulumi up killed with SIGKILL half-way through 5 VMs with disks, NICs and forwards", function () {
  this.timeout(1_800_000);
  const prefix = testName("kill");
  const port = 32000 + Math.floor(Math.random() * 500) * 8;
  const ports = Array.from({ length: COUNT }, (_, i) => port + i);
  let program: PulumiProgram;

  const ourDomains = () => domainsNamed(prefix);
  const ourVolumes = () => volumesNamed(prefix);
  /** VoidVM's nft rules: the forward ids of all, and of those that take one of this test's host ports. */
  const forwardRules = async () => {
    const rules = (await readHostSnapshot(labHost())).rules ?? [];
    const ids = rules.map((r) => forwardIdOf(r.comment) ?? "untagged");
    const onOurPorts = rules.filter((r) => ports.some((p) => new RegExp(`dport ${p}\\b`).test(r.body))).map((r) => forwardIdOf(r.comment) ?? "untagged");
    return { ids, onOurPorts };
  };

  before(async () => {
    const { config, secrets } = labStackConfig({ "t:prefix": prefix, "t:port": String(port), "voidvm:sudo": "true" }, "t");
    program = await PulumiProgram.create({ name: "interrupted", source: PROGRAM, config, secrets });
  });

  after(async () => {
    await program.destroy().catch(() => undefined);
    program.remove();
    await removeEverythingNamed(prefix);
    closeAllConnections();
  });

  it("SIGKILL of `pulumi up` and every process it started while the VMs are being made leaves a partial stack", async () => {
    const child = spawn("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive"], { cwd: program.dir, env: program.environment(), stdio: "ignore" });
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    await waitUntil("two VMs of the up", async () => (await ourDomains()).length >= 2, 600_000, 200);
    // The CLI, the language host, the program and the provider plugins (in process groups of their own).
    killTree(child.pid!);
    await exited;
    const state = JSON.parse((await program.cli(["stack", "export"])).stdout) as { deployment: { resources?: unknown[] } };
    const recorded = (state.deployment.resources ?? []).length;
    // 5 × (VM, NIC, forward) + the stack + the provider: the kill came before all of them were recorded.
    assert.ok(recorded < 3 * COUNT + 2, `the kill came too late: ${recorded} resources recorded`);
  });

  it("`pulumi cancel`, `pulumi refresh --clear-pending-creates`, `pulumi up` converge: every object once, nothing orphaned", async () => {
    // The killed run still holds the stack's lock; `pulumi cancel` removes it.
    await program.cli(["cancel", "--yes"]);
    await program.cli(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
    await program.up();
    const outputs = (await program.outputs()) as { vms: string[]; forwardIds: string[] };

    assert.deepEqual(await ourDomains(), [...outputs.vms].sort(), "exactly the stack's VMs exist: no duplicate under another name");
    assert.deepEqual((await ourVolumes()).sort(), outputs.vms.map((vm) => `${vm}-root.qcow2`).sort(), "one root volume per VM, no orphan");
    for (const vm of outputs.vms) {
      const macs = (await virsh(labHost(), ["domiflist", "--", vm])).stdout.match(/([0-9a-f]{2}:){5}[0-9a-f]{2}/g) ?? [];
      assert.equal(macs.length, 2, `${vm}: its own interface and the NetworkInterface, once each (${macs.join(", ")})`);
    }
    const perForward = renderForwardRules([{ protocol: "tcp", hostPort: port, guestPort: 80 }], "192.0.2.1").length;
    const { ids, onOurPorts } = await forwardRules();
    for (const id of outputs.forwardIds) assert.equal(ids.filter((x) => x === id).length, perForward, `forward ${id}: its ${perForward} rules, once each`);
    assert.deepEqual([...new Set(onOurPorts)].sort(), [...outputs.forwardIds].sort(), "every rule on the test's ports belongs to a forward of the stack: no orphan");
    const unchanged = await program.preview(["--expect-no-changes"]);
    assert.equal(unchanged.code, 0, `the stack matches the host:\n${unchanged.stdout}\n${unchanged.stderr}`);
    for (const p of ports) assert.match(await httpGet(`http://${labSettings().host}:${p}/`, 180_000), /voidvm test guest/, `the guest behind port ${p} answers`);
  });

  it("destroy then removes everything: no domain, volume or rule of the test is left", async () => {
    await program.destroy();
    assert.deepEqual(await ourDomains(), []);
    assert.deepEqual(await ourVolumes(), []);
    assert.deepEqual((await forwardRules()).onOurPorts, []);
  });
});
