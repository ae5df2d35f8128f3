import { existsSync, readFileSync } from "fs";
import { join } from "path";
import type { ConnectionSettings } from "../../provider/transport/connection-schema";
import { RemoteHost, type ExecOptions, type ExecResult } from "../../provider/transport/remote-host";

/** The settings `npm run host:up` writes for the local libvirt lab. */
export interface LabSettings {
  host: string;
  port: number;
  user: string;
  privateKeyPath: string;
  hostKey: string;
  uri: string;
  pool: string;
  network: string;
  guest: { kernel: string; initrd: string };
  /** The lab's second libvirt host (scripts/lab/second-host.sh): same user and key, its own sshd. */
  second?: { host: string; port: number; hostKey: string; uri: string; pool: string; network: string; bridge: string };
}

export const REPO_ROOT = join(__dirname, "..", "..", "..");

/** Fails loudly (never skips) when the lab is not up. */
export function labSettings(): LabSettings {
  const file = join(REPO_ROOT, ".voidvm", "host.json");
  if (!existsSync(file)) {
    throw new Error(`The libvirt lab is not set up (${file} is missing). Run \`npm run host:up\` first.`);
  }
  return JSON.parse(readFileSync(file, "utf8")) as LabSettings;
}

export function labConnection(overrides: Partial<ConnectionSettings> = {}): ConnectionSettings {
  const lab = labSettings();
  return { host: lab.host, port: lab.port, user: lab.user, privateKeyPath: lab.privateKeyPath, hostKey: lab.hostKey, uri: lab.uri, sudo: true, ...overrides };
}

/** The second host's settings; fails loudly (never skips) when host:up has not set it up. */
export function secondLabSettings(): NonNullable<LabSettings["second"]> {
  const second = labSettings().second;
  if (!second) throw new Error("The lab's second libvirt host is not set up (no \"second\" in .voidvm/host.json). Run `npm run host:up` (without VOIDVM_SECOND_HOST=skip).");
  return second;
}

export function secondLabConnection(overrides: Partial<ConnectionSettings> = {}): ConnectionSettings {
  const second = secondLabSettings();
  return labConnection({ host: second.host, port: second.port, hostKey: second.hostKey, uri: second.uri, ...overrides });
}

export function secondLabHost(overrides: Partial<ConnectionSettings> = {}): RemoteHost {
  return new RemoteHost(secondLabConnection(overrides));
}

export function labHost(overrides: Partial<ConnectionSettings> = {}): RemoteHost {
  return new RemoteHost(labConnection(overrides));
}

/** Runs a test's own sh script on the lab host as the lab user, with positional arguments. */
export function onLabHost(script: string, args: readonly string[] = [], options: ExecOptions = {}): Promise<ExecResult> {
  return labHost().run(["sh", "-c", script, "sh", ...args], options);
}

/** A name for a test domain; host:down removes everything with this prefix. */
export function testName(label: string): string {
  return `vvt-${label}-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
}

/** sha256 of a volume in the lab's pool, read through libvirt (the pool's files are root's). */
export async function labVolumeSha256(volume: string): Promise<string> {
  const script = `t=$(mktemp) && virsh -q -c "$1" vol-download --pool "$2" --vol "$3" --file "$t" && sha256sum "$t" | cut -d' ' -f1; rm -f "$t"`;
  return (await onLabHost(script, [labSettings().uri, labSettings().pool, volume])).stdout.trim();
}
