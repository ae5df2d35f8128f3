import { defineProvider } from "../shared/define-provider";
import { checkMonitoring } from "./check";
import { createMonitoring } from "./create";
import { deleteMonitoring } from "./delete";
import { diffMonitoring } from "./diff";
import { readMonitoring } from "./read";
import { updateMonitoring } from "./update";

/** The Monitoring resource provider; sdk/monitoring.ts delegates every call here. */
export const monitoringProvider = defineProvider({ check: checkMonitoring, diff: diffMonitoring, create: createMonitoring, read: readMonitoring, update: updateMonitoring, delete: deleteMonitoring });
