import { strict as assert } from "assert";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { labSettings, testName } from "../support/lab";
import { restartLibvirtd } from "../support/libvirtd";
import { PulumiProgram } from "../support/pulumi-program";
import { labStackConfig } from "../support/stack-config";
import { domainsNamed, namedVmsProgram, removeEverythingNamed, volumesNamed, waitUntil } from "./support";

const COUNT = 3;

describe("libvirtd restarted in the middle of `pulumi up`: a clear error, nothing lost, and the next up converges", function () {
  this.timeout(1_800_000);
  const prefix = testName("virtd");
  let program: PulumiProgram;

  const ourDomains = () => domainsNamed(prefix);
  const ourVolumes = () => volumesNamed(prefix);

  before(async () => {
    const { config, secrets } = labStackConfig({ "t:prefix": prefix }, "t");
    program = await PulumiProgram.create({ name: "libvirtd-restart", source: namedVmsProgram(COUNT), config, secrets });
  });

  after(async () => {
    await program.destroy().catch(() => undefined);
    program.remove();
    await removeEverythingNamed(prefix);
    closeAllConnections();
  });

  it("the `pulumi up` during the restart either finishes or fails naming the host and the step", async () => {
    const up = program.cli(["up", "--yes", "--skip-preview"], { allowFailure: true });
    await waitUntil("a first VM of the up", async () => (await ourDomains()).length >= 1, 600_000, 50);
    await restartLibvirtd(3000);
    const result = await up;
    if (result.code === 0) console.log("      the up finished despite the restart");
    if (result.code !== 0) {
      const text = result.stdout + result.stderr;
      console.log(`      what the user saw: ${(/error: (.*)/.exec(text)?.[1] ?? "(no error line)").slice(0, 400)}`);
      assert.match(text, new RegExp(`${labSettings().host.replace(/\./g, "\\.")}:${labSettings().port}`), `the error names the host:\n${text}`);
      assert.match(text, /step "[a-z-]+"|vm-create\.sh|virsh/, `the error names the step:\n${text}`);
    }
  });

  it("the next `pulumi up` converges: each VM and root volume once, no orphan; destroy leaves nothing", async () => {
    await program.up();
    const { vms } = (await program.outputs()) as { vms: string[] };
    assert.equal(vms.length, COUNT);
    assert.deepEqual(await ourDomains(), [...vms].sort());
    assert.deepEqual(await ourVolumes(), vms.map((vm) => `${vm}-root.qcow2`).sort(), "one root volume per VM");
    const unchanged = await program.preview(["--expect-no-changes"]);
    assert.equal(unchanged.code, 0, `${unchanged.stdout}\n${unchanged.stderr}`);
    await program.destroy();
    assert.deepEqual(await ourDomains(), []);
    assert.deepEqual(await ourVolumes(), []);
  });
});
