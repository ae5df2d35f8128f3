import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { defineDomain } from "../../provider/libvirt/domains";
import { virsh } from "../../provider/libvirt/virsh";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { labHost, labSettings, REPO_ROOT, testName } from "../support/lab";
import { PulumiProgram } from "../support/pulumi-program";
import { labStackConfig } from "../support/stack-config";

/** A domain as a user would have written it by hand: no VoidVM metadata, a serial console of its own. */
function handMadeDomainXml(name: string): string {
  const { guest, network } = labSettings();
  return `<domain type='qemu'>
  <name>${name}</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>${guest.kernel}</kernel>
    <initrd>${guest.initrd}</initrd>
    <cmdline>console=ttyS0 quiet</cmdline>
  </os>
  <features><acpi/><apic/></features>
  <devices>
    <interface type='network'><source network='${network}'/><model type='virtio'/></interface>
    <serial type='pty'/>
    <console type='pty'/>
  </devices>
</domain>`;
}

async function domainFacts(name: string): Promise<{ inactiveXml: string; liveXml: string; id: string; state: string }> {
  const host = labHost();
  return {
    inactiveXml: (await virsh(host, ["dumpxml", "--inactive", "--", name])).stdout,
    liveXml: (await virsh(host, ["dumpxml", "--", name])).stdout,
    id: (await virsh(host, ["domid", "--", name])).stdout.trim(),
    state: (await virsh(host, ["domstate", "--", name])).stdout.trim(),
  };
}

describe("examples/adopt through the real Pulumi CLI: an existing domain under management, unchanged", function () {
  this.timeout(900_000);
  const name = testName("adopt");
  let program: PulumiProgram;
  let original: Awaited<ReturnType<typeof domainFacts>>;

  before(async () => {
    const host = labHost();
    await defineDomain(host, handMadeDomainXml(name));
    await virsh(host, ["start", "--", name]);
    original = await domainFacts(name);
    const { config, secrets } = labStackConfig({ "adopt:name": name }, "adopt");
    program = await PulumiProgram.create({ name: "adopt", source: readFileSync(join(REPO_ROOT, "examples", "adopt", "index.ts"), "utf8"), config, secrets });
  });

  after(async () => {
    program?.remove();
    const host = labHost();
    await virsh(host, ["destroy", "--", name], { allowFailure: true });
    await virsh(host, ["undefine", "--", name], { allowFailure: true });
    closeAllConnections();
  });

  it("pulumi up takes the domain over: same uuid, not restarted, its XML unchanged", async () => {
    await program.up();
    const outputs = await program.outputs();
    assert.equal(outputs.uuid, (await virsh(labHost(), ["domuuid", "--", name])).stdout.trim());
    assert.equal(outputs.state, "running");
    const after = await domainFacts(name);
    assert.equal(after.id, original.id, "the domain was restarted (its id changed)");
    assert.equal(after.state, "running");
    assert.equal(after.inactiveXml, original.inactiveXml, "the persistent definition changed");
    assert.equal(after.liveXml, original.liveXml, "the running domain changed");
  });

  it("the next preview shows no changes, also after a refresh", async () => {
    const preview = await program.preview(["--expect-no-changes"]);
    assert.equal(preview.code, 0, preview.stdout + preview.stderr);
    await program.refresh();
    const again = await program.preview(["--expect-no-changes"]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.equal((await domainFacts(name)).inactiveXml, original.inactiveXml);
  });

  it("pulumi state delete hands the domain back to the user untouched", async () => {
    const urn = JSON.parse((await program.cli(["stack", "export"])).stdout).deployment.resources
      .map((resource: { urn: string }) => resource.urn)
      .find((urn: string) => urn.endsWith("::legacy")) as string;
    await program.cli(["state", "delete", urn, "--yes"]);
    await program.destroy();
    const after = await domainFacts(name);
    assert.equal(after.state, "running");
    assert.equal(after.inactiveXml, original.inactiveXml);
  });
});
