import { defineProvider } from "../shared/define-provider";
import { checkSnapshot } from "./check";
import { createSnapshot } from "./create";
import { deleteSnapshot } from "./delete";
import { diffSnapshot } from "./diff";
import { readSnapshot } from "./read";
import { updateSnapshot } from "./update";

/** The Snapshot resource provider; sdk/snapshot.ts delegates every dynamic-provider call here. */
export const snapshotProvider = defineProvider({ check: checkSnapshot, diff: diffSnapshot, create: createSnapshot, read: readSnapshot, update: updateSnapshot, delete: deleteSnapshot });
