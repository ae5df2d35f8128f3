import { join } from "path";

/** The repository's source tree: compiled tests run from dist/test/..., data files stay in test/. */
export const SOURCE_ROOT = join(__dirname, "..", "..", "..");
