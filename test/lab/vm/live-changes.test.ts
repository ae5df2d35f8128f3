import { strict as assert } from "assert";
import { createVolume, deleteVolume } from "../../../provider/libvirt/volumes";
import { virsh } from "../../../provider/libvirt/virsh";
import { createVm } from "../../../provider/resources/vm/create";
import { deleteVm } from "../../../provider/resources/vm/delete";
import { diffVm } from "../../../provider/resources/vm/diff";
import type { VmOutputs } from "../../../provider/resources/vm/outputs";
import { readVm } from "../../../provider/resources/vm/read";
import { updateVm } from "../../../provider/resources/vm/update";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { httpGet } from "../../support/guest";
import { labHost, labSettings, testName } from "../../support/lab";
import { bootId, configureForLab, domstate, labVmInputs } from "../../support/vm-harness";

describe("VirtualMachine live and cold changes on the lab", function () {
  this.timeout(900_000);
  const name = testName("live");
  const shape = { cpu: { cores: 1, maxCores: 2 }, memory: { size: 256, maxSize: 384 }, vnc: { enabled: true, password: "first1" } };
  let vm: VmOutputs | undefined;
  let ip = "";

  before(async () => {
    await configureForLab();
    vm = (await createVm(labVmInputs(name, shape))).outs;
    ip = vm.ipAddresses[0]!;
    await bootId(ip);
  });
  after(async () => {
    if (vm) await deleteVm(vm);
    closeAllConnections();
  });

  it("changes the description, autostart and memory live, without a restart", async () => {
    const before = await bootId(ip);
    vm = await updateVm(vm!, labVmInputs(name, { ...shape, description: "changed live", autostart: true, memory: { size: 320, maxSize: 384 } }));
    assert.equal(vm.description, "changed live");
    assert.equal(vm.autostart, true);
    assert.match((await virsh(labHost(), ["dominfo", "--", name])).stdout, /Autostart:\s+enable/);
    assert.equal(vm.memory.size, 320);
    const actual = (await virsh(labHost(), ["dommemstat", "--", name])).stdout.match(/actual (\d+)/)?.[1];
    assert.ok(Math.abs(Number(actual) - 327680) <= 8192, `the balloon is at ${actual} KiB`);
    const config = (await virsh(labHost(), ["dumpxml", "--inactive", "--", name])).stdout;
    assert.match(config, /<currentMemory unit='KiB'>327680<\/currentMemory>/);
    assert.match(config, /<description>changed live<\/description>/);
    assert.equal(await bootId(ip), before, "no restart");
  });

  it("adds a vCPU live within maxCores: the guest sees it without a restart", async () => {
    const before = await bootId(ip);
    vm = await updateVm(vm!, labVmInputs(name, { ...shape, cpu: { cores: 2, maxCores: 2 }, memory: { size: 320, maxSize: 384 } }));
    assert.equal(vm.cpu.cores, 2);
    let cpus = "";
    for (let i = 0; i < 20 && cpus !== "2"; i++) {
      cpus = (await httpGet(`http://${ip}/cgi-bin/cpus`)).trim();
      if (cpus !== "2") await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(cpus, "2");
    assert.equal(await bootId(ip), before);
  });

  it("changes the VNC password live and reports where VNC listens", async () => {
    const before = await bootId(ip);
    vm = await updateVm(vm!, labVmInputs(name, { ...shape, cpu: { cores: 2, maxCores: 2 }, memory: { size: 320, maxSize: 384 }, vnc: { enabled: true, password: "second2" } }));
    const secure = (await virsh(labHost(), ["dumpxml", "--security-info", "--", name])).stdout;
    assert.match(secure, /passwd='second2'/);
    assert.equal(vm.vncEndpoint?.host, "127.0.0.1");
    assert.ok((vm.vncEndpoint?.port ?? 0) >= 5900);
    assert.doesNotMatch(vm.domainXml, /second2/, "the password is not in the domainXml output");
    assert.equal(await bootId(ip), before);
  });

  it("detects out-of-band changes on refresh: memory set and VM stopped outside Pulumi", async () => {
    const desired = labVmInputs(name, { ...shape, cpu: { cores: 2, maxCores: 2 }, memory: { size: 320, maxSize: 384 }, vnc: { enabled: true, password: "second2" } });
    await virsh(labHost(), ["setmem", "--domain", name, "--size", "256M", "--live"]);
    let refreshed = (await readVm(vm!.uuid, vm!)).props as VmOutputs;
    for (let i = 0; i < 30 && refreshed.memory.size !== 256; i++) {
      await new Promise((r) => setTimeout(r, 500)); // the guest's balloon takes a moment to inflate
      refreshed = (await readVm(vm!.uuid, vm!)).props as VmOutputs;
    }
    assert.equal(refreshed.memory.size, 256);
    assert.deepEqual(diffVm(refreshed, desired).detailedDiff, { "memory.size": { kind: "update", inputDiff: true } });
    await virsh(labHost(), ["destroy", "--", name]);
    refreshed = (await readVm(vm!.uuid, vm!)).props as VmOutputs;
    assert.equal(refreshed.state, "stopped");
    assert.ok(diffVm(refreshed, desired).detailedDiff.state);
    vm = await updateVm(refreshed, desired);
    assert.equal(await domstate(name), "running");
    ip = vm.ipAddresses[0]!;
  });

  it("applies a cold change with allowRestart by one restart, keeping devices other resources attached", async () => {
    const host = labHost();
    const volume = { pool: labSettings().pool, name: `${name}-data.raw` };
    const scsiVolume = { pool: labSettings().pool, name: `${name}-scsi.raw` };
    await createVolume(host, volume, 1, "raw");
    await createVolume(host, scsiVolume, 2, "raw");
    try {
      const path = (await virsh(host, ["vol-path", "--pool", volume.pool, volume.name])).stdout.trim();
      await virsh(host, ["attach-disk", "--domain", name, "--source", path, "--target", "vdb", "--targetbus", "virtio", "--live", "--config"]);
      // A scsi disk needs the virtio-scsi controller its Disk resource adds: both must survive.
      const controller = "<controller type='scsi' index='0' model='virtio-scsi'/>";
      await virsh(host, ["attach-device", "--domain", name, "--file", "/dev/stdin", "--live", "--config"], { stdin: controller });
      const scsiPath = (await virsh(host, ["vol-path", "--pool", scsiVolume.pool, scsiVolume.name])).stdout.trim();
      await virsh(host, ["attach-disk", "--domain", name, "--source", scsiPath, "--target", "sdb", "--targetbus", "scsi", "--live", "--config"]);
      const before = await bootId(ip);
      const cold = { ...shape, cpu: { cores: 2, maxCores: 2 }, memory: { size: 320, maxSize: 448 }, vnc: { enabled: true, password: "second2" } };
      await assert.rejects(updateVm(vm!, labVmInputs(name, cold)), /memory\.maxSize needs a restart .* allowRestart: true/s);
      vm = await updateVm(vm!, labVmInputs(name, { ...cold, allowRestart: true }));
      assert.equal(await domstate(name), "running");
      assert.equal(vm.memory.maxSize, 448);
      const after = await bootId(vm.ipAddresses[0]!);
      assert.notEqual(after, before, "the guest booted again");
      assert.match((await virsh(host, ["dumpxml", "--inactive", "--", name])).stdout, /<target dev='vdb' bus='virtio'\/>/);
      // The guest names virtio disks in PCI order: the VM has no root disk, so the data disk is its vda.
      const disks = await httpGet(`http://${vm.ipAddresses[0]}/cgi-bin/disks`);
      assert.match(disks, /1048576 vd/);
      assert.match(disks, /2097152 sd/, "the scsi disk is still there, on its virtio-scsi controller");
      await virsh(host, ["detach-disk", "--domain", name, "--target", "vdb", "--config"]);
      await virsh(host, ["detach-disk", "--domain", name, "--target", "sdb", "--config"]);
    } finally {
      await deleteVolume(host, volume).catch(() => undefined);
      await deleteVolume(host, scsiVolume).catch(() => undefined);
    }
  });

  it("reports a VM removed outside Pulumi as gone", async () => {
    await deleteVm(vm!);
    const refreshed = await readVm(vm!.uuid, vm!);
    assert.equal(refreshed.id, "");
    vm = undefined;
  });
});
