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
import type { VmOutputs } from "../../../provider/resources/vm/outputs";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { labHost, labSettings, testName } from "../../support/lab";
import {
  bootId,
  createGuestVm,
  diskInputs,
  domainXml,
  expectedBytes,
  GIB_KIB,
  readPattern,
  removeVolume,
  volumeCapacity,
  volumeExistsOnLab,
  waitForGuestDisk,
  writePattern,
  reportCleanup,
} from "./disk-harness";

/** Buses, unattached volumes, stopped VMs, and what is refused before anything changes. */
describe("Disk on the lab: buses, stopped VMs and refusals", function () {
  this.timeout(900_000);
  let running: VmOutputs | undefined;
  let stopped: VmOutputs | undefined;
  const disks: DiskOutputs[] = [];
  const volumes: string[] = [];
  const ip = () => running!.ipAddresses[0]!;

  function name(label: string, type = "qcow2"): string {
    const n = testName(label);
    volumes.push(`${n}.${type}`);
    return n;
  }

  async function create(inputs: Parameters<typeof createDisk>[0]): Promise<DiskOutputs> {
    const { outs } = await createDisk(inputs);
    disks.push(outs);
    return outs;
  }

  async function remove(disk: DiskOutputs): Promise<void> {
    await deleteDisk(disk);
    disks.splice(disks.findIndex((d) => d.name === disk.name), 1);
  }

  before(async () => {
    await configureProvider({ get: (key) => (key === "voidvm:pool" ? labSettings().pool : undefined) });
    [running, stopped] = await Promise.all([createGuestVm(testName("bus-run")), createGuestVm(testName("bus-stop"), { state: "stopped" })]);
    await bootId(ip());
  });

  after(async () => {
    for (const disk of disks) await deleteDisk(disk).catch(reportCleanup);
    for (const vm of [running, stopped]) if (vm) await deleteVm(vm).catch(reportCleanup);
    for (const volume of volumes) await removeVolume(volume);
    closeAllConnections();
  });

  it("an unattached raw volume grows by volume resize, then attaches to a stopped VM in its definition only", async () => {
    const n = name("loose", "raw");
    let disk = await create(diskInputs(n, { type: "raw" }));
    assert.equal(disk.vm, undefined);
    assert.equal(disk.capacityBytes, 1024 ** 3);
    disk = await updateDisk(disk, diskInputs(n, { type: "raw", size: 2 }));
    assert.equal(await volumeCapacity(`${n}.raw`), 2 * 1024 ** 3);
    disk = await updateDisk(disk, diskInputs(n, { type: "raw", size: 2, vm: stopped!.name, vmUuid: stopped!.uuid }));
    assert.equal(disk.vm, stopped!.name);
    assert.equal(disk.vmState, "stopped");
    assert.equal(disk.target, "vdb");
    assert.match(await domainXml(stopped!.name, true), new RegExp(`<source pool='${labSettings().pool}' volume='${n}.raw'/>`));
    assert.equal((await virsh(labHost(), ["domstate", "--", stopped!.name])).stdout.trim(), "shut off", "attaching did not start the VM");
    disks[disks.length - 1] = disk;
  });

  it("changes cache on a stopped VM by re-plugging it in the definition", async () => {
    const disk = disks[disks.length - 1]!;
    const news = diskInputs(disk.name, { type: "raw", size: 2, vm: stopped!.name, vmUuid: stopped!.uuid, cache: "none" });
    assert.equal(diffDisk(disk, news).changes, true);
    const updated = await updateDisk(disk, news);
    assert.equal(updated.cache, "none");
    assert.equal(updated.target, "vdb");
    assert.match(await domainXml(stopped!.name, true), /<driver name='qemu' type='raw' cache='none'\/>/);
    await remove(updated);
    assert.doesNotMatch(await domainXml(stopped!.name, true), new RegExp(disk.name));
    assert.equal(await volumeExistsOnLab(`${disk.name}.raw`), false, "deleted with the Disk");
  });

  it("a scsi disk gets a virtio-scsi controller, shows up as sda in the guest, and grows live", async () => {
    const n = name("scsi");
    const onVm = (size: number) => diskInputs(n, { size, interface: "scsi", vm: running!.name, vmUuid: running!.uuid });
    let disk = await create(onVm(1));
    assert.equal(disk.target, "sda");
    assert.match(await domainXml(running!.name, false), /<controller type='scsi' index='0' model='virtio-scsi'>/);
    assert.match(await domainXml(running!.name, true), /<controller type='scsi' index='0' model='virtio-scsi'>/);
    await waitForGuestDisk(ip(), "sda", GIB_KIB);
    assert.equal(await writePattern(ip(), "sda", "scsi-bytes"), "ok sda 1048576");
    disk = await updateDisk(disk, onVm(2));
    disks[disks.length - 1] = disk;
    assert.equal((await waitForGuestDisk(ip(), "sda", 2 * GIB_KIB)).get("sda"), 2 * GIB_KIB);
    assert.equal(await readPattern(ip(), "sda"), expectedBytes("scsi-bytes"));
    await remove(disk);
    assert.equal((await waitForGuestDisk(ip(), "sda", undefined)).has("sda"), false);
  });

  it("refuses a sata disk on a running VM before anything changes (sata cannot be hot-plugged)", async () => {
    const n = name("sata-live");
    const before = await domainXml(running!.name, true);
    await assert.rejects(createDisk(diskInputs(n, { interface: "sata", vm: running!.name })), (error: Error) => {
      assert.match(error.message, /interface sata, and sata disks cannot be hot-plugged .* Nothing was changed\. Stop the VM/);
      return true;
    });
    assert.equal(await volumeExistsOnLab(`${n}.qcow2`), false, "no volume was created");
    assert.equal(await domainXml(running!.name, true), before, "the VM's definition is unchanged");
  });

  it("attaches a sata disk to a stopped VM", async () => {
    const n = name("sata-cold");
    const disk = await create(diskInputs(n, { interface: "sata", vm: stopped!.name }));
    assert.equal(disk.target, "sda");
    assert.match(await domainXml(stopped!.name, true), /<target dev='sda' bus='sata'\/>/);
    await remove(disk);
    assert.doesNotMatch(await domainXml(stopped!.name, true), /bus='sata'/);
  });

  it("refuses a cache change of a disk on a running VM, in preview and in update, and changes nothing", async () => {
    const n = name("cold");
    const disk = await create(diskInputs(n, { vm: running!.name, vmUuid: running!.uuid }));
    const news = diskInputs(n, { vm: running!.name, vmUuid: running!.uuid, cache: "none" });
    assert.throws(() => diffDisk(disk, news), /Changing cache of Disk .* needs VM .* to be stopped/);
    await assert.rejects(updateDisk({ ...disk, vmState: "stopped" }, news), /Changing cache of Disk .* needs VM .* to be stopped/);
    assert.doesNotMatch(await domainXml(running!.name, true), /cache='none'/);
    await waitForGuestDisk(ip(), "vdb", GIB_KIB);
    await remove(disk);
  });

  it("a create that libvirt refuses after the volume exists removes the volume again", async () => {
    const n = name("badide");
    await assert.rejects(createDisk(diskInputs(n, { interface: "ide", target: "hdf", vm: stopped!.name })), (error: Error) => {
      assert.match(error.message, /Creating Disk ".*" failed and its volume was removed again: .*IDE controller/);
      return true;
    });
    assert.equal(await volumeExistsOnLab(`${n}.qcow2`), false);
  });

  it("refresh reports a volume deleted outside Pulumi as gone", async () => {
    const n = name("gone");
    const disk = await create(diskInputs(n));
    await virsh(labHost(), ["vol-delete", "--pool", disk.pool, "--vol", `${n}.qcow2`]);
    assert.deepEqual(await readDisk(`${disk.pool}/${n}.qcow2`, disk), { id: "", props: {} });
    await remove(disk);
  });
});
