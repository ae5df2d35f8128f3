import { strict as assert } from "assert";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { parseDomainXml } from "../../../provider/xml/parse-domain";
import { renderDomainXml } from "../../../provider/xml/render-domain";
import { DOMAIN_FIXTURES } from "./domain-fixtures";

// Compiled tests run from dist/test/unit/xml; golden files live in the source tree.
const GOLDEN_DIR = join(__dirname, "..", "..", "..", "..", "test", "golden");

describe("renderDomainXml", () => {
  for (const [name, spec] of Object.entries(DOMAIN_FIXTURES)) {
    it(`matches the golden file ${name}.xml`, () => {
      const file = join(GOLDEN_DIR, `${name}.xml`);
      const xml = renderDomainXml(spec);
      if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) {
        if (process.env.CI && !existsSync(file)) assert.fail(`golden file ${file} is missing`);
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(file, xml);
      }
      assert.equal(xml, readFileSync(file, "utf8"));
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
