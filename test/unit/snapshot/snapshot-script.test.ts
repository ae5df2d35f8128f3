import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { remoteScript } from "../../../provider/transport/remote-script";

/**
 * The host script against a stand-in `virsh` on PATH that records its arguments: what the script
 * decides and sends to libvirt/QEMU, without a host. The real thing is covered by test/lab.
 */
const FAKE_VIRSH = `#!/bin/sh
shift 3 # -q -c URI
{ printf 'CALL'; for a in "$@"; do printf ' [%s]' "$a"; done; printf '\\n'; } >>"$FAKE_LOG"
cmd=$1; shift
case $cmd in
domstate)
  [ "$FAKE_STATE" != absent ] || { echo "error: failed to get domain 'x'" >&2; exit 1; }
  echo "$FAKE_STATE" ;;
dominfo) echo "Managed save:   no" ;;
domuuid) exit 1 ;;
snapshot-info) exit 1 ;;
snapshot-current) exit 1 ;;
dumpxml) cat "$FAKE_XML" ;;
qemu-monitor-command) echo '{"return":{},"id":"libvirt-1"}' ;;
snapshot-create)
  while [ $# -gt 0 ]; do [ "$1" = --xmlfile ] && cp "$2" "$FAKE_DIR/redefined.xml"; shift; done
  [ -z "\${FAKE_REDEFINE_FAIL:-}" ] || { echo "error: redefine refused" >&2; exit 1; } ;;
snapshot-create-as) ;;
*) echo "fake virsh: unexpected $cmd" >&2; exit 9 ;;
esac
`;

const RUNNING_XML = `<domain type='qemu' id='3'>
  <name>web</name>
  <devices>
    <disk type='volume' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source pool='voidvm' volume='web-root.qcow2' index='2'/>
      <backingStore type='file' index='3'>
        <format type='qcow2'/>
        <source file='/images/base.qcow2'/>
        <backingStore/>
      </backingStore>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <source file='/isos/x.iso' index='1'/>
      <target dev='hdc' bus='ide'/>
      <readonly/>
    </disk>
  </devices>
</domain>
`;

describe("the snapshot host script", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "vv-snapscript-"));
    writeFileSync(join(dir, "virsh"), FAKE_VIRSH);
    chmodSync(join(dir, "virsh"), 0o755);
    writeFileSync(join(dir, "script.sh"), remoteScript("snapshot"));
    writeFileSync(join(dir, "log"), "");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function run(args: string[], env: Record<string, string>, xml = RUNNING_XML) {
    writeFileSync(join(dir, "domain.xml"), xml);
    const result = spawnSync("sh", [join(dir, "script.sh"), ...args], {
      encoding: "utf8",
      env: { PATH: `${dir}:/usr/bin:/bin`, FAKE_LOG: join(dir, "log"), FAKE_XML: join(dir, "domain.xml"), FAKE_DIR: dir, ...env },
    });
    return { ...result, calls: readFileSync(join(dir, "log"), "utf8").trim().split("\n").filter(Boolean) };
  }

  it("is valid POSIX sh", () => {
    const result = spawnSync("sh", ["-n", join(dir, "script.sh")], { encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr);
  });

  it("refuses a memory snapshot of a stopped VM before calling anything that changes it", () => {
    const result = run(["create", "qemu:///system", "web", "s1", "yes", "", "", "no"], { FAKE_STATE: "shut off" });
    assert.equal(result.status, 3);
    assert.match(result.stderr, /voidvm: VM "web" is stopped, so it has no running memory to save; start it first, or set includeMemory: false/);
    assert.ok(!result.calls.some((c) => /snapshot-create|qemu-monitor-command/.test(c)), result.calls.join("\n"));
  });

  it("a disk-only snapshot of a running VM: one QMP transaction on the writable qcow2 disks, then libvirt's record", () => {
    const name = `a"b\\c <&>`;
    const result = run(["create", "qemu:///system", "web", name, "no", "my text", "", "no"], { FAKE_STATE: "running" });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), "created disk-only running");
    const qmp = result.calls.filter((c) => c.includes("qemu-monitor-command"));
    assert.equal(qmp.length, 1);
    assert.ok(
      qmp[0]?.includes(
        `[{"execute":"transaction","arguments":{"actions":[{"type":"blockdev-snapshot-internal-sync","data":{"device":"libvirt-2-format","name":"a\\"b\\\\c <&>"}}]}}]`,
      ),
      qmp[0],
    );
    const redefined = readFileSync(join(dir, "redefined.xml"), "utf8");
    assert.match(redefined, /<name>a&quot;b\\c &lt;&amp;&gt;<\/name>/);
    assert.match(redefined, /<description>my text\n\[voidvm memory=no captured=running\]<\/description>/);
    assert.match(redefined, /<state>shutoff<\/state>/);
    assert.match(redefined, /<memory snapshot='no'\/>/);
    assert.match(redefined, /<disks><disk name='vda' snapshot='internal'\/><disk name='hdc' snapshot='no'\/><\/disks>/);
    assert.match(redefined, /<domain type='qemu' id='3'>/, "the VM definition is recorded with the snapshot");
  });

  it("refuses a raw writable disk before anything changes", () => {
    const xml = RUNNING_XML.replace("type='qcow2'/>\n      <source pool", "type='raw'/>\n      <source pool");
    const result = run(["create", "qemu:///system", "web", "s1", "no", "", "", "no"], { FAKE_STATE: "running" }, xml);
    assert.equal(result.status, 3);
    assert.match(result.stderr, /disk vda of VM "web" is raw; snapshots need every writable disk in qcow2 format/);
    assert.ok(!result.calls.some((c) => /qemu-monitor-command|snapshot-create/.test(c)));
  });

  it("removes the disk snapshots again when libvirt refuses the record", () => {
    const result = run(["create", "qemu:///system", "web", "s1", "no", "", "", "no"], { FAKE_STATE: "running", FAKE_REDEFINE_FAIL: "1" });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /libvirt refused to record the disk snapshot, so it was removed again: error: redefine refused/);
    const undo = result.calls.filter((c) => c.includes("blockdev-snapshot-delete-internal-sync"));
    assert.equal(undo.length, 1);
    assert.ok(undo[0]?.includes(`"device":"libvirt-2-format","name":"s1"`));
  });

  it("full and offline snapshots go through libvirt with VoidVM's tag", () => {
    const full = run(["create", "qemu:///system", "web", "s1", "yes", "", "nightly", "no"], { FAKE_STATE: "paused" });
    assert.equal(full.stdout.trim(), "created full paused");
    assert.ok(full.calls.some((c) => c.includes("snapshot-create-as] [--domain] [web] [--name] [s1] [--description] [[voidvm memory=yes captured=paused schedule=nightly]]")));
    const offline = run(["create", "qemu:///system", "web", "s2", "yes", "", "nightly", "yes"], { FAKE_STATE: "shut off" });
    assert.equal(offline.stdout.trim(), "created disk-only stopped", "a schedule falls back to disk-only when the VM is stopped");
  });

  it("a scheduled run whose VM is gone logs why and touches nothing", () => {
    const conf = join(dir, "s.conf");
    const log = join(dir, "logs", "s.log");
    writeFileSync(conf, `schedule=s\nuri=qemu:///system\nvm=gone\nnaming=auto-{timestamp}\nmemory=no\nkeep=2\nlog=${log}\n`);
    const result = run(["run", conf], { FAKE_STATE: "absent" });
    assert.equal(result.status, 1);
    assert.match(readFileSync(log, "utf8"), /^\S+Z schedule=s: FAILED: VM "gone" does not exist \(removed or renamed\?\); no snapshot taken, existing snapshots left alone\n$/);
    assert.ok(!result.calls.some((c) => /snapshot-(create|delete)/.test(c)), result.calls.join("\n"));
  });
});
