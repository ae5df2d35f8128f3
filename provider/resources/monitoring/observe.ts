import { COLLECTOR_PATHS } from "../../metrics/collector-files";
import type { RemoteHost } from "../../transport/remote-host";
import { stripUndefined } from "../../values/strip-undefined";
import type { MonitoringOutputs } from "./outputs";
import type { MonitoringInputs } from "./schema";

export interface HostCollectorState {
  configPresent: boolean;
  cronPresent: boolean;
  scriptPresent: boolean;
  /** Who installed it (the config's owner= line), when it says. */
  owner?: string;
  pid?: number;
  historyFiles: number;
  historyBytes: number;
}

/** One round trip (remote-scripts/monitoring-state.sh). */
export async function hostCollectorState(host: RemoteHost): Promise<HostCollectorState> {
  const p = COLLECTOR_PATHS;
  const { sections } = await host.runRemoteScript("monitoring-state", [p.config, p.cron, p.script, p.historyDir, p.pidfile]);
  const value = (key: string) => sections.get(key)?.split("\n")[0]?.trim();
  const [files, bytes] = (value("history") ?? "0 0").split(" ").map(Number);
  const state: HostCollectorState = {
    configPresent: value("config") === "present",
    cronPresent: value("cron") === "present",
    scriptPresent: value("script") === "present",
    historyFiles: files ?? 0,
    historyBytes: bytes ?? 0,
  };
  const owner = value("owner");
  if (owner) state.owner = owner;
  const pid = value("pid");
  if (pid) state.pid = Number(pid);
  return state;
}

export const MIB = 1024 * 1024;

/** The Monitoring's outputs from the host. */
export async function observeMonitoring(host: RemoteHost, desired: MonitoringInputs, state?: HostCollectorState): Promise<MonitoringOutputs> {
  const seen = state ?? (await hostCollectorState(host));
  return stripUndefined({
    ...desired,
    running: seen.pid !== undefined,
    pid: seen.pid,
    vmHistoryBytes: desired.historyMB * MIB,
    totalHistoryBytes: desired.totalHistoryMB * MIB,
    historyFiles: seen.historyFiles,
    historyBytes: seen.historyBytes,
    scriptFile: COLLECTOR_PATHS.script,
    configFile: COLLECTOR_PATHS.config,
    cronFile: COLLECTOR_PATHS.cron,
    historyDir: COLLECTOR_PATHS.historyDir,
    logFile: COLLECTOR_PATHS.log,
  });
}
