import { execFile } from "child_process";
import { join } from "path";
import { labSettings, REPO_ROOT } from "./lab";

/** The built `voidvm` command (the package's bin entry). */
export const VOIDVM_BIN = join(REPO_ROOT, "dist", "cli", "voidvm.js");

/** The lab connection as `voidvm` flags (no stack config). */
export function labCliFlags(): string[] {
  const lab = labSettings();
  return ["--no-stack-config", "--host", lab.host, "--port", String(lab.port), "--user", lab.user, "-i", lab.privateKeyPath, "--host-key", lab.hostKey];
}

/** The `voidvm` command as a user runs it (the built bin entry), with the lab connection as flags. */
export function voidvmCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; flags?: boolean } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const flags = options.flags === false ? [] : labCliFlags();
  return new Promise((resolve) => {
    execFile("node", [VOIDVM_BIN, ...args, ...flags], { cwd: options.cwd ?? REPO_ROOT, env: options.env ?? process.env, encoding: "utf8" }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === "number" ? ((error as { code: number }).code) : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
