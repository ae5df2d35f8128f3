import { strict as assert } from "assert";
import { busPrefix, chooseTarget } from "../../../provider/resources/disk/targets";

describe("disk targets", () => {
  it("scsi and sata share sd*, ide is hd*, virtio is vd*", () => {
    assert.equal(busPrefix("virtio"), "vd");
    assert.equal(busPrefix("scsi"), "sd");
    assert.equal(busPrefix("sata"), "sd");
    assert.equal(busPrefix("ide"), "hd");
  });

  it("takes the first free name for the bus", () => {
    assert.equal(chooseTarget(["vda"], "virtio"), "vdb");
    assert.equal(chooseTarget(["vda", "vdb", "vdd"], "virtio"), "vdc");
    assert.equal(chooseTarget(["vda", "sda"], "sata"), "sdb");
    assert.equal(chooseTarget([], "scsi"), "sda");
  });

  it("keeps the previous name when it fits the bus and is free", () => {
    assert.equal(chooseTarget(["vda"], "virtio", "vdf"), "vdf");
    assert.equal(chooseTarget(["vda", "vdf"], "virtio", "vdf"), "vdb");
    assert.equal(chooseTarget(["vda"], "scsi", "vdf"), "sda");
  });

  it("goes on past vdz, and gives up on ide after hdd", () => {
    const used = "abcdefghijklmnopqrstuvwxyz".split("").map((c) => `vd${c}`);
    assert.equal(chooseTarget(used, "virtio"), "vdaa");
    assert.equal(chooseTarget(["hda", "hdb", "hdc", "hdd"], "ide"), undefined);
    assert.equal(chooseTarget(["hda", "hdc"], "ide"), "hdb");
  });
});
