import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import { mkdtempSync, readdirSync, rmdirSync } from "fs";
import { resourceProviders } from "../../provider";
import { virsh } from "../../provider/libvirt/virsh";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { guestVmInputs } from "../support/guest";
import { checkOf } from "../support/hostile-inputs";
import { labConnection, labHost, testName } from "../support/lab";
import { configureForLab, domstate } from "../support/vm-harness";

type Props = Record<string, unknown> & { name: string };
type Kind = "VirtualMachine" | "Disk" | "NetworkInterface";
const provider = (kind: Kind) =>
  resourceProviders[kind] as unknown as {
    create(inputs: unknown): Promise<{ id: string; outs: Props }>;
    read(id: string, props: unknown): Promise<{ id: string; props: Props }>;
    delete(id: string, props: unknown): Promise<void>;
  };

async function inputsOf(kind: Kind, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const outcome = await checkOf(kind)({ connection: labConnection(), ...raw });
  if (outcome.failures) throw new Error(JSON.stringify(outcome.failures));
  return outcome.inputs as Record<string, unknown>;
}

const vmInputs = (name: string, extra: Record<string, unknown> = {}) => inputsOf("VirtualMachine", guestVmInputs(name, { state: "stopped", ...extra }));
const diskInputs = (name: string, extra: Record<string, unknown> = {}) => inputsOf("Disk", { name, size: 1, limits: { minDiskSize: 1 }, ...extra });

/** Runs virsh on the lab host; the pool commands below need no root. */
const hostVirsh = (args: string[]) => virsh(labHost(), args, { allowFailure: true });

/** Every domain and volume name on the host that starts with `prefix`, in any pool. */
async function leftovers(prefix: string): Promise<string[]> {
  const found: string[] = [];
  const domains = (await hostVirsh(["list", "--all", "--name"])).stdout.split("\n").map((l) => l.trim());
  found.push(...domains.filter((d) => d.startsWith(prefix)).map((d) => `domain ${d}`));
  const pools = (await hostVirsh(["pool-list", "--name"])).stdout.split("\n").map((l) => l.trim()).filter(Boolean);
  for (const pool of pools) {
    await hostVirsh(["pool-refresh", pool]);
    const volumes = (await hostVirsh(["vol-list", "--pool", pool])).stdout.split("\n").map((l) => l.trim().split(/\s+/)[0] ?? "");
    found.push(...volumes.filter((v) => v.startsWith(prefix)).map((v) => `volume ${pool}/${v}`));
  }
  return found;
}

/** Creates `kind` expecting it to fail; returns the message the user sees, after checking nothing is left. */
async function failedCreate(kind: Kind, inputs: Record<string, unknown>, prefix: string): Promise<string> {
  let message = "";
  await assert.rejects(provider(kind).create(inputs), (error: Error) => {
    message = error.message;
    return true;
  });
  assert.deepEqual(await leftovers(prefix), [], `nothing left behind after: ${message}`);
  return message;
}

describe("host faults are reported clearly and leave nothing behind", function () {
  this.timeout(600_000);
  before(() => configureForLab());
  after(() => closeAllConnections());

  describe("a missing pool", () => {
    const pool = testName("nopool");
    it("a Disk in it: the message names the pool and how to fix it", async () => {
      const name = testName("d-nopool");
      const message = await failedCreate("Disk", await diskInputs(name, { pool }), name);
      assert.match(message, new RegExp(`pool "?${pool}"? does not exist`));
      assert.match(message, /virsh pool-define-as|virsh pool-list/);
    });
    it("a VM's root disk in it: the message names the pool and how to fix it", async () => {
      const name = testName("vm-nopool");
      const message = await failedCreate("VirtualMachine", await vmInputs(name, { disk: { size: 1, pool } }), name);
      assert.match(message, new RegExp(pool));
      assert.match(message, /virsh pool-define-as|virsh pool-list/);
    });
  });

  describe("an inactive pool", () => {
    const pool = testName("inactive");
    let dir = "";
    before(async () => {
      dir = mkdtempSync("/tmp/vvt-inactive-");
      for (const args of [["pool-define-as", pool, "dir", "--target", dir], ["pool-start", pool], ["pool-destroy", pool]]) {
        const result = await hostVirsh(args);
        assert.equal(result.exitCode, 0, result.stderr);
      }
    });
    after(async () => {
      await hostVirsh(["pool-destroy", pool]);
      await hostVirsh(["pool-undefine", pool]);
      rmdirSync(dir);
    });
    it("a Disk in it: the message says the pool is not active and how to start it", async () => {
      const name = testName("d-inactive");
      const message = await failedCreate("Disk", await diskInputs(name, { pool }), name);
      assert.match(message, new RegExp(`pool "${pool}" on .* is not active`));
      assert.match(message, new RegExp(`virsh pool-start ${pool}`));
      assert.deepEqual(readdirSync(dir), []);
    });
    it("a VM's root disk in it: the message says the pool is not active", async () => {
      const name = testName("vm-inactive");
      const message = await failedCreate("VirtualMachine", await vmInputs(name, { disk: { size: 1, pool } }), name);
      assert.match(message, new RegExp(pool));
      assert.match(message, /not active|inactive/);
      assert.deepEqual(readdirSync(dir), []);
    });
  });

  describe("a full pool (a 20 MiB tmpfs)", () => {
    const pool = testName("full");
    let dir = "";
    before(async () => {
      dir = mkdtempSync("/tmp/vvt-full-");
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=20M", "tmpfs", dir]);
      for (const args of [["pool-define-as", pool, "dir", "--target", dir], ["pool-start", pool]]) {
        const result = await hostVirsh(args);
        assert.equal(result.exitCode, 0, result.stderr);
      }
    });
    after(async () => {
      await hostVirsh(["pool-destroy", pool]);
      await hostVirsh(["pool-undefine", pool]);
      execFileSync("umount", [dir]);
      rmdirSync(dir);
    });
    for (const type of ["raw", "qcow2"]) {
      it(`a 1 GiB ${type} Disk with preallocation full: says the pool has no room, leaves no file`, async () => {
        const name = testName(`d-full-${type}`);
        const message = await failedCreate("Disk", await diskInputs(name, { pool, type, preallocation: "full" }), name);
        assert.match(message, new RegExp(`pool "?${pool}"?`));
        assert.match(message, /no room|not enough (free )?space|No space left/i);
        assert.match(message, /preallocation/);
        assert.deepEqual(readdirSync(dir), [], "no partial file in the pool's directory");
      });
    }
    it("a VM whose 1 GiB root disk (preallocation full) cannot fit: clear error, nothing left", async () => {
      const name = testName("vm-full");
      const message = await failedCreate("VirtualMachine", await vmInputs(name, { disk: { size: 1, pool, type: "raw", preallocation: "full" } }), name);
      assert.match(message, new RegExp(`volume ${name}-root.raw: the filesystem holding ${dir}/ is full`));
      assert.match(message, /no room|not enough (free )?space|No space left/i);
      assert.deepEqual(readdirSync(dir), []);
    });
  });

  describe("a missing network", () => {
    const network = testName("nonet");
    it("a running VM with an interface on it: the message names the network and the fix, nothing left", async () => {
      const name = testName("vm-nonet");
      const message = await failedCreate("VirtualMachine", await vmInputs(name, { state: "running", waitForIp: false, network: { interfaces: [{ type: "network", source: network }] } }), name);
      assert.match(message, new RegExp(`network "?${network}"?`));
      assert.match(message, /virsh net-list|net-define/);
    });
    it("a stopped VM with an interface on it is refused too (libvirt would define it and fail only at start), nothing left", async () => {
      const name = testName("vm-nonet-off");
      const message = await failedCreate("VirtualMachine", await vmInputs(name, { state: "stopped", network: { interfaces: [{ type: "network", source: network }] } }), name);
      assert.match(message, new RegExp(`There is no libvirt network "${network}"`));
      assert.match(message, /virsh net-list|net-define/);
    });
    it("a NetworkInterface on it: the message names the network and the fix", async () => {
      const vmName = testName("vm-nic");
      const vm = await provider("VirtualMachine").create(await vmInputs(vmName));
      try {
        const nic = await inputsOf("NetworkInterface", { vm: vmName, type: "network", source: network, mac: "52:54:00:7e:57:01" });
        const message = await failedCreate("NetworkInterface", nic, "vvt-none");
        assert.match(message, new RegExp(`network "?${network}"?`));
        assert.match(message, /virsh net-list|net-define/);
        const xml = (await hostVirsh(["dumpxml", "--inactive", "--", vmName])).stdout;
        assert.ok(!xml.includes("52:54:00:7e:57:01"), "no interface was added to the VM");
      } finally {
        await provider("VirtualMachine").delete(vm.id, vm.outs);
      }
    });
  });

  describe("a domain deleted behind Pulumi's back", () => {
    it("reads as gone (empty id), and create makes it again", async () => {
      const name = testName("behind");
      const inputs = await vmInputs(name, { disk: { size: 1 } });
      const first = await provider("VirtualMachine").create(inputs);
      let again: { id: string; outs: Props } | undefined;
      try {
        // What an operator does by hand: the domain and its volume are gone.
        assert.equal((await hostVirsh(["undefine", "--remove-all-storage", "--", name])).exitCode, 0);
        const read = await provider("VirtualMachine").read(first.id, first.outs);
        assert.equal(read.id, "", "read reports the VM as deleted");
        assert.deepEqual(read.props, {});
        again = await provider("VirtualMachine").create(inputs);
        assert.equal(await domstate(name), "shut off");
        assert.notEqual(again.outs.uuid, first.outs.uuid, "a new domain");
        assert.equal((await provider("VirtualMachine").read(again.id, again.outs)).id, again.id);
      } finally {
        await provider("VirtualMachine").delete((again ?? first).id, (again ?? first).outs);
      }
      assert.deepEqual(await leftovers(name), []);
    });
  });
});
