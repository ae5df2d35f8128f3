import { stripUndefined } from "../../validation/unknowns";
import { checkSchedule } from "./check";
import { createSchedule } from "./create";
import { deleteSchedule } from "./delete";
import { diffSchedule } from "./diff";
import type { SnapshotScheduleOutputs } from "./outputs";
import { readSchedule } from "./read";
import type { SnapshotScheduleInputs } from "./schema";
import { updateSchedule } from "./update";

/** The SnapshotSchedule resource provider; sdk/snapshot-schedule.ts delegates every call here. */
export const snapshotScheduleProvider = {
  async check(olds: Record<string, unknown>, news: Record<string, unknown>) {
    const outcome = checkSchedule(olds, news);
    if (outcome.failures) return { failures: outcome.failures };
    return { inputs: stripUndefined({ ...outcome.inputs, autonamePrefix: news.autonamePrefix }) as SnapshotScheduleInputs };
  },
  async diff(_id: string, olds: SnapshotScheduleOutputs, news: SnapshotScheduleInputs) {
    return diffSchedule(olds, news);
  },
  async create(inputs: SnapshotScheduleInputs) {
    return createSchedule(inputs);
  },
  async read(id: string, props: SnapshotScheduleOutputs) {
    return readSchedule(id, props);
  },
  async update(_id: string, olds: SnapshotScheduleOutputs, news: SnapshotScheduleInputs) {
    return { outs: await updateSchedule(olds, news) };
  },
  async delete(_id: string, props: SnapshotScheduleOutputs) {
    await deleteSchedule(props);
  },
};
