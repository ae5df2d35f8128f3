import { strict as assert } from "assert";
import { createHash } from "crypto";
import { resourceProviders } from "../../provider";
import { addReservation, readNetwork, removeReservation } from "../../provider/libvirt/dhcp-reservations";
import { listSnapshots } from "../../provider/libvirt/snapshots";
import { deleteVolume } from "../../provider/libvirt/volumes";
import { virsh } from "../../provider/libvirt/virsh";
import type { ResourceKind } from "../../provider";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { resetTransportStats, transportStats } from "../../provider/transport/stats";
import { freeAddress } from "../support/free-address";
import { guestVmInputs } from "../support/guest";
import { checkOf } from "../support/hostile-inputs";
import { labConnection, labHost, labSettings, labVolumeSha256, onLabHost, testName } from "../support/lab";
import { configureForLab } from "../support/vm-harness";

/**
 * Owner marks of the objects libvirt keeps no metadata for (volumes, DHCP host entries) and of
 * snapshots (their tag), on the real lab: a create that finds its own leftover (what a killed
 * `pulumi up` leaves: the object made, the state never written) takes it over, bytes and entry
 * kept, exactly one object; a foreign one (another owner's, or unmarked) is refused with a
 * message naming the object and its owner, and nothing changes.
 */

type Props = Record<string, unknown>;
const provider = (kind: ResourceKind) =>
  resourceProviders[kind] as unknown as {
    create(inputs: unknown): Promise<{ id: string; outs: Props }>;
    read(id: string, props: unknown): Promise<{ id: string; props: Props }>;
    delete(id: string, props: unknown): Promise<void>;
  };

/** The inputs the SDK sends for resource `resourceName` of stack `stack` (its owner), checked. */
async function inputsOf(kind: ResourceKind, stack: string, resourceName: string, raw: Props): Promise<Props> {
  const outcome = await checkOf(kind)({ connection: labConnection(), owner: `owners/${stack}/${kind}/${resourceName}`, ...raw });
  if (outcome.failures) throw new Error(JSON.stringify(outcome.failures));
  return outcome.inputs as Props;
}

/** Creates and forgets the outputs: the host has the object, Pulumi's state does not. */
async function leftover(kind: ResourceKind, inputs: Props): Promise<{ id: string; outs: Props }> {
  return provider(kind).create(inputs);
}

async function refused(kind: ResourceKind, inputs: Props): Promise<string> {
  let message = "";
  await assert.rejects(provider(kind).create(inputs), (error: Error) => {
    message = error.message;
    return true;
  });
  return message;
}

/** The owner registry file of a volume (remote-scripts/lib/owner-mark.sh), or undefined. */
async function volumeMark(volume: string): Promise<string | undefined> {
  const uuid = (await virsh(labHost(), ["pool-uuid", "--pool", labSettings().pool])).stdout.trim();
  const path = `/var/lib/voidvm/owners/volume/${uuid}/${createHash("sha256").update(volume).digest("hex")}`;
  const result = await onLabHost('cat -- "$1" 2>/dev/null', [path], { allowFailure: true });
  return result.exitCode === 0 ? result.stdout : undefined;
}

async function volumesNamed(name: string): Promise<number> {
  await virsh(labHost(), ["pool-refresh", labSettings().pool]);
  const list = (await virsh(labHost(), ["vol-list", "--pool", labSettings().pool])).stdout;
  return list.split("\n").filter((l) => l.trim().split(/\s+/)[0] === name).length;
}

/** The network's DHCP host entries of this MAC or this address. */
async function dhcpHosts(mac: string, ip: string): Promise<Array<{ mac?: string; ip: string }>> {
  const network = await readNetwork(labHost(), labSettings().network);
  const hosts = network?.ipv4.flatMap((s) => s.hosts) ?? [];
  return hosts.filter((h) => h.mac === mac || h.ip === ip).map((h) => ({ mac: h.mac, ip: h.ip }));
}

describe("owner marks: own leftovers are taken over, foreign ones refused naming their owner", function () {
  this.timeout(600_000);
  const prefix = testName("own");
  const volumes: string[] = [];

  before(() => configureForLab());
  after(async () => {
    for (const volume of volumes) await deleteVolume(labHost(), { pool: labSettings().pool, name: volume }).catch(() => undefined);
    await onLabHost('rm -rf -- "$1"', [`/tmp/${prefix}`]);
    closeAllConnections();
  });

  describe("a Disk under a name the program gave", () => {
    const name = `${prefix}-data`;
    const diskInputs = (stack: string) => inputsOf("Disk", stack, "data", { name, size: 1, limits: { minDiskSize: 1 } });

    it("its own leftover volume is taken over with its bytes, and stays the only one; marks cost no round trip", async () => {
      const inputs = await diskInputs("dev");
      resetTransportStats();
      const made = await leftover("Disk", inputs);
      assert.equal(transportStats().execs, 3, "read (volume and mark), create (mark and volume), observe: as without marks");
      volumes.push(`${name}.qcow2`);
      assert.match((await volumeMark(`${name}.qcow2`)) ?? "", /^owner=owners\/dev\/Disk\/data$/m, "marked as its owner's");
      await onLabHost('t=$(mktemp) && printf "the user wrote this" > "$t" && virsh -q -c "$1" vol-upload --pool "$2" --vol "$3" --file "$t"; rm -f "$t"', [
        labSettings().uri,
        labSettings().pool,
        `${name}.qcow2`,
      ]);
      const bytes = await labVolumeSha256(`${name}.qcow2`);
      const inputsAgain = await diskInputs("dev");
      resetTransportStats();
      const again = await provider("Disk").create(inputsAgain);
      assert.equal(transportStats().execs, 2, "read (volume and mark), observe");
      assert.equal(again.id, made.id);
      assert.equal(await labVolumeSha256(`${name}.qcow2`), bytes, "bytes kept");
      assert.equal(await volumesNamed(`${name}.qcow2`), 1, "exactly one volume");
    });

    it("another stack's is refused, naming the volume and its owner; nothing changes", async () => {
      const bytes = await labVolumeSha256(`${name}.qcow2`);
      const mark = await volumeMark(`${name}.qcow2`);
      const message = await refused("Disk", await diskInputs("prod"));
      assert.match(message, new RegExp(`volume named "${name}\\.qcow2" already exists .*another VoidVM resource \\(owners/dev/Disk/data\\)`));
      assert.match(message, /Nothing was changed/);
      assert.equal(await labVolumeSha256(`${name}.qcow2`), bytes);
      assert.equal(await volumeMark(`${name}.qcow2`), mark, "the mark is the first owner's still");
    });

    it("an unmarked volume (made outside VoidVM) is refused as carrying no mark", async () => {
      const bare = `${prefix}-bare`;
      await virsh(labHost(), ["vol-create-as", "--pool", labSettings().pool, "--name", `${bare}.qcow2`, "--capacity", "1M", "--format", "qcow2"]);
      volumes.push(`${bare}.qcow2`);
      const message = await refused("Disk", await inputsOf("Disk", "dev", "bare", { name: bare, size: 1, limits: { minDiskSize: 1 } }));
      assert.match(message, new RegExp(`"${bare}\\.qcow2" already exists .*no VoidVM owner mark`));
      assert.equal(await volumeMark(`${bare}.qcow2`), undefined, "still unmarked");
    });

    it("hostile names: each becomes a hash, never a path; own taken over, another's refused; no command ran", async () => {
      for (const hostile of [`$(touch ${prefix}-pwned)`, "`touch pwned`; x", "x owner=owners:evil", "..", "it's \"q\" 网站 ~ *?[a] \\ $HOME"]) {
        const hostileName = `${prefix}-${hostile}`;
        const volume = `${hostileName}.qcow2`;
        const inputs = (stack: string) => inputsOf("Disk", stack, "hostile", { name: hostileName, size: 1, limits: { minDiskSize: 1 } });
        const made = await leftover("Disk", await inputs("dev"));
        volumes.push(volume);
        assert.equal((await volumeMark(volume))?.split("\n")[0], "owner=owners/dev/Disk/hostile", `${JSON.stringify(hostile)}: the owner line comes first`);
        assert.equal((await provider("Disk").create(await inputs("dev"))).id, made.id, `${JSON.stringify(hostile)}: taken over`);
        assert.match(await refused("Disk", await inputs("evil")), /another VoidVM resource \(owners\/dev\/Disk\/hostile\)/, JSON.stringify(hostile));
        const info = await virsh(labHost(), ["vol-info", "--pool", labSettings().pool, "--vol", volume], { allowFailure: true });
        assert.equal(info.exitCode, 0, `${JSON.stringify(hostile)}: the volume is still there`);
      }
      const script = 'ls -a "$HOME/$1" "$HOME/pwned" 2>/dev/null | wc -l; find /var/lib/voidvm/owners -name "*pwned*" -o -name ".*" | wc -l';
      const found = await onLabHost(script, [`${prefix}-pwned`]);
      assert.deepEqual(found.stdout.trim().split("\n"), ["0", "0"], "no command ran, no name became a path");
    });

    it("delete removes the volume and its mark", async () => {
      const inputs = await diskInputs("dev");
      const outs = (await provider("Disk").create(inputs)).outs;
      await provider("Disk").delete(`${labSettings().pool}/${name}.qcow2`, outs);
      assert.equal(await volumesNamed(`${name}.qcow2`), 0);
      assert.equal(await volumeMark(`${name}.qcow2`), undefined);
    });
  });

  describe("an Image", () => {
    const name = `${prefix}-img`;
    let source = "";
    const imageInputs = (stack: string) => inputsOf("Image", stack, "img", { name, hostPath: source });

    before(async () => {
      const dir = `/tmp/${prefix}`;
      await onLabHost('mkdir -p "$1" && chmod 755 "$1" && qemu-img create -q -f qcow2 "$1/a.qcow2" 16M', [dir]);
      source = `${dir}/a.qcow2`;
    });

    it("its own leftover (killed mid-upload: marked, bytes wrong) is made again from the source, one volume", async () => {
      const first = await leftover("Image", await imageInputs("dev"));
      const volume = String(first.outs.volume);
      volumes.push(volume);
      const good = await labVolumeSha256(volume);
      await onLabHost('t=$(mktemp) && printf "half an upload" > "$t" && virsh -q -c "$1" vol-upload --pool "$2" --vol "$3" --file "$t"; rm -f "$t"', [
        labSettings().uri,
        labSettings().pool,
        volume,
      ]);
      assert.notEqual(await labVolumeSha256(volume), good);
      const again = await provider("Image").create(await imageInputs("dev"));
      assert.equal(again.id, first.id);
      assert.equal(await labVolumeSha256(volume), good, "the image's bytes again");
      assert.equal(await volumesNamed(volume), 1);
      assert.match((await volumeMark(volume)) ?? "", /^owner=owners\/dev\/Image\/img$/m);
    });

    it("another stack's is refused naming the volume and its owner; nothing changes", async () => {
      const volume = `${name}.qcow2`;
      const bytes = await labVolumeSha256(volume);
      const message = await refused("Image", await imageInputs("prod"));
      assert.match(message, new RegExp(`volume named "${name}\\.qcow2" already exists .*another VoidVM resource \\(owners/dev/Image/img\\)`));
      assert.match(message, /nothing was changed/);
      assert.equal(await labVolumeSha256(volume), bytes);
      assert.match((await volumeMark(volume)) ?? "", /^owner=owners\/dev\/Image\/img$/m);
    });

    it("delete removes the volume and its mark", async () => {
      const made = await provider("Image").create(await imageInputs("dev"));
      await provider("Image").delete(made.id, made.outs);
      assert.equal(await volumesNamed(`${name}.qcow2`), 0);
      assert.equal(await volumeMark(`${name}.qcow2`), undefined);
    });
  });

  describe("a Snapshot and a NetworkInterface's DHCP host entry (on one stopped VM)", () => {
    const vm = `${prefix}-vm`;
    const snapshot = "before-upgrade";
    const description = "line one\n  [voidvm-ish] but not a tag  \n\ttabs, <&>, $(no) and trailing spaces  ";
    const mac = "52:54:00:7e:01:01";
    let vmOuts: Props | undefined;
    let ip = "";
    const snapshotInputs = (stack: string, text = description) => inputsOf("Snapshot", stack, "snap", { vm, name: snapshot, description: text, includeMemory: false });
    const nicInputs = (stack: string) => inputsOf("NetworkInterface", stack, "nic", { vm, source: labSettings().network, mac, fixedIpAddress: ip });
    const entries = () => dhcpHosts(mac, ip);

    before(async () => {
      const inputs = await inputsOf("VirtualMachine", "dev", "vm", guestVmInputs(vm, { state: "stopped", waitForIp: undefined, disk: { size: 1 } }));
      vmOuts = (await provider("VirtualMachine").create(inputs)).outs;
      ip = await freeAddress();
    });
    after(async () => {
      const network = await readNetwork(labHost(), labSettings().network);
      if (network) await removeReservation(labHost(), network, mac).catch(() => undefined);
      if (vmOuts) await provider("VirtualMachine").delete(String(vmOuts.uuid), vmOuts);
    });

    it("Snapshot: its own leftover is taken over (one snapshot, the same one); the description round-trips byte-exactly", async () => {
      const first = await leftover("Snapshot", await snapshotInputs("dev", "an older text"));
      const again = await provider("Snapshot").create(await snapshotInputs("dev"));
      assert.equal(again.id, first.id);
      assert.equal(again.outs.createdAt, first.outs.createdAt, "the same snapshot, not a new one");
      assert.equal(again.outs.description, description);
      const all = (await listSnapshots(labHost(), vm))?.snapshots ?? [];
      assert.deepEqual(
        all.map((s) => s.name),
        [snapshot],
      );
      assert.equal(all[0]?.description, description, "byte-exact on the host, brought to the desired text");
      assert.equal(all[0]?.owner, "owners/dev/Snapshot/snap");
      assert.equal((await provider("Snapshot").read(again.id, again.outs)).props.description, description, "and on refresh");
    });

    it("Snapshot: another stack's is refused naming the snapshot and its owner; nothing changes", async () => {
      const before = await listSnapshots(labHost(), vm);
      const message = await refused("Snapshot", await snapshotInputs("prod"));
      assert.match(message, new RegExp(`already has a snapshot named "${snapshot}"\\. It belongs to another VoidVM resource \\(owners/dev/Snapshot/snap\\)`));
      assert.deepEqual(await listSnapshots(labHost(), vm), before);
    });

    it("Snapshot: one made outside VoidVM is refused as carrying no mark", async () => {
      await virsh(labHost(), ["snapshot-create-as", "--domain", vm, "--name", "by-hand", "--description", "mine"]);
      const message = await refused("Snapshot", await inputsOf("Snapshot", "dev", "hand", { vm, name: "by-hand", includeMemory: false }));
      assert.match(message, /already has a snapshot named "by-hand"\. It carries no VoidVM owner mark/);
      await virsh(labHost(), ["snapshot-delete", "--domain", vm, "--snapshotname", "by-hand"]);
    });

    it("DHCP host: its own leftover reservation (killed before the attach) is taken over: one entry, the interface attached", async () => {
      resetTransportStats();
      const network = await readNetwork(labHost(), labSettings().network);
      assert.ok(network);
      await addReservation(labHost(), network, mac, ip, "owners/dev/NetworkInterface/nic");
      assert.equal(transportStats().execs, 2, "one round trip reads the network with its marks, one adds the entry with its mark");
      const created = await provider("NetworkInterface").create(await nicInputs("dev"));
      assert.equal(created.outs.fixedIpAddress, ip);
      assert.deepEqual(await entries(), [{ mac, ip }], "exactly one entry, the same");
      assert.ok((await virsh(labHost(), ["dumpxml", "--inactive", "--", vm])).stdout.includes(mac), "attached");
      await provider("NetworkInterface").delete(created.id, created.outs);
      assert.deepEqual(await entries(), [], "delete removes the entry");
    });

    it("DHCP host: another stack's (same MAC or same address) and an unmarked one are refused naming the entry and owner; nothing changes", async () => {
      const network = await readNetwork(labHost(), labSettings().network);
      assert.ok(network);
      await addReservation(labHost(), network, mac, ip, "owners/prod/NetworkInterface/nic");
      const definition = (await virsh(labHost(), ["dumpxml", "--inactive", "--", vm])).stdout;
      const sameMac = await refused("NetworkInterface", await nicInputs("dev"));
      assert.match(sameMac, new RegExp(`already has a DHCP host entry for MAC ${mac} \\(${ip.replace(/\./g, "\\.")}\\)\\. It belongs to another VoidVM resource \\(owners/prod/NetworkInterface/nic\\)`));
      assert.match(sameMac, /Nothing was changed/);
      const otherMac = await refused("NetworkInterface", await inputsOf("NetworkInterface", "dev", "nic2", { vm, source: labSettings().network, mac: "52:54:00:7e:01:02", fixedIpAddress: ip }));
      assert.match(otherMac, new RegExp(`${ip.replace(/\./g, "\\.")} is already reserved .* for MAC ${mac}\\. It belongs to another VoidVM resource \\(owners/prod/NetworkInterface/nic\\)`));
      assert.deepEqual(await entries(), [{ mac, ip }]);
      assert.equal((await virsh(labHost(), ["dumpxml", "--inactive", "--", vm])).stdout, definition, "no interface attached");
      await removeReservation(labHost(), (await readNetwork(labHost(), labSettings().network))!, mac);

      const entry = `<host mac='${mac}' ip='${ip}'/>`;
      await virsh(labHost(), ["net-update", "--network", labSettings().network, "add-last", "ip-dhcp-host", entry, "--live", "--config"]);
      const unmarked = await refused("NetworkInterface", await nicInputs("dev"));
      assert.match(unmarked, new RegExp(`DHCP host entry for MAC ${mac} .*It carries no VoidVM owner mark`));
      assert.deepEqual(await entries(), [{ mac, ip }]);
    });
  });
});
