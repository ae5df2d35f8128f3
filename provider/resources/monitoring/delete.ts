import { COLLECTOR_PATHS } from "../../metrics/collector-files";
import { removeRootFile } from "../../libvirt/snapshot-schedule-files";
import { remoteHost } from "../../config/resolve-connection";
import { controlCollector } from "./control";
import { hostCollectorState } from "./observe";
import type { MonitoringOutputs } from "./outputs";

/**
 * Removes the watchdog first (nothing restarts the collector after that), stops the collector
 * (its whole process group) and, unless retainHistory, removes its history, alert states and
 * log; then the config and the script.
 */
export async function deleteMonitoring(props: MonitoringOutputs): Promise<void> {
  const host = remoteHost(props.connection);
  await removeRootFile(host, COLLECTOR_PATHS.cron);
  const state = await hostCollectorState(host);
  if (state.scriptPresent && state.configPresent) await controlCollector(host, props.retainHistory ? "stop" : "purge");
  await removeRootFile(host, COLLECTOR_PATHS.config);
  await removeRootFile(host, COLLECTOR_PATHS.script);
}
