import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { join, relative } from "path";
import { SOURCE_ROOT } from "./source-tree";

const GOLDEN_DIR = join(SOURCE_ROOT, "test", "golden");

/**
 * The expected text in `test/golden/NAME.xml`, for the test to compare `actual` with. A missing file
 * fails the test; with `UPDATE_GOLDEN=1` the file is (re)written from `actual` first.
 */
export function golden(name: string, actual: string): string {
  const file = join(GOLDEN_DIR, `${name}.xml`);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
  }
  if (!existsSync(file)) {
    throw new Error(
      `Golden file ${relative(SOURCE_ROOT, file)} is missing, so there is nothing to compare the rendering with. ` +
        `If this rendering is new, write it with UPDATE_GOLDEN=1 (e.g. UPDATE_GOLDEN=1 npx mocha 'dist/test/unit/**/*.test.js'), ` +
        `review the file and commit it.`,
    );
  }
  return readFileSync(file, "utf8");
}
