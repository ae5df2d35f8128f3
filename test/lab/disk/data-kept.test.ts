import { strict as assert } from "assert";
import { configureProvider } from "../../../provider/config/configure";
import { virsh } from "../../../provider/libvirt/virsh";
import { createDisk } from "../../../provider/resources/disk/create";
import { deleteDisk } from "../../../provider/resources/disk/delete";
import { diffDisk } from "../../../provider/resources/disk/diff";
import type { DiskOutputs } from "../../../provider/resources/disk/outputs";
import { readDisk } from "../../../provider/resources/disk/read";
import { updateDisk } from "../../../provider/resources/disk/update";
import { deleteVm } from "../../../provider/resources/vm/delete";
import { updateVm } from "../../../provider/resources/vm/update";
import type { VmOutputs } from "../../../provider/resources/vm/outputs";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { renderDiskDeviceXml } from "../../../provider/xml/render-disk-device";
import { labHost, labSettings, testName } from "../../support/lab";
import {
  bootId,
  createGuestVm,
  diskInputs,
  domainXml,
  expectedBytes,
  vmInputs,
  GIB_KIB,
  readPattern,
  removeVolume,
  volumeCapacity,
  volumeExistsOnLab,
  waitForGuestDisk,
  writePattern,
  reportCleanup,
} from "./disk-harness";

/**
 * One Disk through its whole life on two running test guests: every step checks the guest's own
 * view of the disk and that the bytes written at the start are still there.
 */
describe("Disk on the lab: the data survives growing, detaching, moving and a replaced VM", function () {
  this.timeout(900_000);
  const diskName = testName("data");
  const volumeName = `${diskName}.qcow2`;
  const pattern = `voidvm-${process.pid}-bytes`;
  let a: VmOutputs | undefined;
  let b: VmOutputs | undefined;
  let disk: DiskOutputs | undefined;
  const ip = (vm: VmOutputs | undefined) => vm!.ipAddresses[0]!;
  const onA = (extra: Record<string, unknown> = {}) => diskInputs(diskName, { vm: a!.name, vmUuid: a!.uuid, ...extra });

  before(async () => {
    await configureProvider({ get: (key) => (key === "voidvm:pool" ? labSettings().pool : undefined) });
    [a, b] = await Promise.all([createGuestVm(testName("disk-a")), createGuestVm(testName("disk-b"))]);
    await Promise.all([bootId(ip(a)), bootId(ip(b))]);
  });

  after(async () => {
    if (disk) await deleteDisk(disk).catch(reportCleanup);
    for (const vm of [a, b]) if (vm) await deleteVm(vm).catch(reportCleanup);
    await removeVolume(volumeName);
    closeAllConnections();
  });

  it("creates a 1 GiB disk, hot-plugged into the running VM and persisted; the guest writes a pattern on it", async () => {
    disk = (await createDisk(onA({ size: 1 }))).outs;
    assert.equal(disk.vm, a!.name);
    assert.equal(disk.vmUuid, a!.uuid);
    assert.equal(disk.target, "vdb");
    assert.equal(disk.size, 1);
    assert.equal(disk.pool, labSettings().pool, "the stack's default pool");
    assert.match(await domainXml(a!.name, true), new RegExp(`volume='${volumeName}'`), "persisted in the definition");
    const disks = await waitForGuestDisk(ip(a), "vdb", GIB_KIB);
    assert.equal(disks.get("vdb"), GIB_KIB, "the guest sees a 1 GiB vdb");
    assert.equal(await writePattern(ip(a), "vdb", pattern), "ok vdb 1048576");
    assert.equal(await readPattern(ip(a), "vdb"), expectedBytes(pattern));
  });

  it("grows to 2 GiB while the VM runs: no restart, the guest sees 2 GiB, the pattern is still there", async () => {
    const boot = await bootId(ip(a));
    assert.deepEqual(diffDisk(disk!, onA({ size: 2 })), { changes: true, replaces: [], deleteBeforeReplace: false });
    disk = await updateDisk(disk!, onA({ size: 2 }));
    assert.equal(disk.size, 2);
    assert.equal(await volumeCapacity(volumeName), 2 * 1024 ** 3);
    assert.equal((await waitForGuestDisk(ip(a), "vdb", 2 * GIB_KIB)).get("vdb"), 2 * GIB_KIB, "the guest sees 2 GiB at once");
    assert.equal(await readPattern(ip(a), "vdb"), expectedBytes(pattern));
    assert.equal(await bootId(ip(a)), boot, "the guest did not restart");
  });

  it("refuses to shrink in preview, and the disk stays as it is", async () => {
    assert.throws(() => diffDisk(disk!, onA({ size: 1 })), /shrinking Disk .* from 2 GiB to 1 GiB would destroy the data/);
    await assert.rejects(updateDisk(disk!, onA({ size: 1 })), /shrinking/);
    assert.equal(await volumeCapacity(volumeName), 2 * 1024 ** 3);
  });

  it("detaches (hot-unplug, persisted) and attaches again: the bytes are kept", async () => {
    disk = await updateDisk(disk!, diskInputs(diskName, { size: 2 }));
    assert.equal(disk.vm, undefined);
    assert.equal((await waitForGuestDisk(ip(a), "vdb", undefined)).has("vdb"), false, "gone from the guest");
    assert.doesNotMatch(await domainXml(a!.name, true), new RegExp(volumeName), "gone from the definition");
    assert.equal(await volumeExistsOnLab(volumeName), true);
    disk = await updateDisk(disk, onA({ size: 2 }));
    assert.equal(disk.vm, a!.name);
    assert.equal(disk.target, "vdb", "the target is kept");
    await waitForGuestDisk(ip(a), "vdb", 2 * GIB_KIB);
    assert.equal(await readPattern(ip(a), "vdb"), expectedBytes(pattern));
  });

  it("refresh notices a detach made outside Pulumi; the next update attaches it again", async () => {
    const xml = renderDiskDeviceXml({ device: "disk", source: { pool: disk!.pool, volume: volumeName }, format: "qcow2", bus: "virtio", target: "vdb" });
    await virsh(labHost(), ["detach-device", "--domain", a!.name, "--file", "/dev/stdin", "--config"], { stdin: xml });
    const refreshed = await readDisk(`${disk!.pool}/${volumeName}`, disk!);
    assert.equal(refreshed.id, `${disk!.pool}/${volumeName}`);
    const observed = refreshed.props as DiskOutputs;
    assert.equal(observed.vm, undefined, "reported as detached");
    assert.equal(diffDisk(observed, onA({ size: 2 })).changes, true, "the next preview shows the attachment");
    disk = await updateDisk(observed, onA({ size: 2 }));
    assert.equal(disk.vm, a!.name);
    assert.match(await domainXml(a!.name, true), new RegExp(`volume='${volumeName}'`));
    assert.equal(diffDisk(disk, onA({ size: 2 })).changes, false);
  });

  it("moves to another running VM without recreating the volume", async () => {
    const path = disk!.path;
    disk = await updateDisk(disk!, diskInputs(diskName, { vm: b!.name, vmUuid: b!.uuid, size: 2 }));
    assert.equal(disk.vm, b!.name);
    assert.equal(disk.path, path);
    assert.equal((await waitForGuestDisk(ip(a), "vdb", undefined)).has("vdb"), false, "gone from the first VM");
    await waitForGuestDisk(ip(b), "vdb", 2 * GIB_KIB);
    assert.equal(await readPattern(ip(b), "vdb"), expectedBytes(pattern));
  });

  it("follows a replaced VM (same name, new uuid) and keeps its bytes", async () => {
    const name = b!.name;
    const oldUuid = b!.uuid;
    await deleteVm(b!);
    b = undefined;
    assert.equal(await volumeExistsOnLab(volumeName), true, "deleting the VM keeps the Disk's volume");
    b = await createGuestVm(name);
    assert.notEqual(b.uuid, oldUuid);
    const news = diskInputs(diskName, { vm: b.name, vmUuid: b.uuid, size: 2 });
    assert.deepEqual(diffDisk(disk!, news), { changes: true, replaces: [], deleteBeforeReplace: false });
    disk = await updateDisk(disk!, news);
    assert.equal(disk.vmUuid, b.uuid);
    await waitForGuestDisk(ip(b), "vdb", 2 * GIB_KIB);
    assert.equal(await readPattern(ip(b), "vdb"), expectedBytes(pattern));
  });

  it("stays attached with its bytes through a cold change of the VM (graceful restart)", async () => {
    const boot = await bootId(ip(b));
    b = await updateVm(b!, vmInputs(b!.name, { cpu: { cores: 1, model: "qemu64" }, allowRestart: true }));
    assert.notEqual(await bootId(ip(b)), boot, "the VM restarted");
    const refreshed = (await readDisk(`${disk!.pool}/${volumeName}`, disk!)).props as DiskOutputs;
    assert.equal(refreshed.vm, b.name, "still attached after the VM was redefined");
    assert.equal(diffDisk(refreshed, diskInputs(diskName, { vm: b.name, vmUuid: b.uuid, size: 2 })).changes, false);
    await waitForGuestDisk(ip(b), "vdb", 2 * GIB_KIB);
    assert.equal(await readPattern(ip(b), "vdb"), expectedBytes(pattern));
    disk = refreshed;
  });

  it("delete with retainOnDelete detaches the disk and keeps the volume with its bytes", async () => {
    disk = await updateDisk(disk!, diskInputs(diskName, { vm: b!.name, vmUuid: b!.uuid, size: 2, retainOnDelete: true }));
    await deleteDisk(disk);
    disk = undefined;
    assert.equal((await waitForGuestDisk(ip(b), "vdb", undefined)).has("vdb"), false);
    assert.doesNotMatch(await domainXml(b!.name, true), new RegExp(volumeName));
    assert.equal(await volumeExistsOnLab(volumeName), true, "the volume is kept");
    // Its bytes: plug the kept volume in by hand and read them in the guest.
    const xml = renderDiskDeviceXml({ device: "disk", source: { pool: labSettings().pool, volume: volumeName }, format: "qcow2", bus: "virtio", target: "vdb" });
    await virsh(labHost(), ["attach-device", "--domain", b!.name, "--file", "/dev/stdin", "--live"], { stdin: xml });
    await waitForGuestDisk(ip(b), "vdb", 2 * GIB_KIB);
    assert.equal(await readPattern(ip(b), "vdb"), expectedBytes(pattern));
  });
});
