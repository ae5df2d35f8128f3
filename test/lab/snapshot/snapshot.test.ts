import { strict as assert } from "assert";
import { gracefulStop } from "../../../provider/libvirt/lifecycle";
import { listSnapshots as hostSnapshots } from "../../../provider/libvirt/snapshots";
import { virsh } from "../../../provider/libvirt/virsh";
import { listSnapshots, mergeSnapshotChain, revertToSnapshot } from "../../../provider/operations";
import { createSnapshot } from "../../../provider/resources/snapshot/create";
import { deleteSnapshot } from "../../../provider/resources/snapshot/delete";
import type { SnapshotOutputs } from "../../../provider/resources/snapshot/outputs";
import { readSnapshot } from "../../../provider/resources/snapshot/read";
import { updateSnapshot } from "../../../provider/resources/snapshot/update";
import { createVm } from "../../../provider/resources/vm/create";
import { deleteVm } from "../../../provider/resources/vm/delete";
import type { VmOutputs } from "../../../provider/resources/vm/outputs";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { httpGet } from "../../support/guest";
import { labConnection, labHost, labSettings, testName } from "../../support/lab";
import { bootId, configureForLab, domstate, labVmInputs } from "../../support/vm-harness";
import { expectedBytes, readDisk, setPage, snapshotInputs, voidvmCli, writeDisk } from "./support";

/**
 * Snapshots of the real test guest (TCG, qcow2 root disk vda, which the initramfs guest leaves
 * blank for tests to write to). One VM for the whole file; each test leaves it running.
 */
describe("Snapshot on the lab: take, revert, describe, delete, merge", function () {
  this.timeout(600_000);
  const connection = labConnection();
  let vm: VmOutputs;
  let name = "";
  let ip = "";

  before(async () => {
    await configureForLab();
    name = testName("snap");
    ({ outs: vm } = await createVm(labVmInputs(name, { disk: { size: 1 } })));
    ip = vm.ipAddresses[0] ?? "";
    assert.ok(ip, "the guest got an address");
    assert.match(await httpGet(`http://${ip}/cgi-bin/disks`), /vda/, "the guest sees its qcow2 root disk as vda");
  });

  after(async () => {
    if (vm) await deleteVm(vm);
    // Overlay files of the external-chain test, should it have failed before merging them.
    await labHost().run(["rm", "-f", "--", `/var/lib/voidvm/pool/${name}-root.ext1`, `/var/lib/voidvm/pool/${name}-root.ext2`]);
    closeAllConnections();
  });

  let full: SnapshotOutputs;
  let diskOnly: SnapshotOutputs;

  it("a full snapshot of the running guest, a change, a revert: the change is gone and the guest runs on from the captured memory", async () => {
    const bootBefore = await bootId(ip);
    await setPage(ip, "before the snapshot");
    ({ outs: full } = await createSnapshot(snapshotInputs(name, "full-1", { includeMemory: true, description: "before the change" })));
    assert.equal(full.kind, "full");
    assert.equal(full.capturedState, "running");
    assert.equal(full.location, "internal");
    assert.ok((full.memoryStateBytes ?? 0) > 1_000_000, `QEMU reports the saved memory (${full.memoryStateBytes} bytes)`);
    assert.equal(full.domainUuid, vm.uuid);

    await setPage(ip, "changed after the snapshot");
    assert.match(await httpGet(`http://${ip}/`), /changed after the snapshot/);

    const outcome = await revertToSnapshot({ connection, vm: name, snapshot: "full-1" });
    assert.equal(outcome.after, "running");
    const page = await httpGet(`http://${ip}/`);
    assert.match(page, /before the snapshot/);
    assert.doesNotMatch(page, /changed after the snapshot/);
    assert.equal(await bootId(ip), bootBefore, "same boot: the memory was restored, the guest did not boot again");
  });

  it("a disk-only snapshot of the running guest keeps the disk's bytes exactly; the revert boots the VM from them", async () => {
    const bootBefore = await bootId(ip);
    const kept = `VVA-${Date.now()}`;
    assert.equal(await writeDisk(ip, kept), expectedBytes(kept));
    ({ outs: diskOnly } = await createSnapshot(snapshotInputs(name, "disk-1")));
    assert.equal(diskOnly.kind, "disk-only");
    assert.equal(diskOnly.capturedState, "running");
    assert.equal(diskOnly.location, "internal");
    assert.equal(diskOnly.memoryStateBytes, 0);

    const later = "VVB-overwritten";
    assert.equal(await writeDisk(ip, later), expectedBytes(later));

    const outcome = await revertToSnapshot({ connection, vm: name, snapshot: "disk-1" });
    assert.equal(outcome.kind, "disk-only");
    assert.equal(outcome.after, "running", "taken while running: the VM boots from the restored disks");
    assert.equal(await readDisk(ip), expectedBytes(kept), "the bytes at snapshot time, exactly");
    assert.notEqual(await bootId(ip), bootBefore, "a disk-only revert is a fresh boot");
  });

  it("the description changes in place and keeps VoidVM's tag; refresh reads it back", async () => {
    const news = snapshotInputs(name, "disk-1", { description: "nightly baseline\nsecond line" });
    const updated = await updateSnapshot(diskOnly, news);
    assert.equal(updated.description, "nightly baseline\nsecond line");
    const record = (await listSnapshots({ connection, vm: name })).find((s) => s.name === "disk-1");
    assert.equal(record?.description, "nightly baseline\nsecond line");
    assert.equal(record?.madeBy, "voidvm");
    assert.equal(record?.capturedState, "running", "the tag survived the change");
    const read = await readSnapshot(`${vm.uuid}/disk-1`, updated);
    assert.equal((read.props as SnapshotOutputs).description, "nightly baseline\nsecond line");
    diskOnly = updated;
  });

  it("refusals change nothing: a taken name, a VM that does not exist, memory of a stopped VM", async () => {
    const before = (await listSnapshots({ connection, vm: name })).map((s) => s.name);
    await assert.rejects(createSnapshot(snapshotInputs(name, "disk-1")), /was not taken, and nothing changed on the host: VM ".*" already has a snapshot named "disk-1"/);
    await assert.rejects(createSnapshot(snapshotInputs(`${name}-nope`, "x")), /was not taken, and nothing changed on the host: VM ".*-nope" does not exist/);

    await gracefulStop(labHost(), name, 20);
    await assert.rejects(
      createSnapshot(snapshotInputs(name, "mem-of-stopped", { includeMemory: true })),
      /VM ".*" is stopped, so it has no running memory to save; start it first, or set includeMemory: false/,
    );
    assert.deepEqual((await listSnapshots({ connection, vm: name })).map((s) => s.name), before);
    assert.equal(await domstate(name), "shut off", "the VM was left as it was");
  });

  it("a disk-only snapshot of a stopped VM reverts to a stopped VM with the disk as it was", async () => {
    const { outs } = await createSnapshot(snapshotInputs(name, "stopped-1"));
    assert.equal(outs.capturedState, "stopped");
    await virsh(labHost(), ["start", "--", name]);
    const stoppedContent = await readDisk(ip);
    await writeDisk(ip, "VVC-after-start");
    const outcome = await revertToSnapshot({ connection, vm: name, snapshot: "stopped-1" });
    assert.equal(outcome.after, "stopped", "as recorded");
    await virsh(labHost(), ["start", "--", name]);
    assert.equal(await readDisk(ip), stoppedContent);
    await deleteSnapshot(outs);
  });

  it("delete removes only that snapshot; refresh then finds it gone", async () => {
    await deleteSnapshot(full);
    const names = (await listSnapshots({ connection, vm: name })).map((s) => s.name);
    assert.ok(!names.includes("full-1"));
    assert.ok(names.includes("disk-1"));
    assert.equal((await readSnapshot(`${vm.uuid}/full-1`, full)).id, "");
    await deleteSnapshot(full); // deleting again is a no-op
  });

  it("an external chain made with virsh is listed, refused for revert, and merged back into the disk", async () => {
    const host = labHost();
    const pool = `/var/lib/voidvm/pool`;
    const overlays = [`${pool}/${name}-root.ext1`, `${pool}/${name}-root.ext2`];
    await virsh(host, ["snapshot-create-as", "--domain", name, "--name", "ext1", "--disk-only", "--diskspec", `vda,file=${overlays[0]}`]);
    await writeDisk(ip, "VVE-in-overlay-1");
    await virsh(host, ["snapshot-create-as", "--domain", name, "--name", "ext2", "--disk-only", "--diskspec", `vda,file=${overlays[1]}`]);
    const latest = "VVF-in-overlay-2";
    await writeDisk(ip, latest);

    const listed = await listSnapshots({ connection, vm: name });
    const ext1 = listed.find((s) => s.name === "ext1");
    assert.equal(ext1?.location, "external");
    assert.equal(ext1?.revertible, false);
    assert.equal(ext1?.madeBy, "other");
    await assert.rejects(revertToSnapshot({ connection, vm: name, snapshot: "ext1" }), /libvirt 9 cannot revert external snapshots/);

    const merged = await mergeSnapshotChain({ connection, vm: name });
    assert.deepEqual(merged.merged, ["ext1", "ext2"]);
    assert.deepEqual(merged.disks, [`vda ${name}-root.qcow2`], "the VM runs on its own volume again");
    assert.equal(await readDisk(ip), expectedBytes(latest), "no data lost");
    const files = (await host.run(["sh", "-c", 'for f in "$@"; do [ -e "$f" ] && echo "$f"; done; exit 0', "sh", ...overlays])).stdout.trim();
    assert.equal(files, "", "the overlay files are gone");
    assert.deepEqual((await listSnapshots({ connection, vm: name })).map((s) => s.name), ["disk-1"]);
    const nothing = await mergeSnapshotChain({ connection, vm: name });
    assert.match(nothing.note ?? "", /no external snapshots: its 1 snapshot\(s\) are internal/);
  });

  it("the voidvm command lists, reverts and deletes, printing tables", async () => {
    await createSnapshot(snapshotInputs(name, "cli-1", { description: "taken for the CLI test" }));
    const list = await voidvmCli(["snapshot", "list", name]);
    assert.equal(list.code, 0, list.stderr);
    const lines = list.stdout.split("\n");
    assert.match(lines[0] ?? "", new RegExp(`Snapshots of VM "${name}" on voidvm@127.0.0.1:${labSettings().port}`));
    const header = lines.find((l) => l.includes("CREATED (UTC)")) ?? "";
    assert.match(header, /^ {2}NAME +CREATED \(UTC\) +KIND +VM WAS +STORED +MADE BY +DESCRIPTION$/);
    assert.match(list.stdout, /\n {2}disk-1 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +disk-only +running +internal +voidvm +nightly baseline second line\n/);
    assert.match(list.stdout, /\n\* cli-1 +.* +disk-only +running +internal +voidvm +taken for the CLI test\n/);

    const json = await voidvmCli(["snapshot", "list", name, "--json"]);
    assert.deepEqual((JSON.parse(json.stdout) as Array<{ name: string }>).map((s) => s.name), ["disk-1", "cli-1"]);

    const revert = await voidvmCli(["snapshot", "revert", name, "disk-1"]);
    assert.equal(revert.code, 0, revert.stderr);
    assert.match(revert.stdout, new RegExp(`Reverted VM "${name}" to snapshot "disk-1" \\(disk-only\\)\\. The VM was running and is now running\\.`));

    const removed = await voidvmCli(["snapshot", "delete", name, "cli-1"]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.deepEqual((await hostSnapshots(labHost(), name))?.snapshots.map((s) => s.name), ["disk-1"]);

    const missing = await voidvmCli(["snapshot", "delete", name, "no-such"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /voidvm: refused: VM ".*" has no snapshot named "no-such"/);
    const merge = await voidvmCli(["snapshot", "merge", name]);
    assert.match(merge.stdout, /Nothing to merge/);
    assert.match(merge.stdout, new RegExp(`DISK +IMAGE\\n-+ +-+\\nvda +${name}-root\\.qcow2\\n`));
  });
});
