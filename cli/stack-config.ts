import { execFileSync } from "child_process";
import { existsSync } from "fs";
import { join } from "path";

/**
 * The current Pulumi stack's config as `key -> value` (secrets decrypted), read with
 * `pulumi config --show-secrets --json` in `cwd`. Undefined when `cwd` holds no Pulumi project.
 */
export function readStackConfig(cwd: string, stack?: string): Record<string, string> | undefined {
  if (!existsSync(join(cwd, "Pulumi.yaml")) && !existsSync(join(cwd, "Pulumi.yml"))) return undefined;
  const args = ["config", "--show-secrets", "--json", "--non-interactive"];
  if (stack) args.push("--stack", stack);
  let text: string;
  try {
    text = execFileSync("pulumi", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(
      `Could not read the stack config with \`pulumi ${args.join(" ")}\` in ${cwd}: ${stderr || (error as Error).message}. ` +
        `Select a stack (pulumi stack select), pass --stack, or give the connection with flags (--host, --user, --identity, --host-key).`,
    );
  }
  const parsed = JSON.parse(text) as Record<string, { value?: unknown; objectValue?: unknown }>;
  const config: Record<string, string> = {};
  for (const [key, entry] of Object.entries(parsed)) {
    const value = entry.objectValue ?? entry.value;
    if (value === undefined || value === null) continue;
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return config;
}
