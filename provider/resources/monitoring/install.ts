import { collectorScript, COLLECTOR_PATHS, renderCollectorConfig, renderCollectorCron } from "../../metrics/collector-files";
import { installRootFile, readHostText, removeRootFile } from "../../libvirt/snapshot-schedule-files";
import type { RemoteHost } from "../../transport/remote-host";
import { ownerOf } from "../../validation/sdk-keys";
import { controlCollector } from "./control";
import { MIB } from "./observe";
import type { MonitoringInputs } from "./schema";

/**
 * Writes the script, the config and the cron watchdog, then (re)starts the collector so that it
 * runs at once with them. On a first install that fails, whatever was written is removed again.
 */
export async function installCollector(host: RemoteHost, inputs: MonitoringInputs, firstTime: boolean): Promise<void> {
  const written: string[] = [];
  try {
    const settings = { uri: host.uri, interval: inputs.interval, vmHistoryBytes: inputs.historyMB * MIB, totalHistoryBytes: inputs.totalHistoryMB * MIB, owner: ownerOf(inputs) };
    await installRootFile(host, COLLECTOR_PATHS.config, renderCollectorConfig(settings));
    written.push(COLLECTOR_PATHS.config);
    const script = collectorScript();
    if ((await readHostText(host, COLLECTOR_PATHS.script)) !== script) await installRootFile(host, COLLECTOR_PATHS.script, script);
    written.push(COLLECTOR_PATHS.script);
    await installRootFile(host, COLLECTOR_PATHS.cron, renderCollectorCron());
    written.push(COLLECTOR_PATHS.cron);
    await controlCollector(host, "restart");
  } catch (error) {
    if (firstTime) {
      if (written.includes(COLLECTOR_PATHS.script)) await controlCollector(host, "purge").catch(() => undefined);
      for (const path of written.reverse()) await removeRootFile(host, path).catch(() => undefined);
    }
    throw error;
  }
}
