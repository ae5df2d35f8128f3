import {
  installRootFile,
  installSnapshotScript,
  removeRootFile,
  renderCronFile,
  renderScheduleConfig,
  schedulePaths,
} from "../../libvirt/snapshot-schedule-files";
import { SNAPSHOT_SCRIPT_PATH } from "../../libvirt/snapshot-script";
import type { RemoteHost } from "../../transport/remote-host";
import { ownerOf } from "../../validation/sdk-keys";
import { checkCron } from "./cron";
import { scheduleRetention, type SnapshotScheduleInputs } from "./schema";

/**
 * Writes the script, the config and (when enabled) the cron file; removes the cron file when
 * disabled. On failure, whatever this call wrote for the first time is removed again.
 */
export async function installSchedule(host: RemoteHost, inputs: SnapshotScheduleInputs, firstTime: boolean): Promise<void> {
  const cron = checkCron(inputs.schedule);
  if (!cron.ok) throw new Error(`schedule: ${cron.reason}`);
  const paths = schedulePaths(inputs.name);
  const written: string[] = [];
  try {
    // The config goes first: a concurrent delete of the last other schedule removes the shared
    // script only when it sees no config, and this call installs the script after its config.
    const config = { name: inputs.name, uri: host.uri, vm: inputs.vm, naming: inputs.naming, includeMemory: inputs.includeMemory, maxSnapshots: scheduleRetention(inputs), owner: ownerOf(inputs) };
    await installRootFile(host, paths.configFile, renderScheduleConfig(config, paths));
    if (firstTime) written.push(paths.configFile);
    const scriptExisted = await installSnapshotScript(host);
    if (!scriptExisted) written.push(SNAPSHOT_SCRIPT_PATH);
    if (inputs.enabled) {
      await installRootFile(host, paths.cronFile, renderCronFile(inputs.name, cron.normalized, cron.words, paths));
      if (firstTime) written.push(paths.cronFile);
    } else {
      await removeRootFile(host, paths.cronFile);
    }
  } catch (error) {
    for (const path of written.reverse()) await removeRootFile(host, path).catch(() => undefined);
    throw error;
  }
}
