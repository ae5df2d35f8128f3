import { strict as assert } from "assert";
import type { DomainDisks } from "../../../provider/libvirt/disk-devices";
import { planAttachment, type DesiredAttachment } from "../../../provider/resources/disk/attachment";
import type { DiskDeviceSpec } from "../../../provider/xml/domain-spec";

const volume = { pool: "voidvm", name: "data.qcow2" };
const root: DiskDeviceSpec = { device: "disk", source: { pool: "voidvm", volume: "web-root.qcow2" }, format: "qcow2", bus: "virtio", target: "vda" };
const ours = (target = "vdb", extra: Partial<DiskDeviceSpec> = {}): DiskDeviceSpec => ({
  device: "disk",
  source: { pool: volume.pool, volume: volume.name },
  format: "qcow2",
  bus: "virtio",
  target,
  ...extra,
});

function domain(name: string, state: DomainDisks["state"], disks: DiskDeviceSpec[], extra: Partial<DomainDisks> = {}): DomainDisks {
  const active = state === "running" || state === "paused";
  return { name, state, uuid: `${name}-uuid`, config: disks, live: active ? disks : [], scsiController: { config: false, live: false }, ...extra };
}

const want = (vm: string, extra: Partial<DesiredAttachment> = {}): DesiredAttachment => ({ vm, type: "qcow2", interface: "virtio", ...extra });

describe("planAttachment", () => {
  it("hot-plugs onto a running VM and persists it, taking the first free target", () => {
    const plan = planAttachment({ diskName: "data", volume, domains: [domain("web", "running", [root])], desired: want("web") });
    assert.deepEqual(plan.detach, []);
    assert.deepEqual(plan.attach, { domain: "web", device: ours("vdb"), scope: { live: true, config: true }, scsiController: { live: false, config: false } });
    assert.deepEqual(plan.final, { domain: "web", device: ours("vdb"), active: true });
  });

  it("only persists on a stopped VM", () => {
    const plan = planAttachment({ diskName: "data", volume, domains: [domain("web", "stopped", [root])], desired: want("web") });
    assert.deepEqual(plan.attach?.scope, { live: false, config: true });
  });

  it("does nothing when the disk is already there (a VM that carried it over)", () => {
    const plan = planAttachment({ diskName: "data", volume, domains: [domain("web", "running", [root, ours("vdc")])], desired: want("web", { preferredTarget: "vdb" }) });
    assert.deepEqual(plan, { detach: [], final: { domain: "web", device: ours("vdc"), active: true } });
  });

  it("re-adds only the missing half: live after a detach outside Pulumi", () => {
    const web = domain("web", "running", [root, ours("vdb")], { live: [root] });
    const plan = planAttachment({ diskName: "data", volume, domains: [web], desired: want("web") });
    assert.deepEqual(plan.attach?.scope, { live: true, config: false });
    assert.equal(plan.attach?.device.target, "vdb");
  });

  it("moves: detaches from the old VM, attaches to the new one, keeping the target when free", () => {
    const plan = planAttachment({
      diskName: "data",
      volume,
      domains: [domain("old", "running", [root, ours("vdc")]), domain("new", "running", [root])],
      desired: want("new", { preferredTarget: "vdc" }),
    });
    assert.deepEqual(plan.detach, [{ domain: "old", device: ours("vdc"), scope: { live: true, config: true } }]);
    assert.equal(plan.attach?.domain, "new");
    assert.equal(plan.attach?.device.target, "vdc");
  });

  it("detaches everywhere when no VM is wanted", () => {
    const plan = planAttachment({ diskName: "data", volume, domains: [domain("web", "stopped", [root, ours()])] });
    assert.deepEqual(plan.detach, [{ domain: "web", device: ours(), scope: { live: false, config: true } }]);
    assert.equal(plan.attach, undefined);
  });

  it("adds a virtio-scsi controller for a scsi disk when the VM has none", () => {
    const plan = planAttachment({ diskName: "data", volume, domains: [domain("web", "running", [root])], desired: want("web", { interface: "scsi" }) });
    assert.equal(plan.attach?.device.target, "sda");
    assert.deepEqual(plan.attach?.scsiController, { live: true, config: true });
    const withController = domain("web", "running", [root], { scsiController: { live: true, config: true } });
    assert.deepEqual(planAttachment({ diskName: "data", volume, domains: [withController], desired: want("web", { interface: "scsi" }) }).attach?.scsiController, { live: false, config: false });
  });

  it("re-plugs with new settings on a stopped VM, refuses on a running one", () => {
    const stopped = planAttachment({ diskName: "data", volume, domains: [domain("web", "stopped", [root, ours()])], desired: want("web", { cache: "none" }) });
    assert.deepEqual(stopped.detach, [{ domain: "web", device: ours(), scope: { live: false, config: true } }]);
    assert.deepEqual(stopped.attach?.device, ours("vdb", { cache: "none" }));
    assert.throws(
      () => planAttachment({ diskName: "data", volume, domains: [domain("web", "running", [root, ours()])], desired: want("web", { cache: "none" }) }),
      /Changing cache of Disk "data" needs VM "web" to be stopped/,
    );
  });

  it("refuses what cannot work before anything changes", () => {
    const cases: Array<[DomainDisks[], DesiredAttachment | undefined, RegExp]> = [
      [[domain("web", "absent", [])], want("web"), /VM "web" does not exist.*pass the VirtualMachine resource as vm/],
      [[domain("web", "suspended", [root])], want("web"), /VM "web" is suspended .* Set the VM's state to "running" or "stopped"/],
      [[domain("web", "running", [root])], want("web", { interface: "sata" }), /interface sata, and sata disks cannot be hot-plugged .* Nothing was changed/],
      [[domain("web", "running", [root, ours("sdb", { bus: "ide" })])], undefined, /ide disks cannot be hot-plugged or hot-unplugged while VM "web" runs/],
      [[domain("web", "paused", [root, ours()])], undefined, /VM "web" is paused, and a paused guest cannot release disk vdb/],
      [[domain("web", "running", [root])], want("web", { target: "vda" }), /Target vda on VM "web" is already used by volume web-root.qcow2/],
    ];
    for (const [domains, desired, message] of cases) {
      assert.throws(() => planAttachment({ diskName: "data", volume, domains, desired }), message);
    }
  });

  it("attaches a sata disk to a stopped VM (persisted only)", () => {
    const plan = planAttachment({ diskName: "data", volume, domains: [domain("web", "stopped", [root])], desired: want("web", { interface: "sata" }) });
    assert.deepEqual(plan.attach?.scope, { live: false, config: true });
    assert.equal(plan.attach?.device.target, "sda");
  });

  it("attaches to a paused VM (the guest sees the disk when it resumes)", () => {
    const plan = planAttachment({ diskName: "data", volume, domains: [domain("web", "paused", [root])], desired: want("web") });
    assert.deepEqual(plan.attach?.scope, { live: true, config: true });
  });
});
