import { NotFoundError } from "../errors";
import { RemoteCommandError } from "../transport/remote-error";
import type { RemoteHost } from "../transport/remote-host";
import { parseDomainXml } from "../xml/parse-domain";
import { SNAPSHOT_SCRIPT_PATH, snapshotScript } from "./snapshot-script";
import { virsh } from "./virsh";
import { renderKeyValueFile } from "./key-value-file";
import { isMissingDomain } from "./missing-domain";

/**
 * What a SnapshotSchedule puts on the host: a cron file (root-owned, mode 644; cron ignores file
 * names with dots), a config file read by the shared script at each run, and a log the script
 * writes as root. Files go through `install -m 644 /dev/stdin PATH` (content on stdin) and
 * `rm -f PATH` as root (ExecOptions.sudo), which the host's sudo rules can allow for exactly
 * these paths.
 */
export interface SchedulePaths {
  cronFile: string;
  configFile: string;
  logFile: string;
  scriptFile: string;
}

export function schedulePaths(name: string): SchedulePaths {
  return {
    cronFile: `/etc/cron.d/voidvm-snapshot-${name}`,
    configFile: `/etc/voidvm/snapshot-${name}.conf`,
    logFile: `/var/log/voidvm/snapshot-${name}.log`,
    scriptFile: SNAPSHOT_SCRIPT_PATH,
  };
}

export interface ScheduleConfig {
  name: string;
  uri: string;
  vm: string;
  naming: string;
  includeMemory: boolean;
  maxSnapshots: number;
  /** The SnapshotSchedule resource that wrote it (project/stack/kind/name), for taking it over after an interrupted run. */
  owner?: string;
}

/** Pure: the config file (one `key=value` a line; the script reads it without evaluating it). */
export function renderScheduleConfig(config: ScheduleConfig, paths: SchedulePaths): string {
  return renderKeyValueFile(
    `VoidVM SnapshotSchedule "${config.name}" (written by VoidVM; changes here are overwritten)`,
    {
      schedule: config.name,
      uri: config.uri,
      vm: config.vm,
      naming: config.naming,
      memory: config.includeMemory ? "yes" : "no",
      keep: config.maxSnapshots,
      log: paths.logFile,
    },
    config.owner,
  );
}

/** Pure: the cron file. The command line holds only fixed paths: names and data stay in the config. */
export function renderCronFile(name: string, cronExpression: string, words: string, paths: SchedulePaths): string {
  return [
    `# VoidVM SnapshotSchedule "${name}" (written by VoidVM; changes here are overwritten)`,
    `# ${words.replace(/[\r\n]+/g, " ")}; log: ${paths.logFile}`,
    "SHELL=/bin/sh",
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    `${cronExpression} root /bin/sh ${paths.scriptFile} run ${paths.configFile}`,
    "",
  ].join("\n");
}

function rootHint(host: RemoteHost, path: string): string {
  return (
    `Writing ${path} needs root on ${host.label}: connect as root, or set sudo: true on the connection with a sudo rule ` +
    `that allows "install -m 644 /dev/stdin ${path}" and "rm -f ${path}" (see docs/snapshot-schedule.md).`
  );
}

/** Writes a root-owned file with mode 644 from stdin. */
export async function installRootFile(host: RemoteHost, path: string, content: string): Promise<void> {
  const result = await host.run(["install", "-m", "644", "/dev/stdin", path], { sudo: true, stdin: content, allowFailure: true });
  if (result.exitCode !== 0) {
    throw new Error(`Could not write ${path} on ${host.label}: ${result.stderr.trim() || `exit code ${result.exitCode}`}. ${rootHint(host, path)}`);
  }
}

export async function removeRootFile(host: RemoteHost, path: string): Promise<void> {
  const result = await host.run(["rm", "-f", path], { sudo: true, allowFailure: true });
  if (result.exitCode !== 0) {
    throw new Error(`Could not remove ${path} on ${host.label}: ${result.stderr.trim() || `exit code ${result.exitCode}`}. ${rootHint(host, path)}`);
  }
}

/** A world-readable file's text, or undefined when it does not exist. */
export async function readHostText(host: RemoteHost, path: string): Promise<string | undefined> {
  const { sections } = await host.runRemoteScript("read-file", [path]);
  return sections.get("content");
}

/** Names of the schedules whose config files are on the host. */
export async function installedScheduleNames(host: RemoteHost): Promise<string[]> {
  const { sections } = await host.runRemoteScript("schedule-configs", []);
  return (sections.get("configs") ?? "")
    .split("\n")
    .map((line) => /^\/etc\/voidvm\/snapshot-([A-Za-z0-9_-]+)\.conf$/.exec(line.trim())?.[1])
    .filter((n): n is string => n !== undefined);
}

/** (Re)installs the shared host script; returns whether it was there before. */
export async function installSnapshotScript(host: RemoteHost): Promise<boolean> {
  const script = snapshotScript();
  const existing = await readHostText(host, SNAPSHOT_SCRIPT_PATH);
  if (existing !== script) await installRootFile(host, SNAPSHOT_SCRIPT_PATH, script);
  return existing !== undefined;
}

/**
 * Refuses, before anything is installed, a VM that does not exist or whose writable disks are
 * not all qcow2 (internal snapshots live inside qcow2 files).
 */
export async function assertSnapshotCapable(host: RemoteHost, vm: string): Promise<void> {
  const result = await virsh(host, ["dumpxml", "--inactive", "--", vm], { allowFailure: true });
  if (result.exitCode !== 0) {
    if (isMissingDomain(result.stderr)) {
      throw new NotFoundError(`VM "${vm}" does not exist on ${host.label}; create it first (or check the vm input).`);
    }
    throw new RemoteCommandError({ host: host.label, command: `virsh dumpxml ${vm}`, ...result, timedOut: false });
  }
  const spec = await parseDomainXml(result.stdout);
  const writable = spec.disks.filter((d) => d.device === "disk" && !d.readonly);
  const raw = writable.filter((d) => d.format !== "qcow2").map((d) => d.target);
  if (raw.length) {
    throw new Error(
      `VM "${vm}" has disk${raw.length > 1 ? "s" : ""} ${raw.join(", ")} in raw format; snapshots live inside qcow2 files, so every writable disk must be qcow2. ` +
        `Convert the disk (qemu-img convert -O qcow2) or detach it.`,
    );
  }
  if (writable.length === 0) throw new Error(`VM "${vm}" has no writable disk, so there is nothing to snapshot.`);
}
