import { strict as assert } from "assert";
import { readNetwork } from "../../provider/libvirt/dhcp-reservations";
import { virsh } from "../../provider/libvirt/virsh";
import { forwardIdOf, renderForwardRules } from "../../provider/nft/forward-rules";
import { readHostSnapshot } from "../../provider/nft/voidvm-table";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { freeAddress } from "../support/free-address";
import { labHost, labSettings, onLabHost, testName } from "../support/lab";
import { PulumiProgram } from "../support/pulumi-program";
import { labStackConfig } from "../support/stack-config";
import { guestVmArgs } from "./support";

const FORWARDS = 4;
const SCHEDULES = 3;

/**
 * One stack's share of the host: a VM, a NIC with a DHCP reservation, four forwards, a snapshot
 * and three snapshot schedules — everything that writes shared host state (the nft table, the
 * network's DHCP hosts, /etc/cron.d).
 */
const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import * as voidvm from "@voidvm/pulumi";
const t = new pulumi.Config("t");
const network = t.require("network");
const base = t.requireNumber("port");
const vm = new voidvm.VirtualMachine("vm", { name: t.require("vmName"), ...${guestVmArgs("\n    waitForIp: 300,")} });
const nic = new voidvm.NetworkInterface("lan", { vm, source: network, fixedIpAddress: t.require("fixedIp") });
export const forwardIds: pulumi.Output<string>[] = [];
for (let i = 0; i < ${FORWARDS}; i++) {
  forwardIds.push(new voidvm.PortForward(\`web-\${i}\`, { vm, rules: [{ hostPort: base + i, guestPort: 80 }] }).forwardId);
}
export const snapshot = new voidvm.Snapshot("snap", { vm, description: "taken while another stack applies" }, { dependsOn: [nic] }).name;
export const cronFiles: pulumi.Output<string>[] = [];
for (let i = 0; i < ${SCHEDULES}; i++) {
  cronFiles.push(new voidvm.SnapshotSchedule(\`nightly-\${i}\`, { vm, schedule: \`\${i} 3 * * *\`, maxSnapshots: 2 }).cronFile);
}
export const mac = nic.mac;
`;

interface StackOutputs {
  forwardIds: string[];
  snapshot: string;
  cronFiles: string[];
  mac: string;
}

describe("two stacks applying to one host at once: nothing lost, nothing doubled, nothing corrupted", function () {
  this.timeout(1_800_000);
  const stacks: Array<{ program: PulumiProgram; vmName: string; fixedIp: string; port: number }> = [];

  before(async () => {
    const firstIp = await freeAddress();
    let secondIp = await freeAddress();
    while (secondIp === firstIp) secondIp = await freeAddress();
    const base = 34000 + Math.floor(Math.random() * 400) * 10;
    for (const [i, fixedIp] of [firstIp, secondIp].entries()) {
      const vmName = testName(`two-${i}`);
      const port = base + i * 5;
      const { config, secrets } = labStackConfig(
        { "t:vmName": vmName, "t:fixedIp": fixedIp, "t:port": String(port), "voidvm:sudo": "true" },
        "t",
      );
      stacks.push({ program: await PulumiProgram.create({ name: `two-stacks-${i}`, source: PROGRAM, config, secrets }), vmName, fixedIp, port });
    }
  });

  after(async () => {
    await Promise.all(stacks.map((s) => s.program.destroy().catch(() => undefined)));
    for (const s of stacks) {
      s.program.remove();
      await virsh(labHost(), ["destroy", "--", s.vmName], { allowFailure: true });
      await virsh(labHost(), ["undefine", "--snapshots-metadata", "--", s.vmName], { allowFailure: true });
      await virsh(labHost(), ["vol-delete", "--pool", labSettings().pool, "--vol", `${s.vmName}-root.qcow2`], { allowFailure: true });
    }
    closeAllConnections();
  });

  it("both `pulumi up --parallel 32` runs succeed at the same time", async () => {
    const results = await Promise.all(stacks.map((s) => s.program.cli(["up", "--yes", "--skip-preview", "--parallel", "32"], { allowFailure: true })));
    for (const r of results) assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  });

  it("every forward's rules are in the table once; each DHCP reservation once; every cron file whole; the snapshots there", async () => {
    const rules = (await readHostSnapshot(labHost())).rules ?? [];
    const perForward = renderForwardRules([{ protocol: "tcp", hostPort: 1, guestPort: 80 }], "192.0.2.1").length;
    const network = await readNetwork(labHost(), labSettings().network);
    const hosts = network?.ipv4.flatMap((s) => s.hosts) ?? [];
    for (const s of stacks) {
      const out = (await s.program.outputs()) as unknown as StackOutputs;
      for (const id of out.forwardIds) {
        assert.equal(rules.filter((r) => forwardIdOf(r.comment) === id).length, perForward, `forward ${id} of ${s.vmName}: its ${perForward} rules, once`);
      }
      assert.equal(hosts.filter((h) => h.ip === s.fixedIp).length, 1, `one DHCP host for ${s.fixedIp}`);
      assert.equal(hosts.filter((h) => h.mac === out.mac).length, 1, `one DHCP host for ${out.mac}`);
      for (const [i, file] of out.cronFiles.entries()) {
        const text = (await onLabHost('cat -- "$1"', [file])).stdout;
        const entries = text.split("\n").filter((l) => l.trim() && !l.startsWith("#") && !/^[A-Z_]+=/.test(l));
        assert.equal(entries.length, 1, `${file} holds one cron entry:\n${text}`);
        assert.match(entries[0]!, new RegExp(`^${i} 3 \\* \\* \\* `), `${file} holds its own schedule:\n${text}`);
      }
      const snapshots = (await virsh(labHost(), ["snapshot-list", "--name", "--", s.vmName])).stdout;
      assert.match(snapshots, new RegExp(out.snapshot));
    }
    for (const s of stacks) {
      const unchanged = await s.program.preview(["--expect-no-changes"]);
      assert.equal(unchanged.code, 0, `${unchanged.stdout}\n${unchanged.stderr}`);
    }
  });

  it("both destroys at once leave no rule, reservation or cron file of either stack", async () => {
    const outputs = await Promise.all(stacks.map(async (s) => (await s.program.outputs()) as unknown as StackOutputs));
    const results = await Promise.all(stacks.map((s) => s.program.cli(["destroy", "--yes", "--skip-preview", "--parallel", "32"], { allowFailure: true })));
    for (const r of results) assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const rules = (await readHostSnapshot(labHost())).rules ?? [];
    const network = await readNetwork(labHost(), labSettings().network);
    const hosts = network?.ipv4.flatMap((s) => s.hosts) ?? [];
    for (const [i, out] of outputs.entries()) {
      assert.deepEqual(rules.filter((r) => out.forwardIds.includes(forwardIdOf(r.comment) ?? "")), []);
      assert.deepEqual(hosts.filter((h) => h.ip === stacks[i]!.fixedIp), []);
      for (const file of out.cronFiles) assert.equal((await onLabHost('test -e "$1" && echo there || echo gone', [file])).stdout.trim(), "gone");
    }
  });
});
