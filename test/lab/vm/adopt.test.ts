import { strict as assert } from "assert";
import { defaultPool } from "../../../provider/config/default-pool";
import { defineDomain } from "../../../provider/libvirt/domains";
import { virsh } from "../../../provider/libvirt/virsh";
import { createVm } from "../../../provider/resources/vm/create";
import { deleteVm } from "../../../provider/resources/vm/delete";
import { domainSpecFromInputs } from "../../../provider/resources/vm/domain-spec-from-inputs";
import { updateVm } from "../../../provider/resources/vm/update";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { renderDomainXml } from "../../../provider/xml/render-domain";
import { labHost, testName } from "../../support/lab";
import { configureForLab, domstate, labVmInputs } from "../../support/vm-harness";

describe("adopting an existing domain", function () {
  this.timeout(300_000);
  before(configureForLab);
  after(() => closeAllConnections());

  it("takes over a domain defined outside Pulumi, then manages it like one it created", async () => {
    const name = testName("adopt");
    const host = labHost();
    const existing = labVmInputs(name, { state: "stopped", description: "made by hand" });
    await defineDomain(host, renderDomainXml(domainSpecFromInputs(existing, { type: "qemu", defaultPool: defaultPool() })));
    const uuid = (await virsh(host, ["domuuid", "--", name])).stdout.trim();
    let outs = (await createVm(labVmInputs(name, { state: "stopped", description: "adopted", adopt: true }))).outs;
    try {
      assert.equal(outs.uuid, uuid, "the same domain, not a new one");
      assert.equal(outs.description, "adopted");
      outs = await updateVm(outs, labVmInputs(name, { state: "running", description: "adopted", adopt: true }));
      assert.equal(await domstate(name), "running");
    } finally {
      await deleteVm(outs);
    }
    assert.equal(await domstate(name), "absent");
  });
});
