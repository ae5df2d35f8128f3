import { strict as assert } from "assert";
import { planDiskChanges } from "../../../provider/resources/disk/change-plan";
import { checkDisk } from "../../../provider/resources/disk/check";
import { diffDisk } from "../../../provider/resources/disk/diff";
import type { DiskOutputs } from "../../../provider/resources/disk/outputs";
import type { DiskInputs } from "../../../provider/resources/disk/schema";
import { UNKNOWN } from "../../../provider/validation/unknowns";

function inputs(extra: Record<string, unknown> = {}): DiskInputs {
  const outcome = checkDisk({}, { name: "data", size: 20, vm: "web", vmUuid: "uuid-1", ...extra });
  if (outcome.failures) throw new Error(JSON.stringify(outcome.failures));
  return outcome.inputs;
}

function outputs(extra: Partial<DiskOutputs> = {}): DiskOutputs {
  return {
    ...inputs(),
    pool: "voidvm",
    size: 20,
    vm: "web",
    vmUuid: "uuid-1",
    vmState: "running",
    target: "vdb",
    volume: { pool: "voidvm", name: "data.qcow2" },
    path: "/var/lib/voidvm/pool/data.qcow2",
    capacityBytes: 20 * 1024 ** 3,
    ...extra,
  };
}

describe("Disk diff", () => {
  it("an unchanged program has no changes (the default pool and the chosen target are kept)", () => {
    assert.deepEqual(diffDisk(outputs(), inputs()), { changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("growing is an update; shrinking fails the preview with the sizes and the fix", () => {
    assert.deepEqual(diffDisk(outputs(), inputs({ size: 30 })), { changes: true, replaces: [], deleteBeforeReplace: false });
    assert.throws(() => diffDisk(outputs(), inputs({ size: 10 })), /size: shrinking Disk "data" from 20 GiB to 10 GiB would destroy the data .* create a new, smaller Disk/);
    assert.throws(() => diffDisk(outputs({ size: 20.5 }), inputs({ size: 20 })), /from 20\.50 GiB to 20 GiB/);
  });

  it("pool, type, baseImage and name replace the Disk; the old one goes first when the names collide", () => {
    assert.deepEqual(diffDisk(outputs(), inputs({ pool: "fast" })), { changes: true, replaces: ["pool"], deleteBeforeReplace: false });
    assert.deepEqual(diffDisk(outputs(), inputs({ pool: "voidvm" })).changes, false, "naming the pool it is already in is no change");
    assert.deepEqual(diffDisk(outputs(), inputs({ type: "raw" })).replaces, ["type"]);
    assert.deepEqual(diffDisk(outputs(), inputs({ baseImage: "/images/base.qcow2" })), { changes: true, replaces: ["baseImage"], deleteBeforeReplace: true });
    assert.deepEqual(diffDisk(outputs(), inputs({ name: "other" })).replaces, ["name"]);
  });

  it("a new VM or a replaced VM (new uuid) is an update that moves the disk, never a replacement", () => {
    assert.deepEqual(diffDisk(outputs(), inputs({ vm: "db" })), { changes: true, replaces: [], deleteBeforeReplace: false });
    assert.deepEqual(diffDisk(outputs(), inputs({ vmUuid: "uuid-2" })), { changes: true, replaces: [], deleteBeforeReplace: false });
    assert.deepEqual(diffDisk(outputs(), inputs({ vm: UNKNOWN, vmUuid: UNKNOWN })), { changes: true, replaces: [], deleteBeforeReplace: false });
    assert.deepEqual(diffDisk(outputs({ vm: undefined, vmUuid: undefined, vmState: undefined }), inputs()).changes, true, "detached outside Pulumi: re-attach");
  });

  it("a VM given by name (no uuid) does not compare uuids", () => {
    assert.equal(diffDisk(outputs(), inputs({ vmUuid: undefined })).changes, false);
  });

  it("interface, cache, io or target of a disk on a running VM fail the preview", () => {
    for (const change of [{ interface: "scsi" }, { cache: "none" }, { io: "threads" }, { target: "vdc" }]) {
      assert.throws(() => diffDisk(outputs(), inputs(change)), /needs VM "web" to be stopped.*Stop the VM \(state: "stopped"\)/s);
    }
  });

  it("the same changes on a stopped VM, or together with a move, are updates", () => {
    assert.equal(diffDisk(outputs({ vmState: "stopped" }), inputs({ cache: "none" })).changes, true);
    assert.equal(diffDisk(outputs(), inputs({ vm: "db", interface: "scsi" })).changes, true);
  });

  it("retainOnDelete, limits and connection secrets only change the state; another host replaces", () => {
    const plan = planDiskChanges(outputs(), inputs({ retainOnDelete: true, limits: { minDiskSize: 1 }, connection: { privateKeyPath: "/k" } }));
    assert.deepEqual(plan.changes.map((c) => `${c.path}:${c.kind}`).sort(), ["connection:store", "limits:store", "retainOnDelete:store"]);
    assert.deepEqual(diffDisk(outputs(), inputs({ connection: { host: "10.0.0.9" } })).replaces, ["connection"]);
  });
});
