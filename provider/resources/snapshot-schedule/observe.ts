import { listSnapshots } from "../../libvirt/snapshots";
import { schedulePaths, type SchedulePaths } from "../../libvirt/snapshot-schedule-files";
import type { RemoteHost } from "../../transport/remote-host";
import { stripUndefined } from "../../values/strip-undefined";
import { checkCron, nextRuns } from "./cron";
import type { SnapshotScheduleOutputs } from "./outputs";
import { scheduleRetention, type SnapshotScheduleInputs } from "./schema";

const NEXT_RUNS = 5;

export interface HostScheduleState {
  cronPresent: boolean;
  configPresent: boolean;
  timezone: string;
  lastLogLine?: string;
  /** Who wrote the config (its owner= line), when it says. */
  owner?: string;
}

/** One round trip (remote-scripts/schedule-state.sh): which files are there, the host's time zone, the log's last line. */
export async function hostScheduleState(host: RemoteHost, paths: SchedulePaths): Promise<HostScheduleState> {
  const { sections } = await host.runRemoteScript("schedule-state", [paths.cronFile, paths.configFile, paths.logFile]);
  const value = (key: string) => sections.get(key)?.split("\n")[0];
  let timezone = value("timezone")?.trim() || "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
  } catch {
    timezone = "UTC";
  }
  const state: HostScheduleState = { cronPresent: value("cron") === "present", configPresent: value("config") === "present", timezone };
  const log = value("log");
  if (log) state.lastLogLine = log;
  const owner = value("owner");
  if (owner) state.owner = owner;
  return state;
}

/**
 * The schedule's outputs from the host: `enabled` follows the cron file (so a removed entry shows
 * as drift), plus next run times in the host's time zone and this schedule's snapshots.
 */
export async function observeSchedule(host: RemoteHost, desired: SnapshotScheduleInputs, state?: HostScheduleState): Promise<SnapshotScheduleOutputs> {
  const paths = schedulePaths(desired.name);
  const seen = state ?? (await hostScheduleState(host, paths));
  const cron = checkCron(desired.schedule);
  const cronExpression = cron.ok ? cron.normalized : desired.schedule;
  const enabled = seen.cronPresent;
  const all = await listSnapshots(host, desired.vm).catch(() => undefined);
  const outputs: SnapshotScheduleOutputs = {
    ...desired,
    maxSnapshots: scheduleRetention(desired),
    enabled,
    cronExpression,
    scheduleDescription: cron.ok ? cron.words : "",
    timezone: seen.timezone,
    nextRuns: enabled && cron.ok ? nextRuns(cronExpression, seen.timezone, NEXT_RUNS) : [],
    cronFile: paths.cronFile,
    configFile: paths.configFile,
    logFile: paths.logFile,
    scriptFile: paths.scriptFile,
    snapshots: (all?.snapshots ?? []).filter((s) => s.schedule === desired.name).map((s) => s.name),
    lastLogLine: seen.lastLogLine,
  };
  return stripUndefined(outputs);
}
