import { strict as assert } from "assert";
import { vmHasDescription } from "../../../policy/rules/vm-description";
import { context, resource, settingsFrom } from "./helpers";

const check = (description: unknown) =>
  vmHasDescription.violations(resource("VirtualMachine", "web", { memory: { size: 1024 }, description }), settingsFrom(vmHasDescription.settings), context());

describe("policy vm-has-description (advisory)", () => {
  it("warns about a VM without a description, or a blank one", () => {
    assert.equal(vmHasDescription.enforcementLevel, "advisory");
    assert.match(check(undefined)[0] ?? "", /^VirtualMachine "web" has no description \(description: none\).*set description/);
    assert.match(check("  ")[0] ?? "", /\(description: " {2}"\)/);
  });

  it("passes a VM that says what it is for", () => {
    assert.deepEqual(check("the shop's web server"), []);
  });
});
