import { defineProvider } from "../shared/define-provider";
import { checkDisk } from "./check";
import { createDisk } from "./create";
import { deleteDisk } from "./delete";
import { diffDisk } from "./diff";
import { readDisk } from "./read";
import { updateDisk } from "./update";

/** The Disk resource provider; sdk/disk.ts delegates every dynamic-provider call here. */
export const diskProvider = defineProvider({ check: checkDisk, diff: diffDisk, create: createDisk, read: readDisk, update: updateDisk, delete: deleteDisk });
