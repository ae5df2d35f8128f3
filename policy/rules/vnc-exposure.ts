import { isIP } from "net";
import { vncSchema } from "../../provider/resources/vm/schema";
import { label, settinglessRule } from "../support/voidvm-policy";

/** 127.0.0.0/8 and ::1: reachable from the host only (and through an SSH tunnel). */
export function isLoopback(address: string): boolean {
  if (isIP(address) === 4) return address.startsWith("127.");
  return address === "::1";
}

/** A VNC console reachable beyond the host must ask for a password. */
export const vncLoopbackOrPassword = settinglessRule({
  name: "vnc-loopback-or-password",
  description: "A VM's VNC console listens on 127.0.0.1 (reached through an SSH tunnel) unless it has a password.",
  enforcementLevel: "mandatory",
  kinds: ["VirtualMachine"],
  violations: (vm) => {
    if (vm.props.vnc === undefined) return [];
    const vnc = vncSchema.safeParse(vm.props.vnc);
    if (!vnc.success || !vnc.data.enabled || vnc.data.password || isLoopback(vnc.data.listen)) return [];
    const where = vnc.data.listen === "0.0.0.0" || vnc.data.listen === "::" ? "every address of the host" : vnc.data.listen;
    return [
      `${label(vm)} has a VNC console on ${where} (vnc.listen "${vnc.data.listen}") without a password, so anyone who reaches that address gets its screen and keyboard; ` +
        "the policy allows that only on 127.0.0.1: leave vnc.listen out (127.0.0.1) and use `voidvm vnc` (an SSH tunnel), or set vnc.password.",
    ];
  },
});
