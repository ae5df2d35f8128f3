import { spawnSync } from "child_process";
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { REPO_ROOT } from "./lab";

export interface CommandOutcome {
  code: number;
  /** stdout and stderr together, in the order they were read. */
  output: string;
  stdout: string;
}

/** Runs a command to its end; throws with everything it printed when it fails, unless allowFailure. */
export function runCommand(command: string, args: string[], cwd: string, options: { env?: NodeJS.ProcessEnv; allowFailure?: boolean } = {}): CommandOutcome {
  const result = spawnSync(command, args, { cwd, env: options.env ?? process.env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const outcome = { code: result.status ?? -1, output: `${result.stdout}${result.stderr}`, stdout: result.stdout };
  if (outcome.code !== 0 && !options.allowFailure) {
    throw new Error(`${command} ${args.join(" ")} (in ${cwd}) exited with ${outcome.code}:\n${outcome.output}${result.error ? `\n${result.error.message}` : ""}`);
  }
  return outcome;
}

/**
 * A clone of this checkout's committed HEAD in a temporary folder: the repository as CI or a user
 * who installs from git gets it (no dist/, no node_modules, nothing uncommitted).
 */
export function freshClone(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `vv-${label}-`));
  const head = runCommand("git", ["rev-parse", "HEAD"], REPO_ROOT).stdout.trim();
  runCommand("git", ["clone", "--quiet", "--no-checkout", REPO_ROOT, join(dir, "repo")], dir);
  runCommand("git", ["checkout", "--quiet", head], join(dir, "repo"));
  return join(dir, "repo");
}
