import { randomBytes } from "crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "fs";
import { homedir, tmpdir } from "os";
import { dirname, join } from "path";

/**
 * A throwaway work folder for the LocalWorkspace (Pulumi.yaml and the stack's settings file go
 * there, not into your checkout). Its node_modules points at the one this script runs with,
 * because Pulumi starts the dynamic-provider plugin in the work folder and it must find
 * @pulumi/pulumi and @voidvm/pulumi from there.
 */
export function makeWorkDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "voidvm-ci-"));
  const nodeModules = dirname(dirname(dirname(require.resolve("@pulumi/pulumi/package.json"))));
  symlinkSync(nodeModules, join(dir, "node_modules"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The environment Pulumi needs, with defaults for a run on a machine of its own: a local file
 * backend under ~/.voidvm-ci-state unless PULUMI_BACKEND_URL names one (a pipeline should keep its
 * state where a cleanup that failed can be finished), and a random passphrase for the stack's
 * secrets unless PULUMI_CONFIG_PASSPHRASE is set (the stack lives only as long as the run).
 */
export function pulumiEnvironment(env: NodeJS.ProcessEnv): void {
  if (!env.PULUMI_BACKEND_URL) {
    const state = join(homedir(), ".voidvm-ci-state");
    mkdirSync(state, { recursive: true });
    env.PULUMI_BACKEND_URL = `file://${state}`;
  }
  if (!env.PULUMI_CONFIG_PASSPHRASE && !env.PULUMI_CONFIG_PASSPHRASE_FILE) env.PULUMI_CONFIG_PASSPHRASE = randomBytes(24).toString("hex");
  env.PULUMI_SKIP_UPDATE_CHECK ??= "1";
}
