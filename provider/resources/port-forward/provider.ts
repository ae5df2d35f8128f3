import { defineProvider } from "../shared/define-provider";
import { checkPortForward } from "./check";
import { createPortForward } from "./create";
import { deletePortForward } from "./delete";
import { diffPortForward } from "./diff";
import { readPortForward } from "./read";
import { updatePortForward } from "./update";

/** The PortForward resource provider; sdk/port-forward.ts delegates every call here. */
export const portForwardProvider = defineProvider({ check: checkPortForward, diff: diffPortForward, create: createPortForward, read: readPortForward, update: updatePortForward, delete: deletePortForward });
