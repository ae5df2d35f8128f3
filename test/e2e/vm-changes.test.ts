import { strict as assert } from "assert";
import { virsh } from "../../provider/libvirt/virsh";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { labHost } from "../support/lab";
import { PulumiProgram } from "../support/pulumi-program";
import { bootId, domstate } from "../support/vm-harness";
import { labStackConfig } from "../support/stack-config";

/** A VM whose settings come from stack config, so the test changes them between runs. */
const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import * as voidvm from "@voidvm/pulumi";
const cfg = new pulumi.Config("quickstart");
const t = new pulumi.Config("t");
const vm = new voidvm.VirtualMachine("changes", {
  description: t.get("description") ?? "first",
  cpu: { cores: 1, maxCores: 2, model: t.get("cpuModel") },
  memory: { size: t.getNumber("memory") ?? 256, maxSize: 384 },
  os: { kernel: cfg.require("kernel"), initrd: cfg.require("initrd"), cmdline: "console=ttyS0 quiet" },
  network: { interfaces: [{ source: cfg.require("network") }] },
  allowRestart: t.getBoolean("allowRestart") ?? false,
  stopTimeout: 20,
  waitForIp: 120,
  limits: { minMemory: 128 },
});
export const name = vm.name;
export const ip = vm.ipAddresses.apply((ips) => ips[0] ?? "");
export const state = vm.state;
`;

describe("VirtualMachine changes through the real Pulumi CLI", function () {
  this.timeout(1_200_000);
  let program: PulumiProgram;
  let name = "";
  const outputs = async () => (await program.outputs()) as { name: string; ip: string; state: string };

  before(async () => {
    program = await PulumiProgram.create({ name: "vmchanges", source: PROGRAM, ...labStackConfig() });
    await program.up();
    name = (await outputs()).name;
  });
  after(async () => {
    await program.destroy().catch(() => undefined);
    program.remove();
    closeAllConnections();
  });

  it("applies a description and memory change live: no restart", async () => {
    const before = await bootId((await outputs()).ip);
    await program.cli(["config", "set", "t:description", "second"]);
    await program.cli(["config", "set", "t:memory", "320"]);
    const preview = await program.preview();
    assert.equal(preview.code, 0, preview.stderr);
    assert.match(preview.stdout + preview.stderr, /live, no restart: description, memory\.size/);
    await program.up();
    assert.equal(await bootId((await outputs()).ip), before);
    assert.equal((await program.preview(["--expect-no-changes"])).code, 0);
  });

  it("refuses a cold change in preview without allowRestart, then restarts once with it", async () => {
    await program.cli(["config", "set", "t:cpuModel", "qemu64"]);
    const refused = await program.preview();
    assert.notEqual(refused.code, 0);
    assert.match(refused.stdout + refused.stderr, /Changing cpu\.model needs a restart of the running VM/);
    assert.match(refused.stdout + refused.stderr, /allowRestart: true/);
    const before = await bootId((await outputs()).ip);
    await program.cli(["config", "set", "t:allowRestart", "true"]);
    await program.up();
    assert.equal(await domstate(name), "running");
    assert.notEqual(await bootId((await outputs()).ip), before, "restarted once");
    assert.match((await virsh(labHost(), ["dumpxml", "--inactive", "--", name])).stdout, /qemu64/);
    assert.equal((await program.preview(["--expect-no-changes"])).code, 0);
  });

  it("shows changes made outside Pulumi after a refresh, and puts them right on up", async () => {
    await virsh(labHost(), ["setmem", "--domain", name, "--size", "256M", "--live"]);
    for (let i = 0; i < 40; i++) {
      // Let the guest's balloon get there before pausing it.
      const actual = /actual (\d+)/.exec((await virsh(labHost(), ["dommemstat", "--", name])).stdout)?.[1];
      if (Math.abs(Number(actual) - 262144) <= 8192) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await virsh(labHost(), ["suspend", "--", name]);
    await program.refresh();
    const drift = await program.preview(["--expect-no-changes"]);
    assert.notEqual(drift.code, 0);
    assert.match(drift.stdout + drift.stderr, /memory\.size/);
    assert.match(drift.stdout + drift.stderr, /state/);
    await program.up();
    assert.equal(await domstate(name), "running");
    // The balloon's actual size (the live XML's currentMemory lags behind it).
    const actual = /actual (\d+)/.exec((await virsh(labHost(), ["dommemstat", "--", name])).stdout)?.[1];
    assert.ok(Math.abs(Number(actual) - 327680) <= 8192, `the balloon is back at 320 MiB, not ${actual} KiB`);
  });

  it("notices a VM deleted outside Pulumi and creates it again", async () => {
    await virsh(labHost(), ["destroy", "--", name]);
    await virsh(labHost(), ["undefine", "--", name]);
    await program.refresh();
    assert.doesNotMatch(program.stateFiles(), /voidvm:VirtualMachine/);
    await program.up();
    // Pulumi forgot the old VM, so the new one gets a new autoname.
    name = (await outputs()).name;
    assert.equal(await domstate(name), "running");
  });
});
