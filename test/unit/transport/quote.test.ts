import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import { shellCommand } from "../../../provider/transport/quote";
import { HOSTILE_STRINGS } from "../../support/hostile-strings";

describe("shellCommand", () => {
  it("passes every hostile argument through a real /bin/sh unchanged", () => {
    for (const value of HOSTILE_STRINGS) {
      const command = shellCommand(["printf", "%s", value]);
      const out = execFileSync("/bin/sh", ["-c", command], { encoding: "utf8" });
      assert.equal(out, value, `round trip of ${JSON.stringify(value)} via ${command}`);
    }
  });

  it("keeps many arguments apart", () => {
    const command = shellCommand(["printf", "[%s]", "a b", "", "c"]);
    assert.equal(execFileSync("/bin/sh", ["-c", command], { encoding: "utf8" }), "[a b][][c]");
  });

  it("refuses NUL bytes and empty argv", () => {
    assert.throws(() => shellCommand(["echo", "a\0b"]), /NUL/);
    assert.throws(() => shellCommand([]), /empty argv/);
  });
});
