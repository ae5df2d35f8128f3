import { randomBytes } from "crypto";
import { readFileSync } from "fs";

/** Everything the script takes from its environment, read and checked once at the start. */
export interface Settings {
  /** The stack's name: unique per run, also the VM's name. */
  stackName: string;
  projectName: string;
  /** Stack config for the connection: voidvm:host, voidvm:privateKey (secret), ... */
  connection: Record<string, { value: string; secret?: boolean }>;
  guest: { kernel: string; initrd: string; network: string; port: number };
  /** The host port forwarded to the guest's port. */
  hostPort: number;
  /** Where the forwarded port is reached from this runner: the libvirt host's address. */
  reachHost: string;
  readySeconds: number;
  /** The command to run against the VM (argv). */
  command: string[];
}

export class SettingsError extends Error {}

function required(env: NodeJS.ProcessEnv, name: string, why: string): string {
  const value = env[name];
  if (!value) throw new SettingsError(`${name} is not set: ${why}. Set it in the pipeline's environment (see examples/ci-ephemeral/README.md).`);
  return value;
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new SettingsError(`${name} must be a TCP port (1-65535), got "${text}".`);
  return value;
}

/** A stack name no other run has: the prefix, the CI run id when there is one, and random bytes. */
function uniqueStackName(env: NodeJS.ProcessEnv): string {
  const prefix = env.CI_EPHEMERAL_PREFIX ?? "ci";
  const run = env.GITHUB_RUN_ID ?? env.CI_PIPELINE_ID ?? Date.now().toString(36);
  const name = `${prefix}-${run}-${randomBytes(3).toString("hex")}`;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(name)) throw new SettingsError(`CI_EPHEMERAL_PREFIX makes an invalid stack name "${name}": use letters, digits, "-", "_" and ".".`);
  return name;
}

function connectionConfig(env: NodeJS.ProcessEnv): Settings["connection"] {
  const privateKey = env.VOIDVM_PRIVATE_KEY ?? (env.VOIDVM_PRIVATE_KEY_PATH ? readFileSync(env.VOIDVM_PRIVATE_KEY_PATH, "utf8") : undefined);
  if (!privateKey) throw new SettingsError("Neither VOIDVM_PRIVATE_KEY nor VOIDVM_PRIVATE_KEY_PATH is set: the SSH key for the libvirt host is needed.");
  const config: Settings["connection"] = {
    "voidvm:host": { value: required(env, "VOIDVM_HOST", "the libvirt host to make the VM on") },
    "voidvm:hostKey": { value: required(env, "VOIDVM_HOST_KEY", "the host key fingerprint (SHA256:...) pins the host") },
    "voidvm:privateKey": { value: privateKey, secret: true },
    // PortForward rewrites nftables on the host: a non-root user needs sudo for nft.
    "voidvm:sudo": { value: env.VOIDVM_SUDO ?? "true" },
  };
  for (const [name, key] of [["VOIDVM_PORT", "port"], ["VOIDVM_USER", "user"], ["VOIDVM_POOL", "pool"]] as const) {
    if (env[name]) config[`voidvm:${key}`] = { value: env[name] };
  }
  return config;
}

/** Reads the settings; argv is the command to run against the VM (after `--`). */
export function readSettings(env: NodeJS.ProcessEnv, argv: string[]): Settings {
  const command = argv[0] === "--" ? argv.slice(1) : argv;
  if (command.length === 0) throw new SettingsError('No command given: run it as `node index.js -- COMMAND ARGS...`, e.g. -- sh -c \'curl -fsS "$VM_URL"\'.');
  return {
    stackName: uniqueStackName(env),
    projectName: "voidvm-ci-ephemeral",
    connection: connectionConfig(env),
    guest: {
      kernel: required(env, "CI_VM_KERNEL", "the guest's kernel on the host (direct kernel boot)"),
      initrd: required(env, "CI_VM_INITRD", "the guest's initramfs on the host"),
      network: env.CI_VM_NETWORK ?? "default",
      port: port(env, "CI_VM_GUEST_PORT", 80),
    },
    hostPort: port(env, "CI_EPHEMERAL_HOST_PORT", 20000 + Math.floor(Math.random() * 20000)),
    reachHost: env.CI_EPHEMERAL_REACH_HOST ?? required(env, "VOIDVM_HOST", "the libvirt host"),
    readySeconds: Number(env.CI_EPHEMERAL_READY_SECONDS ?? 180),
    command,
  };
}
