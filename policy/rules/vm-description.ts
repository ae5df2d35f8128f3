import { label, settinglessRule } from "../support/voidvm-policy";

/** Hygiene: whoever finds a VM on a host (virsh desc) learns what it is for. */
export const vmHasDescription = settinglessRule({
  name: "vm-has-description",
  description: "Every VirtualMachine has a description (shown by virsh desc and in libvirt tools).",
  enforcementLevel: "advisory",
  kinds: ["VirtualMachine"],
  violations: (vm) => {
    const description: unknown = vm.props.description;
    if (typeof description === "string" && description.trim() !== "") return [];
    const value = description === undefined ? "none" : `"${String(description)}"`;
    return [`${label(vm)} has no description (description: ${value}), so whoever finds it on the host cannot tell what it is for or who owns it: set description, e.g. "web server of the shop, team web".`];
  },
});
