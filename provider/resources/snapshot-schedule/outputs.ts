import type { SnapshotScheduleInputs } from "./schema";

/** The SnapshotSchedule as stored by Pulumi: its inputs plus what is installed on the host. */
export interface SnapshotScheduleOutputs extends SnapshotScheduleInputs {
  /** The retention in force (the default when the program gave none). */
  maxSnapshots: number;
  /** The five cron fields as written to the cron file (names turned into numbers, @daily expanded). */
  cronExpression: string;
  /** The schedule in words, e.g. "At 02:00". */
  scheduleDescription: string;
  /** The host's time zone, in which cron runs the schedule. */
  timezone: string;
  /** The next run times (ISO 8601, UTC) at the last create, update or refresh; empty when disabled. */
  nextRuns: string[];
  /** /etc/cron.d/voidvm-snapshot-<name> (present while enabled). */
  cronFile: string;
  /** /etc/voidvm/snapshot-<name>.conf: what each run does. */
  configFile: string;
  /** /var/log/voidvm/snapshot-<name>.log: one line per step of each run. */
  logFile: string;
  /** The shared host script the cron entry runs. */
  scriptFile: string;
  /** This schedule's snapshots on the VM, oldest first, at the last create, update or refresh. */
  snapshots: string[];
  /** The last line of the log, if any run has happened. */
  lastLogLine?: string;
}
