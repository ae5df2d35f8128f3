import { strict as assert } from "assert";
import { virsh } from "../../provider/libvirt/virsh";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { httpGet } from "../support/guest";
import { labHost, labSettings, testName } from "../support/lab";
import { PulumiProgram } from "../support/pulumi-program";
import { labStackConfig } from "../support/stack-config";

/** A VM with a data Disk; the VM's name, root disk type and the Disk's size come from stack config. */
const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import * as voidvm from "@voidvm/pulumi";
const lab = new pulumi.Config("lab");
const t = new pulumi.Config("t");
const vm = new voidvm.VirtualMachine("web", {
  name: t.require("vmName"),
  cpu: { cores: 1 },
  memory: { size: 256 },
  disk: { size: 1, type: t.get("rootType") === "raw" ? "raw" : "qcow2" },
  os: { kernel: lab.require("kernel"), initrd: lab.require("initrd"), cmdline: "console=ttyS0 quiet" },
  network: { interfaces: [{ source: lab.require("network") }] },
  stopTimeout: 20,
  waitForIp: 120,
  limits: { minMemory: 128, minDiskSize: 1 },
});
const data = new voidvm.Disk("data", {
  name: t.require("diskName"),
  vm,
  size: t.requireNumber("diskSize"),
  limits: { minDiskSize: 1 },
});
export const vmName = vm.name;
export const vmUuid = vm.uuid;
export const ip = vm.ipAddresses.apply((ips) => ips[0] ?? "");
export const diskVm = data.vm;
export const diskVmUuid = data.vmUuid;
export const target = data.target;
export const size = data.size;
export const path = data.path;
`;

interface Outputs {
  vmName: string;
  vmUuid: string;
  ip: string;
  diskVm?: string;
  diskVmUuid?: string;
  target?: string;
  size: number;
  path: string;
}

async function guestDiskKiB(ip: string, dev: string, want: number | undefined): Promise<number | undefined> {
  let size: number | undefined;
  for (let i = 0; i < 60; i++) {
    const line = (await httpGet(`http://${ip}/cgi-bin/disks`)).split("\n").find((l) => l.trim().endsWith(` ${dev}`));
    size = line ? Number(line.trim().split(/\s+/)[2]) : undefined;
    if (size === want) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return size;
}

const expected = (pattern: string) => pattern.repeat(Math.ceil(64 / pattern.length)).slice(0, 64);

describe("Disk through the real Pulumi CLI: the data survives growing and VM replacements", function () {
  this.timeout(1_800_000);
  const names = { a: testName("e2e-disk-a"), b: testName("e2e-disk-b"), disk: testName("e2e-data") };
  const pattern = `e2e-${process.pid}-keep`;
  let program: PulumiProgram;
  const outputs = async () => (await program.outputs()) as unknown as Outputs;
  const volume = `${names.disk}.qcow2`;
  const volumeExists = async () =>
    (await virsh(labHost(), ["vol-info", "--pool", labSettings().pool, "--vol", volume], { allowFailure: true })).exitCode === 0;

  before(async () => {
    program = await PulumiProgram.create({
      name: "disk",
      source: PROGRAM,
      ...labStackConfig({ "t:vmName": names.a, "t:diskName": names.disk, "t:diskSize": "1" }, "lab"),
    });
  });

  after(async () => {
    await program.destroy().catch(() => undefined);
    program.remove();
    for (const name of [names.a, names.b]) {
      await virsh(labHost(), ["destroy", "--", name], { allowFailure: true });
      await virsh(labHost(), ["undefine", "--", name], { allowFailure: true });
      await virsh(labHost(), ["vol-delete", "--pool", labSettings().pool, "--vol", `${name}-root.qcow2`], { allowFailure: true });
      await virsh(labHost(), ["vol-delete", "--pool", labSettings().pool, "--vol", `${name}-root.raw`], { allowFailure: true });
    }
    await virsh(labHost(), ["vol-delete", "--pool", labSettings().pool, "--vol", volume], { allowFailure: true });
    closeAllConnections();
  });

  it("pulumi up creates the VM and the Disk hot-plugged into it; the guest writes a pattern on vdb", async () => {
    await program.up();
    const out = await outputs();
    assert.equal(out.diskVm, names.a);
    assert.equal(out.diskVmUuid, out.vmUuid);
    assert.equal(out.target, "vdb");
    assert.equal(await guestDiskKiB(out.ip, "vdb", 1024 * 1024), 1024 * 1024);
    assert.equal((await httpGet(`http://${out.ip}/cgi-bin/disk-write?dev=vdb&pattern=${pattern}`)).trim(), "ok vdb 1048576");
    const preview = await program.preview(["--expect-no-changes"]);
    assert.equal(preview.code, 0, `an unchanged stack shows no changes:\n${preview.stdout}\n${preview.stderr}`);
  });

  it("growing the Disk while the VM runs: no restart, the guest sees 2 GiB, the pattern is still there", async () => {
    const before = await outputs();
    const boot = (await httpGet(`http://${before.ip}/cgi-bin/boot-id`)).trim();
    await program.cli(["config", "set", "t:diskSize", "2"]);
    await program.up();
    const out = await outputs();
    assert.equal(out.size, 2);
    assert.equal(await guestDiskKiB(out.ip, "vdb", 2 * 1024 * 1024), 2 * 1024 * 1024);
    assert.equal(await httpGet(`http://${out.ip}/cgi-bin/disk-read?dev=vdb`), expected(pattern));
    assert.equal((await httpGet(`http://${out.ip}/cgi-bin/boot-id`)).trim(), boot, "the guest did not restart");
  });

  it("pulumi preview refuses to shrink the Disk, with the reason and the fix", async () => {
    await program.cli(["config", "set", "t:diskSize", "1"]);
    const preview = await program.preview();
    assert.notEqual(preview.code, 0);
    assert.match(preview.stdout + preview.stderr, /shrinking Disk ".*" from 2 GiB to 1 GiB would destroy the data/);
    await program.cli(["config", "set", "t:diskSize", "2"]);
  });

  it("a VM replaced under a new name (created before the old one goes): the Disk moves with its bytes", async () => {
    const before = await outputs();
    await program.cli(["config", "set", "t:vmName", names.b]);
    await program.up();
    const out = await outputs();
    assert.equal(out.vmName, names.b);
    assert.equal(out.diskVm, names.b);
    assert.equal(out.diskVmUuid, out.vmUuid);
    assert.equal(out.path, before.path, "the same volume");
    assert.notEqual((await virsh(labHost(), ["domstate", "--", names.a], { allowFailure: true })).exitCode, 0, "the old VM is gone");
    assert.equal(await guestDiskKiB(out.ip, "vdb", 2 * 1024 * 1024), 2 * 1024 * 1024);
    assert.equal(await httpGet(`http://${out.ip}/cgi-bin/disk-read?dev=vdb`), expected(pattern));
  });

  it("a VM replaced under the same name (deleted before it is created again): the Disk follows with its bytes", async () => {
    const before = await outputs();
    await program.cli(["config", "set", "t:rootType", "raw"]);
    const preview = await program.preview();
    assert.equal(preview.code, 0, `${preview.stdout}\n${preview.stderr}`);
    assert.doesNotMatch(preview.stdout, /data.*replace/i, "the Disk is not replaced");
    await program.up();
    const out = await outputs();
    assert.equal(out.vmName, names.b);
    assert.notEqual(out.vmUuid, before.vmUuid, "a new domain");
    assert.equal(out.diskVmUuid, out.vmUuid, "attached to the new domain");
    assert.equal(out.path, before.path);
    assert.equal(await guestDiskKiB(out.ip, "vdb", 2 * 1024 * 1024), 2 * 1024 * 1024);
    assert.equal(await httpGet(`http://${out.ip}/cgi-bin/disk-read?dev=vdb`), expected(pattern));
    const again = await program.preview(["--expect-no-changes"]);
    assert.equal(again.code, 0, `no changes after the replacement:\n${again.stdout}\n${again.stderr}`);
  });

  it("pulumi destroy detaches and deletes the Disk's volume and the VM", async () => {
    await program.destroy();
    assert.equal(await volumeExists(), false);
    assert.notEqual((await virsh(labHost(), ["domstate", "--", names.b], { allowFailure: true })).exitCode, 0);
  });
});
