import { strict as assert } from "assert";
import { parseDomainXml } from "../../../provider/xml/parse-domain";
import { renderDomainXml } from "../../../provider/xml/render-domain";
import { golden } from "../../support/golden";
import { DOMAIN_FIXTURES } from "./domain-fixtures";

describe("renderDomainXml", () => {
  for (const [name, spec] of Object.entries(DOMAIN_FIXTURES)) {
    it(`matches the golden file ${name}.xml`, () => {
      const xml = renderDomainXml(spec);
      assert.equal(xml, golden(name, xml));
    });

    it(`parses its own rendering of ${name} back to the same spec`, async () => {
      assert.deepEqual(await parseDomainXml(renderDomainXml(spec)), spec);
    });
  }

  it("escapes markup in names and descriptions", () => {
    const xml = renderDomainXml(DOMAIN_FIXTURES["hostile-values"]!);
    assert.match(xml, /&lt;&amp;&gt;/);
    assert.doesNotMatch(xml, /<tag>/);
  });
});
