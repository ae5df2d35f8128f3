import { defineProvider } from "../shared/define-provider";
import { checkNic } from "./check";
import { createNic } from "./create";
import { deleteNic } from "./delete";
import { diffNic } from "./diff";
import { readNic } from "./read";
import { updateNic } from "./update";

/** The NetworkInterface resource provider; sdk/network-interface.ts delegates every call here. */
export const networkInterfaceProvider = defineProvider({ check: checkNic, diff: diffNic, create: createNic, read: readNic, update: updateNic, delete: deleteNic });
