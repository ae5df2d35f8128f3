import { strict as assert } from "assert";
import { defineDomain, removeDomain } from "../../../provider/libvirt/domains";
import { virsh } from "../../../provider/libvirt/virsh";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import type { DomainSpec } from "../../../provider/xml/domain-spec";
import { parseDomainXml } from "../../../provider/xml/parse-domain";
import { renderDomainXml } from "../../../provider/xml/render-domain";
import { labHost, testName } from "../../support/lab";
import { DOMAIN_FIXTURES } from "../../unit/xml/domain-fixtures";

/** What libvirt fills in on define (uuid, MACs) is taken from the parsed result before comparing. */
function withLibvirtFilledFields(expected: DomainSpec, parsed: DomainSpec): DomainSpec {
  return {
    ...expected,
    uuid: parsed.uuid,
    cpu: expected.cpu.model || !parsed.cpu.model ? expected.cpu : { ...expected.cpu, model: parsed.cpu.model },
    interfaces: expected.interfaces.map((nic, i) => ({ ...nic, mac: nic.mac ?? parsed.interfaces[i]?.mac })),
  };
}

describe("parseDomainXml on real virsh dumpxml output", function () {
  this.timeout(60_000);
  after(() => closeAllConnections());

  for (const [fixture, base] of Object.entries(DOMAIN_FIXTURES)) {
    it(`round-trips ${fixture} through define and dumpxml`, async () => {
      const host = labHost();
      const spec: DomainSpec = { ...base, name: `${testName(fixture)}${fixture === "hostile-values" ? " " + base.name : ""}`, type: "qemu" };
      delete spec.uuid;
      await defineDomain(host, renderDomainXml(spec));
      try {
        const xml = (await virsh(host, ["dumpxml", "--security-info", "--inactive", "--", spec.name])).stdout;
        const parsed = await parseDomainXml(xml);
        assert.deepEqual(parsed, withLibvirtFilledFields(spec, parsed));
      } finally {
        await removeDomain(host, spec.name);
      }
    });
  }
});
