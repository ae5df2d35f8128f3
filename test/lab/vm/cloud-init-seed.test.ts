import { strict as assert } from "assert";
import { parse } from "yaml";
import { renderSeed } from "../../../provider/cloud-init/render";
import { virsh } from "../../../provider/libvirt/virsh";
import { createVm } from "../../../provider/resources/vm/create";
import { deleteVm } from "../../../provider/resources/vm/delete";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { resetTransportStats, transportStats } from "../../../provider/transport/stats";
import { PWNED_CHECK } from "../../support/hostile-strings";
import { labHost, labSettings, onLabHost, testName } from "../../support/lab";
import { readSeed } from "../../support/seed-files";
import { configureForLab, labVmInputs } from "../../support/vm-harness";

/** cloud-config whose every line breaks naive quoting: quotes, $(), backticks, ;, non-ASCII, CRLF, no final newline. */
const HOSTILE_USER_DATA =
  "#cloud-config\n" +
  "# it's \"quoted\" $(touch /tmp/voidvm-pwned) `touch /tmp/voidvm-pwned`; touch voidvm-pwned\n" +
  "write_files:\n" +
  "  - path: /etc/voidvm-hostile\n" +
  "    content: |\n" +
  "      网站服务器-01 ünïcödé ✓ <&> \\ $HOME 'single' \"double\"\r\n" +
  "      $(id) `id` ; rm -rf / #\n" +
  "\n" +
  "end: true";

async function volumeExists(volume: string): Promise<boolean> {
  return (await virsh(labHost(), ["vol-info", "--pool", labSettings().pool, "--vol", volume], { allowFailure: true })).exitCode === 0;
}

/** The domain's CD-ROMs as "target source readonly?" from its persistent definition. */
async function cdroms(name: string): Promise<string[]> {
  const xml = (await virsh(labHost(), ["dumpxml", "--inactive", "--", name])).stdout;
  return [...xml.matchAll(/<disk type='(\w+)' device='cdrom'>([\s\S]*?)<\/disk>/g)].map((m) => {
    const body = m[2]!;
    const source = /<source pool='([^']+)' volume='([^']+)'/.exec(body);
    const target = /<target dev='(\w+)' bus='(\w+)'/.exec(body);
    return `${m[1]} ${target?.[1]} ${target?.[2]} ${source?.[1]}/${source?.[2]} ${/<readonly\/>/.test(body) ? "readonly" : "writable"}`;
  });
}

describe("cloud-init NoCloud seed on the lab", function () {
  this.timeout(300_000);
  before(configureForLab);
  after(() => closeAllConnections());

  it("hostile user-data, meta-data and network-config arrive byte-identical in a cidata seed; a readonly CD-ROM; delete removes it", async () => {
    const name = testName("seed");
    const seedVolume = `${name}-cidata.iso`;
    const networkConfig = "version: 2\nethernets:\n  eth0:\n    dhcp4: true # 'quoted' $(x)\n";
    const inputs = labVmInputs(name, { waitForIp: false, cloudInit: { userData: HOSTILE_USER_DATA, networkConfig, metaData: "public-keys: ['ssh-ed25519 AAAA x']\n" } });
    resetTransportStats();
    const { outs } = await createVm(inputs);
    try {
      assert.ok(transportStats().execs <= 2, `create with a seed made ${transportStats().execs} round trips`);
      assert.equal(outs.observedState, "running", "QEMU started with the seed attached");
      assert.deepEqual(outs.seedVolume, { pool: labSettings().pool, name: seedVolume });
      const seed = await readSeed(seedVolume);
      assert.equal(seed.label, "cidata");
      assert.equal(seed["user-data"], HOSTILE_USER_DATA, "user-data byte-identical");
      assert.equal(seed["network-config"], networkConfig);
      const meta = parse(seed["meta-data"]!);
      assert.equal(meta["instance-id"], renderSeed(name, inputs.cloudInit!).instanceId);
      assert.match(meta["instance-id"], /^vvt-seed-\d+-\d+-[0-9a-f]{12}$/);
      assert.equal(meta["local-hostname"], name);
      assert.deepEqual(meta["public-keys"], ["ssh-ed25519 AAAA x"]);
      assert.deepEqual(await cdroms(name), [`volume hdd ide ${labSettings().pool}/${seedVolume} readonly`]);
      // The user-data never reached a shell on the host.
      assert.equal((await onLabHost(PWNED_CHECK)).stdout.trim(), "clean");
    } finally {
      await deleteVm(outs);
    }
    assert.equal(await volumeExists(seedVolume), false, "delete removed the seed volume");
    assert.equal((await virsh(labHost(), ["domstate", "--", name], { allowFailure: true })).exitCode === 0, false);
  });

  it("a script with shortcuts becomes the rendered multipart user-data, uploaded exactly", async () => {
    const name = testName("seedmp");
    const inputs = labVmInputs(name, {
      state: "stopped",
      disk: { size: 1 },
      cloudInit: { userData: "#!/bin/sh\necho 'hi' \"$(hostname)\" 网站\n", hostname: "mp-01", packages: ["nginx", "php-fpm"], writeFiles: [{ path: "/etc/x", content: "ä`$()`\n" }] },
    });
    const { outs } = await createVm(inputs);
    try {
      const seed = await readSeed(`${name}-cidata.iso`);
      const rendered = renderSeed(name, inputs.cloudInit!).files;
      assert.equal(seed["user-data"], rendered["user-data"]);
      assert.match(seed["user-data"]!, /^Content-Type: multipart\/mixed/);
      assert.equal(parse(seed["meta-data"]!)["local-hostname"], "mp-01");
      assert.equal(seed["network-config"], undefined, "no network-config unless given");
      // The seed lives next to the root disk, in the VM's pool.
      assert.deepEqual((await cdroms(name)).length, 1);
    } finally {
      await deleteVm(outs);
    }
    assert.equal(await volumeExists(`${name}-cidata.iso`), false);
    assert.equal(await volumeExists(`${name}-root.qcow2`), false);
  });

  it("a create that fails after the seed was made removes the seed again", async () => {
    const name = testName("seedfail");
    await assert.rejects(
      createVm(labVmInputs(name, { waitForIp: false, cpu: { cores: 1, model: "NoSuchCpuModel" }, cloudInit: { hostname: "x" } })),
      /failed and everything it created was removed/,
    );
    assert.equal(await volumeExists(`${name}-cidata.iso`), false);
  });
});
