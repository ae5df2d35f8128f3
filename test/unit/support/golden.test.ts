import { strict as assert } from "assert";
import { existsSync, readFileSync, rmSync } from "fs";
import { join } from "path";
import { golden } from "../../support/golden";
import { SOURCE_ROOT } from "../../support/source-tree";

/** Runs `body` with UPDATE_GOLDEN set to `value` (or unset), restoring it afterwards. */
function withUpdateGolden<T>(value: string | undefined, body: () => T): T {
  const saved = process.env.UPDATE_GOLDEN;
  if (value === undefined) delete process.env.UPDATE_GOLDEN;
  else process.env.UPDATE_GOLDEN = value;
  try {
    return body();
  } finally {
    if (saved === undefined) delete process.env.UPDATE_GOLDEN;
    else process.env.UPDATE_GOLDEN = saved;
  }
}

describe("golden files", () => {
  const name = `missing-${process.pid}-${Date.now()}`;
  const file = join(SOURCE_ROOT, "test", "golden", `${name}.xml`);
  afterEach(() => rmSync(file, { force: true }));

  for (const setting of [undefined, "0", "true"]) {
    it(`a missing golden file fails the test and writes nothing (UPDATE_GOLDEN=${setting ?? "unset"})`, () => {
      assert.throws(
        () => withUpdateGolden(setting, () => golden(name, "<domain/>")),
        (error: Error) => {
          assert.match(error.message, new RegExp(`test/golden/${name}\\.xml is missing`));
          assert.match(error.message, /UPDATE_GOLDEN=1/);
          return true;
        },
      );
      assert.equal(existsSync(file), false, "nothing was written");
    });
  }

  it("UPDATE_GOLDEN=1 writes the file from the rendering and compares equal", () => {
    assert.equal(withUpdateGolden("1", () => golden(name, "<domain type='qemu'/>\n")), "<domain type='qemu'/>\n");
    assert.equal(readFileSync(file, "utf8"), "<domain type='qemu'/>\n");
  });

  it("an existing golden file is returned as it is, so a changed rendering fails its comparison", () => {
    withUpdateGolden("1", () => golden(name, "<old/>"));
    assert.equal(withUpdateGolden(undefined, () => golden(name, "<new/>")), "<old/>");
  });
});
