import { strict as assert } from "assert";
import { checkDisk } from "../../../provider/resources/disk/check";
import { UNKNOWN } from "../../../provider/validation/unknowns";

describe("checkDisk", () => {
  it("fills defaults", () => {
    const outcome = checkDisk({}, { name: "data", size: 20 });
    assert.deepEqual(outcome.failures, undefined);
    assert.equal(outcome.inputs!.type, "qcow2");
    assert.equal(outcome.inputs!.interface, "virtio");
    assert.equal(outcome.inputs!.retainOnDelete, false);
    assert.equal(outcome.inputs!.pool, undefined, "the default pool is resolved at create, not in check");
  });

  it("reports every problem at once", () => {
    const outcome = checkDisk({}, {
      name: "bad/name",
      size: 2,
      type: "raw",
      baseImage: "/images/base.qcow2",
      interface: "virtio",
      target: "sdb",
      io: "native",
      cache: "writeback",
      vmUuid: "1234",
      colour: "red",
    });
    const properties = outcome.failures!.map((f) => f.property).sort();
    assert.deepEqual(properties, ["", "baseImage", "io", "name", "size", "target", "vmUuid"].sort());
    const size = outcome.failures!.find((f) => f.property === "size")!;
    assert.match(size.reason, /2 GiB is outside 10–500 GiB \(limits.minDiskSize\/maxDiskSize change the bounds\)/);
    assert.match(outcome.failures!.find((f) => f.property === "target")!.reason, /use a vd\* target/);
  });

  it("accepts a small disk when limits allow it, and the VM's whole limits object", () => {
    const outcome = checkDisk({}, { name: "d", size: 1, limits: { minDiskSize: 1, minMemory: 128 } });
    assert.equal(outcome.failures, undefined);
    assert.equal(outcome.inputs!.size, 1);
  });

  it("autonames from the resource name and keeps the name on later checks", () => {
    const first = checkDisk({}, { autonamePrefix: "data", size: 20 });
    assert.match(first.inputs!.name, /^data-[0-9a-f]{7}$/);
    const again = checkDisk({ name: first.inputs!.name, autonamePrefix: "data" }, { autonamePrefix: "data", size: 30 });
    assert.equal(again.inputs!.name, first.inputs!.name);
  });

  it("lets inputs that are not known yet in a preview through, and still validates the rest", () => {
    const outcome = checkDisk({}, { name: "d", size: 20, vm: UNKNOWN, vmUuid: UNKNOWN });
    assert.equal(outcome.failures, undefined);
    assert.equal(outcome.inputs!.vm, UNKNOWN);
    assert.equal(outcome.inputs!.vmUuid, UNKNOWN);
    const unknownSize = checkDisk({}, { name: "d", size: UNKNOWN, vm: "web", interface: "floppy" });
    assert.deepEqual(unknownSize.failures!.map((f) => f.property), ["interface"]);
  });
});
