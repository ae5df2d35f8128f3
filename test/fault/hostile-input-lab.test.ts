import { strict as assert } from "assert";
import { existsSync } from "fs";
import { join } from "path";
import { virsh } from "../../provider/libvirt/virsh";
import { resourceProviders } from "../../provider";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { parseDomainXml } from "../../provider/xml/parse-domain";
import { guestVmInputs } from "../support/guest";
import { CANARY, checkOf, HOSTILE_VALUES } from "../support/hostile-inputs";
import { labConnection, labHost, labSettings, onLabHost, testName } from "../support/lab";
import { readSeed } from "../support/seed-files";
import { configureForLab } from "../support/vm-harness";

type Props = Record<string, unknown> & { name: string };
interface Made {
  kind: "VirtualMachine" | "Disk" | "NetworkInterface" | "Snapshot" | "SnapshotSchedule" | "Image";
  id: string;
  outs: Props;
}

/** Checked inputs, or undefined when check refuses them (the check table proves the refusal is clear). */
async function checked(kind: Made["kind"], raw: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  const outcome = await checkOf(kind)(raw);
  return outcome.failures ? undefined : outcome.inputs;
}

const provider = (kind: Made["kind"]) =>
  resourceProviders[kind] as unknown as {
    create(inputs: unknown): Promise<{ id: string; outs: Props }>;
    read(id: string, props: unknown): Promise<{ id: string; props: Props }>;
    delete(id: string, props: unknown): Promise<void>;
  };

/** Where a hostile value that ran as a command would have left the canary file. */
function canaryFound(): string[] {
  const places = ["/tmp", "/", "/root", "/home/voidvm", "/var/lib/voidvm", "/var/lib/libvirt", "/var/lib/libvirt/qemu", "/etc/voidvm", process.cwd()];
  return places.map((dir) => join(dir, CANARY)).filter((file) => existsSync(file));
}

describe("hostile input on the lab: accepted values round-trip byte-exactly through create and read, and none runs on the host", function () {
  this.timeout(600_000);
  const made: Made[] = [];
  let snapshotVm: Made | undefined;
  let imageDir = "";

  before(async () => {
    assert.deepEqual(canaryFound(), [], "no canary before the test");
    await configureForLab();
    // One stopped VM with a small qcow2 root disk carries the snapshots.
    const inputs = await checked("VirtualMachine", guestVmInputs(testName("hi-snap"), { connection: labConnection(), state: "stopped", disk: { size: 1 } }));
    assert.ok(inputs);
    const { id, outs } = await provider("VirtualMachine").create(inputs);
    snapshotVm = { kind: "VirtualMachine", id, outs };
  });

  after(async () => {
    // Schedules and snapshots first, then disks and VMs; every one even when another fails.
    const order = ["SnapshotSchedule", "Snapshot", "NetworkInterface", "Disk", "VirtualMachine", "Image"];
    const all = [...made].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
    if (snapshotVm) all.push(snapshotVm);
    if (imageDir) await onLabHost('rm -rf -- "$1"', [imageDir]).catch(() => undefined);
    const failures: string[] = [];
    for (const item of all) await provider(item.kind).delete(item.id, item.outs).catch((e: Error) => failures.push(`${item.kind} ${item.id}: ${e.message}`));
    closeAllConnections();
    assert.deepEqual(failures, []);
  });

  HOSTILE_VALUES.forEach(({ label, value }, i) => {
    it(`${label}: VM name, description and kernel cmdline; Disk name, attached; a NIC; Snapshot name and description; a schedule on the VM`, async () => {
      const prefix = testName(`hi${i}`);
      const vmInputs =
        (await checked("VirtualMachine", guestVmInputs(`${prefix}-${value}`, { connection: labConnection(), state: "stopped", description: value, os: kernelOs(value) }))) ??
        (await checked("VirtualMachine", guestVmInputs(prefix, { connection: labConnection(), state: "stopped", description: value, os: kernelOs(value) }))) ??
        (await checked("VirtualMachine", guestVmInputs(prefix, { connection: labConnection(), state: "stopped", description: value }))) ??
        (await checked("VirtualMachine", guestVmInputs(prefix, { connection: labConnection(), state: "stopped" })));
      assert.ok(vmInputs, "a plain VM is accepted");
      const vm = await provider("VirtualMachine").create(vmInputs);
      made.push({ kind: "VirtualMachine", ...vm });
      const readVm = await provider("VirtualMachine").read(vm.id, vm.outs);
      assert.equal(readVm.id, vm.id);
      assert.equal(readVm.props.name, vmInputs.name);
      assert.equal(readVm.props.description, vmInputs.description);
      const xml = (await virsh(labHost(), ["dumpxml", "--inactive", "--", vmInputs.name as string])).stdout;
      const spec = await parseDomainXml(xml);
      assert.equal(spec.name, vmInputs.name, "the domain's name on the host, byte for byte");
      assert.equal(spec.description, vmInputs.description, "the description on the host, byte for byte");
      assert.equal(spec.os.cmdline, (vmInputs.os as { cmdline?: string }).cmdline, "the kernel command line on the host, byte for byte");

      const diskInputs =
        (await checked("Disk", { connection: labConnection(), name: `${prefix}-${value}`, vm: vmInputs.name, size: 1, pool: labSettings().pool, limits: { minDiskSize: 1 } })) ??
        (await checked("Disk", { connection: labConnection(), name: prefix, vm: vmInputs.name, size: 1, pool: labSettings().pool, limits: { minDiskSize: 1 } }));
      assert.ok(diskInputs);
      const disk = await provider("Disk").create(diskInputs);
      made.push({ kind: "Disk", ...disk });
      assert.equal((await provider("Disk").read(disk.id, disk.outs)).props.name, diskInputs.name);
      // vol-info by the exact name (virsh's tables print non-ASCII as \\xff in the C locale of an SSH session).
      const volume = await virsh(labHost(), ["vol-info", "--pool", labSettings().pool, "--", `${diskInputs.name as string}.qcow2`], { allowFailure: true });
      assert.equal(volume.exitCode, 0, `the volume by its exact name on the host: ${volume.stderr}`);

      // A NetworkInterface on the hostile VM: the VM's name reaches virsh attach-device and the XML.
      const mac = `52:54:00:fa:17:${i.toString(16).padStart(2, "0")}`;
      const nicInputs = await checked("NetworkInterface", { connection: labConnection(), vm: vmInputs.name, type: "network", source: labSettings().network, mac });
      assert.ok(nicInputs);
      const nic = await provider("NetworkInterface").create(nicInputs);
      made.push({ kind: "NetworkInterface", ...nic });
      assert.equal((await provider("NetworkInterface").read(nic.id, nic.outs)).props.vm, vmInputs.name);
      assert.ok((await virsh(labHost(), ["dumpxml", "--inactive", "--", vmInputs.name as string])).stdout.includes(mac), "the interface is in the VM's definition");

      const vmName = snapshotVm?.outs.name ?? "";
      const snapshotInputs =
        (await checked("Snapshot", { connection: labConnection(), vm: vmName, name: `s${i}-${value}`, description: value })) ??
        (await checked("Snapshot", { connection: labConnection(), vm: vmName, name: `s${i}`, description: value })) ??
        (await checked("Snapshot", { connection: labConnection(), vm: vmName, name: `s${i}` }));
      assert.ok(snapshotInputs);
      const snapshot = await provider("Snapshot").create(snapshotInputs);
      made.push({ kind: "Snapshot", ...snapshot });
      const readSnapshot = await provider("Snapshot").read(snapshot.id, snapshot.outs);
      assert.equal(readSnapshot.props.name, snapshotInputs.name);
      assert.equal(readSnapshot.props.description, snapshotInputs.description);

      // A schedule on the hostile VM, run by the host's cron every minute: the VM's name reaches
      // the host's run script, and {vm} puts it into the snapshot names it makes.
      const scheduleInputs = await checked("SnapshotSchedule", {
        connection: labConnection(),
        vm: vmInputs.name,
        name: testName(`hs${i}`),
        schedule: "* * * * *",
        naming: "{vm}-{timestamp}",
        deleteSnapshotsOnDelete: true,
      });
      assert.ok(scheduleInputs);
      const schedule = await provider("SnapshotSchedule").create(scheduleInputs);
      made.push({ kind: "SnapshotSchedule", ...schedule });
      assert.equal((await provider("SnapshotSchedule").read(schedule.id, schedule.outs)).props.vm, vmInputs.name);
    });
  });

  it("Image hostPath: a host file under every accepted hostile path imports, and reads back with the same path", async () => {
    imageDir = (await onLabHost('d=$(mktemp -d /tmp/vvt-himg.XXXXXX) && chmod 755 "$d" && echo "$d"')).stdout.trim();
    let imported = 0;
    for (const [i, { label, value }] of HOSTILE_VALUES.entries()) {
      const hostPath = `${imageDir}/${value}.qcow2`;
      const inputs = await checked("Image", { connection: labConnection(), name: testName(`himg${i}`), hostPath });
      if (!inputs) continue; // refused in check: the check table proves the refusal names hostPath
      const file = await onLabHost('mkdir -p -- "$(dirname -- "$1")" && qemu-img create -q -f qcow2 -- "$1" 1M', [hostPath], { allowFailure: true });
      if (file.exitCode !== 0) {
        // No such file can be made (a name over 255 bytes, ../ out of reach): the create says so, naming the path.
        await assert.rejects(provider("Image").create(inputs), (error: Error) => error.message.includes(`there is no readable file ${hostPath}`));
        continue;
      }
      const image = await provider("Image").create(inputs);
      made.push({ kind: "Image", ...image });
      assert.equal((await provider("Image").read(image.id, image.outs)).props.hostPath, hostPath, label);
      imported++;
    }
    assert.ok(imported >= 6, `${imported} hostile paths imported`);
  });

  it("cloud-init userData and networkConfig holding every hostile value reach the seed byte for byte", async () => {
    const userData = `#!/bin/sh\n${HOSTILE_VALUES.map((v) => v.value).join("\n")}\n`;
    const networkConfig = HOSTILE_VALUES.map((v) => v.value).join("\n");
    const inputs = await checked("VirtualMachine", guestVmInputs(testName("hi-seed"), { connection: labConnection(), state: "stopped", cloudInit: { userData, networkConfig } }));
    assert.ok(inputs);
    const vm = await provider("VirtualMachine").create(inputs);
    made.push({ kind: "VirtualMachine", ...vm });
    const seed = vm.outs.seedVolume as { name: string } | undefined;
    assert.ok(seed, "the VM made a seed volume");
    const files = await readSeed(seed.name);
    assert.equal(files["user-data"], userData);
    assert.equal(files["network-config"], networkConfig);
  });

  it("cron ran every schedule on a hostile VM name (each logged a run)", async () => {
    const schedules = made.filter((m) => m.kind === "SnapshotSchedule");
    assert.equal(schedules.length, HOSTILE_VALUES.length);
    const deadline = Date.now() + 150_000;
    let waiting = schedules;
    while (waiting.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10_000));
      const read = await Promise.all(waiting.map(async (m) => ({ m, props: (await provider(m.kind).read(m.id, m.outs)).props })));
      waiting = read.filter(({ props }) => !props.lastLogLine).map(({ m }) => m);
    }
    assert.deepEqual(waiting.map((m) => m.outs.vm), [], "schedules cron never ran");
  });

  it("no hostile value ran as a command: the canary file is nowhere, here or on the lab host", async () => {
    assert.deepEqual(canaryFound(), []);
    const onHost = await onLabHost(`for d in /tmp "$HOME" / "$(pwd)"; do [ -e "$d/$1" ] && echo "$d/$1"; done; true`, [CANARY]);
    assert.equal(onHost.stdout.trim(), "");
  });
});

/** The lab guest's kernel with a hostile command line. */
function kernelOs(value: string): Record<string, unknown> {
  const lab = labSettings();
  return { kernel: lab.guest.kernel, initrd: lab.guest.initrd, cmdline: `console=ttyS0 ${value}` };
}
