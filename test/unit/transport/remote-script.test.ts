import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { readdirSync } from "fs";
import { join } from "path";
import { remoteScript } from "../../../provider/transport/remote-script";

const SCRIPTS_DIR = join(__dirname, "..", "..", "..", "provider", "remote-scripts");
const NAMES = readdirSync(SCRIPTS_DIR)
  .filter((f) => f.endsWith(".sh"))
  .map((f) => f.slice(0, -".sh".length));

describe("remote scripts", () => {
  it("are found next to the compiled code", () => {
    assert.ok(NAMES.includes("snapshot") && NAMES.includes("nft-apply"), NAMES.join(", "));
  });

  for (const name of NAMES) {
    it(`${name}.sh loads with its includes resolved and is valid POSIX sh`, () => {
      const text = remoteScript(name);
      assert.doesNotMatch(text, /VOIDVM_LIB/);
      const result = spawnSync("sh", ["-n", "-c", text], { encoding: "utf8" });
      assert.equal(result.status, 0, result.stderr);
    });
  }

  it("refuses a name that is not a script's", () => {
    assert.throws(() => remoteScript("../lib/common"), /is not a script name/);
  });
});
