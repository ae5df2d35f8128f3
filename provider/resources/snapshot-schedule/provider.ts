import { defineProvider } from "../shared/define-provider";
import { checkSchedule } from "./check";
import { createSchedule } from "./create";
import { deleteSchedule } from "./delete";
import { diffSchedule } from "./diff";
import { readSchedule } from "./read";
import { updateSchedule } from "./update";

/** The SnapshotSchedule resource provider; sdk/snapshot-schedule.ts delegates every call here. */
export const snapshotScheduleProvider = defineProvider({ check: checkSchedule, diff: diffSchedule, create: createSchedule, read: readSchedule, update: updateSchedule, delete: deleteSchedule });
