import { defineProvider } from "../shared/define-provider";
import { checkVm } from "./check";
import { createVm } from "./create";
import { deleteVm } from "./delete";
import { diffVm } from "./diff";
import { readVm } from "./read";
import { updateVm } from "./update";

/** The VirtualMachine resource provider; sdk/ delegates every dynamic-provider call here. */
export const virtualMachineProvider = defineProvider({ check: checkVm, diff: diffVm, create: createVm, read: readVm, update: updateVm, delete: deleteVm, secrets: (vm) => [vm.vnc?.password, vm.cloudInit?.userData] });
