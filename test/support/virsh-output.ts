import { readFileSync } from "fs";
import { join } from "path";
import { SOURCE_ROOT } from "./source-tree";

/** Real virsh output, saved from the lab (libvirt 9.0) as test/fixtures/virsh/NAME.xml. */
export function virshOutput(name: string): string {
  return readFileSync(join(SOURCE_ROOT, "test", "fixtures", "virsh", `${name}.xml`), "utf8");
}
