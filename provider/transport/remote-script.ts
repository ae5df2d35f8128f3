import { readFileSync } from "fs";
import { join } from "path";

/**
 * VoidVM's remote scripts are real POSIX sh files in provider/remote-scripts/ (checked by
 * shellcheck), copied next to the compiled code by the build. A line
 * `. "$VOIDVM_LIB/FILE.sh"` includes provider/remote-scripts/lib/FILE.sh: the host receives one
 * self-contained script. Values reach a script only as arguments or on stdin, never as text.
 */
const SCRIPTS_DIR = join(__dirname, "..", "remote-scripts");
const INCLUDE = /^\. "\$VOIDVM_LIB\/([a-z0-9-]+\.sh)"$/gm;
const NAME = /^[a-z0-9-]+$/;

const loaded = new Map<string, string>();

/** The text of remote script NAME (provider/remote-scripts/NAME.sh), includes resolved. */
export function remoteScript(name: string): string {
  if (!NAME.test(name)) throw new Error(`remoteScript: "${name}" is not a script name`);
  let text = loaded.get(name);
  if (text === undefined) {
    text = readFileSync(join(SCRIPTS_DIR, `${name}.sh`), "utf8").replace(INCLUDE, (_line, file: string) =>
      readFileSync(join(SCRIPTS_DIR, "lib", file), "utf8"),
    );
    loaded.set(name, text);
  }
  return text;
}
