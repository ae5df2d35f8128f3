import { z } from "zod/v4";
import { portRange, type PortSpec } from "../../provider/nft/forward-rules";
import { forwardRuleSchema } from "../../provider/resources/port-forward/schema";
import { policySettings } from "../support/policy-settings";
import { label, type ResourceRule } from "../support/voidvm-policy";

const NAME = "admin-ports-not-public";

const port = z.int().min(1).max(65535);
const portOrRange = z.union([port, z.string().regex(/^\d{1,5}-\d{1,5}$/, 'a port range is written "5900-5999"')]);

const settings = policySettings(
  NAME,
  z.strictObject({
    adminPorts: z
      .array(portOrRange)
      .default([22, 3389, "5900-5999"])
      .describe('Guest ports that must not be forwarded from every host address: numbers and ranges such as "5900-5999" (SSH, RDP, VNC by default)'),
  }),
);

type Settings = ReturnType<typeof settings.read>;

function overlaps(a: PortSpec, b: PortSpec): boolean {
  const [aFrom, aTo] = portRange(a);
  const [bFrom, bTo] = portRange(b);
  return aFrom <= bTo && bFrom <= aTo;
}

/**
 * A PortForward must not open a guest's admin service (SSH, RDP, VNC, ...) on every address of the
 * host: such a rule needs hostIp, e.g. 127.0.0.1 behind an SSH tunnel.
 */
export const adminPortsNotPublic: ResourceRule<Settings> = {
  name: NAME,
  description: "No PortForward exposes a guest admin port (22, 3389, 5900-5999 by default) on every host address.",
  enforcementLevel: "mandatory",
  kinds: ["PortForward"],
  settings,
  violations: (forward, { adminPorts }) => {
    const rules: unknown[] = Array.isArray(forward.props.rules) ? forward.props.rules : [];
    return rules.flatMap((raw, i) => {
      const rule = forwardRuleSchema.safeParse(raw);
      if (!rule.success) return [];
      const { protocol, hostPort, hostIp } = rule.data;
      const guestPort = rule.data.guestPort ?? hostPort;
      if (hostIp !== undefined && hostIp !== "0.0.0.0") return [];
      const admin = adminPorts.filter((p) => overlaps(guestPort, p));
      if (!admin.length) return [];
      return [
        `${label(forward)} rules[${i}] forwards ${protocol} port ${hostPort} on every host address to guest port ${guestPort}, an admin port (${admin.join(", ")}; admin ports: ${adminPorts.join(", ")}), ` +
          `so the guest's admin service is open to every network the host is on: set hostIp: "127.0.0.1" on the rule and reach it through an SSH tunnel, or a host address only trusted networks reach.`,
      ];
    });
  },
};
