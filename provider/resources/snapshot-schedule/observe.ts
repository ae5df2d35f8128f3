import { listSnapshots } from "../../libvirt/snapshots";
import { schedulePaths, type SchedulePaths } from "../../libvirt/snapshot-schedule-files";
import type { RemoteHost } from "../../transport/remote-host";
import { stripUndefined } from "../../values/strip-undefined";
import { checkCron, nextRuns } from "./cron";
import type { SnapshotScheduleOutputs } from "./outputs";
import type { SnapshotScheduleInputs } from "./schema";

const NEXT_RUNS = 5;

/** One round trip: which files are there, the host's time zone, the log's last line. */
const STATE_SCRIPT = `
cron=$1; conf=$2; log=$3
[ -e "$cron" ] && echo "cron present" || echo "cron absent"
[ -e "$conf" ] && echo "conf present" || echo "conf absent"
if t=$(readlink /etc/localtime 2>/dev/null); then echo "tz \${t#*zoneinfo/}"
elif [ -r /etc/timezone ]; then echo "tz $(head -n 1 /etc/timezone)"
else echo "tz UTC"; fi
[ -r "$log" ] && echo "log $(tail -n 1 "$log")"
exit 0
`;

export interface HostScheduleState {
  cronPresent: boolean;
  configPresent: boolean;
  timezone: string;
  lastLogLine?: string;
}

export async function hostScheduleState(host: RemoteHost, paths: SchedulePaths): Promise<HostScheduleState> {
  const result = await host.runScript(STATE_SCRIPT, [paths.cronFile, paths.configFile, paths.logFile]);
  const lines = result.stdout.split("\n");
  const value = (key: string) => lines.find((l) => l.startsWith(`${key} `))?.slice(key.length + 1);
  let timezone = value("tz")?.trim() || "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
  } catch {
    timezone = "UTC";
  }
  const state: HostScheduleState = { cronPresent: value("cron") === "present", configPresent: value("conf") === "present", timezone };
  const log = value("log");
  if (log) state.lastLogLine = log;
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
