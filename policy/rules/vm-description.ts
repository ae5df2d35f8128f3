import { z } from "zod/v4";
import { policySettings } from "../support/policy-settings";
import { label, type ResourceRule } from "../support/voidvm-policy";

const NAME = "vm-has-description";

/** Hygiene: whoever finds a VM on a host (virsh desc) learns what it is for. */
export const vmHasDescription: ResourceRule<object> = {
  name: NAME,
  description: "Every VirtualMachine has a description (shown by virsh desc and in libvirt tools).",
  enforcementLevel: "advisory",
  kinds: ["VirtualMachine"],
  settings: policySettings(NAME, z.strictObject({})),
  violations: (vm) => {
    const description: unknown = vm.props.description;
    if (typeof description === "string" && description.trim() !== "") return [];
    const value = description === undefined ? "none" : `"${String(description)}"`;
    return [`${label(vm)} has no description (description: ${value}), so whoever finds it on the host cannot tell what it is for or who owns it: set description, e.g. "web server of the shop, team web".`];
  },
};
