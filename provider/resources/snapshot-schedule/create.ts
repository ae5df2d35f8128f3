import { ConflictError } from "../../errors";
import { assertSnapshotCapable, schedulePaths } from "../../libvirt/snapshot-schedule-files";
import { remoteHost } from "../../config/resolve-connection";
import { ownerOf } from "../../validation/sdk-keys";
import { installSchedule } from "./install";
import { hostScheduleState, observeSchedule } from "./observe";
import type { SnapshotScheduleOutputs } from "./outputs";
import type { SnapshotScheduleInputs } from "./schema";

/** Installs the schedule on the host; it then runs from the host's cron, without Pulumi or SSH. */
export async function createSchedule(inputs: SnapshotScheduleInputs): Promise<{ id: string; outs: SnapshotScheduleOutputs }> {
  const host = remoteHost(inputs.connection);
  const paths = schedulePaths(inputs.name);
  const existing = await hostScheduleState(host, paths);
  // This resource's own files (a create whose `pulumi up` was killed) are taken over: rewritten below.
  const ours = existing.owner !== undefined && existing.owner === ownerOf(inputs);
  if ((existing.configPresent || existing.cronPresent) && !ours) {
    const whose = existing.owner ? ` It belongs to another VoidVM resource (${existing.owner}).` : "";
    throw new ConflictError(
      `A snapshot schedule named "${inputs.name}" is already installed on ${host.label} (${existing.cronPresent ? paths.cronFile : paths.configFile}).${whose} ` +
        `Choose another name, or remove the old schedule first.`,
    );
  }
  await assertSnapshotCapable(host, inputs.vm);
  try {
    await installSchedule(host, inputs, !ours);
  } catch (error) {
    throw new Error(`Installing snapshot schedule "${inputs.name}" failed and what it wrote was removed: ${(error as Error).message}`);
  }
  const outs = await observeSchedule(host, inputs);
  return { id: `${host.label}/${inputs.name}`, outs };
}
