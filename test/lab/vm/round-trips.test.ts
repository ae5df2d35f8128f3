import { strict as assert } from "assert";
import { createVm } from "../../../provider/resources/vm/create";
import { deleteVm } from "../../../provider/resources/vm/delete";
import { readVm } from "../../../provider/resources/vm/read";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { resetTransportStats, transportStats } from "../../../provider/transport/stats";
import { labHost, labSettings, testName } from "../../support/lab";
import { configureForLab, labVmInputs } from "../../support/vm-harness";

/** SSH execs made by `fn` (round trips to the host), counted by the transport. */
async function execsOf<T>(fn: () => Promise<T>): Promise<{ result: T; execs: number }> {
  resetTransportStats();
  const result = await fn();
  return { result, execs: transportStats().execs };
}

async function allocatedBytes(pool: string, volume: string): Promise<number> {
  const xml = (await labHost().run(["virsh", "-q", "-c", labSettings().uri, "vol-dumpxml", "--pool", pool, "--vol", volume])).stdout;
  return Number(/<allocation unit='bytes'>(\d+)</.exec(xml)?.[1]);
}

describe("VirtualMachine round trips on the lab (issue: speed at scale)", function () {
  this.timeout(300_000);
  before(configureForLab);
  after(() => closeAllConnections());

  it("create takes at most 2 round trips, read 1, delete at most 2; the root volume is sparse", async () => {
    const name = testName("trips");
    const inputs = labVmInputs(name, { disk: { size: 10 }, waitForIp: false });
    const created = await execsOf(() => createVm(inputs));
    const { outs } = created.result;
    try {
      assert.ok(created.execs <= 2, `create made ${created.execs} round trips`);
      assert.equal(outs.state, "running");
      assert.equal(outs.observedState, "running");
      // 10 GiB of capacity, next to nothing allocated: the volume is sparse.
      assert.ok((await allocatedBytes(labSettings().pool, `${name}-root.qcow2`)) < 64 * 1024 * 1024);
      const read = await execsOf(() => readVm(outs.uuid, outs));
      assert.equal(read.execs, 1, `read made ${read.execs} round trips`);
      assert.equal((read.result.props as typeof outs).uuid, outs.uuid);
    } finally {
      const deleted = await execsOf(() => deleteVm(outs));
      assert.ok(deleted.execs <= 2, `delete made ${deleted.execs} round trips`);
    }
    const gone = await execsOf(() => readVm(outs.uuid, outs));
    assert.equal(gone.result.id, "", "refresh reports the VM as gone");
    assert.equal(gone.execs, 1);
  });

  it("a second create on the same host takes 1 round trip (the host's capabilities are read once)", async () => {
    const name = testName("trips2");
    const created = await execsOf(() => createVm(labVmInputs(name, { state: "stopped" })));
    try {
      assert.equal(created.execs, 1);
      assert.equal(created.result.outs.state, "stopped");
    } finally {
      await deleteVm(created.result.outs);
    }
  });

  it("reads asked for at once share one round trip, each with its own VM's outputs, a gone one as gone", async () => {
    const names = [testName("batch1"), testName("batch2"), testName("batch3")];
    const made = await Promise.all(names.map((name) => createVm(labVmInputs(name, { state: "stopped" }))));
    const gone = { ...made[2]!.outs, name: testName("batch-gone") };
    try {
      const reads = await execsOf(() => Promise.all([...made.map(({ id, outs }) => readVm(id, outs)), readVm(gone.uuid, gone)]));
      assert.equal(reads.execs, 1, `four reads made ${reads.execs} round trips`);
      reads.result.slice(0, 3).forEach((read, i) => {
        assert.equal(read.id, made[i]!.id);
        assert.equal((read.props as typeof gone).name, names[i]);
        assert.equal((read.props as typeof gone).uuid, made[i]!.outs.uuid);
      });
      assert.equal(reads.result[3]!.id, "", "a domain that is not there reads as gone");
    } finally {
      await Promise.all(made.map(({ outs }) => deleteVm(outs)));
    }
  });

  it("preallocation full allocates the whole volume; metadata only the qcow2 metadata", async () => {
    const full = testName("prefull");
    const meta = testName("premeta");
    const a = await createVm(labVmInputs(full, { state: "stopped", disk: { size: 1, preallocation: "full" } }));
    const b = await createVm(labVmInputs(meta, { state: "stopped", disk: { size: 1, preallocation: "metadata" } }));
    try {
      assert.ok((await allocatedBytes(labSettings().pool, `${full}-root.qcow2`)) >= 1024 ** 3);
      const metaBytes = await allocatedBytes(labSettings().pool, `${meta}-root.qcow2`);
      assert.ok(metaBytes > 0 && metaBytes < 64 * 1024 * 1024, `metadata preallocation allocated ${metaBytes} bytes`);
    } finally {
      await deleteVm(a.outs);
      await deleteVm(b.outs);
    }
  });

  it("waitForIp: create returns with the guest's address; without it, create does not wait", async () => {
    const name = testName("waitip");
    const { outs } = await createVm(labVmInputs(name, { waitForIp: 120 }));
    try {
      assert.equal(outs.ipAddresses.length, 1);
    } finally {
      await deleteVm(outs);
    }
  });
});
