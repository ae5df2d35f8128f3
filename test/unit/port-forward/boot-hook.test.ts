import { strict as assert } from "assert";
import { bootHookScript, RULES_FILE, RULES_FILE_HEADER } from "../../../provider/nft/boot-hook";
import { TABLE_FAMILY, TABLE_NAME } from "../../../provider/nft/forward-rules";

describe("the port-forward boot hook", () => {
  // libvirt passes a hook no arguments of VoidVM's, so nft-boot-hook.sh names these itself.
  it("loads the rules file VoidVM writes, when the table VoidVM uses is missing", () => {
    const hook = bootHookScript();
    assert.match(hook, new RegExp(`^conf=${RULES_FILE}$`, "m"));
    assert.ok(hook.includes(`nft list table ${TABLE_FAMILY} ${TABLE_NAME} `), "the hook checks VoidVM's table");
    assert.ok(RULES_FILE_HEADER.includes(`table ${TABLE_FAMILY} ${TABLE_NAME}`));
  });
});
