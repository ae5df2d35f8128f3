import type { MonitoringInputs } from "./schema";

/** The Monitoring as stored by Pulumi: its inputs plus what runs on the host. */
export interface MonitoringOutputs extends MonitoringInputs {
  /** Whether the collector process runs (the cron watchdog restarts it within a minute if not). */
  running: boolean;
  /** The collector's process id, while it runs. */
  pid?: number;
  /** The bounds in force, in bytes: one VM's history, and all of it. */
  vmHistoryBytes: number;
  totalHistoryBytes: number;
  /** The history on the host at the last create, update or refresh. */
  historyFiles: number;
  historyBytes: number;
  scriptFile: string;
  configFile: string;
  cronFile: string;
  historyDir: string;
  logFile: string;
}
