import { strict as assert } from "assert";
import { displayWidth, oneLine, renderTable } from "../../../cli/shared/table";

describe("voidvm command tables", () => {
  it("pads columns, counting wide characters twice", () => {
    assert.equal(displayWidth("网站"), 4);
    const table = renderTable(["NAME", "KIND"], [["网站", "full"], ["a", "disk-only"]]);
    assert.equal(table, ["NAME  KIND", "----  ---------", "网站  full", "a     disk-only", ""].join("\n"));
  });

  it("flattens and shortens descriptions", () => {
    assert.equal(oneLine("a\n  b"), "a b");
    assert.equal(oneLine("x".repeat(50), 10), `${"x".repeat(9)}…`);
    assert.equal(oneLine(undefined), "");
  });
});
