import { z } from "zod";
import type { ForwardRule } from "../../nft/forward-rules";
import { partialConnectionSchema } from "../../transport/connection-schema";
import { libvirtName, macAddress } from "../../validation/names";

const port = z.number().int().min(1, "ports are 1-65535").max(65535, "ports are 1-65535");
const portSpec = z.union([
  port,
  z
    .string()
    .regex(/^\d{1,5}(-\d{1,5})?$/, 'must be a port such as 8080 or a range such as "8000-8010"')
    .refine((v) => {
      const [from, to] = v.split("-").map(Number);
      return from !== undefined && from >= 1 && (to ?? from) <= 65535 && from <= (to ?? from);
    }, "a range runs from a lower to a higher port, within 1-65535"),
]);

export const forwardRuleSchema = z
  .object({
    /** @default "tcp" */
    protocol: z.enum(["tcp", "udp"]).default("tcp"),
    /** Port on the host, or a range such as "8000-8010". */
    hostPort: portSpec,
    /** Port in the guest. A range forwards to the same port numbers. @default hostPort */
    guestPort: portSpec.optional(),
    /** The host address that takes connections: "127.0.0.1" for the host only. @default every address of the host */
    hostIp: z.string().ip({ version: "v4", message: "must be an IPv4 address of the host, such as 127.0.0.1" }).optional(),
  })
  .strict();

export const portForwardInputsSchema = z
  .object({
    connection: partialConnectionSchema.optional(),
    vm: libvirtName,
    vmUuid: z.string().optional(),
    /** Which of the VM's interfaces to forward to, by MAC (e.g. a NetworkInterface's mac). @default the VM's first interface */
    mac: macAddress.transform((m) => m.toLowerCase()).optional(),
    /**
     * Forward to this address instead of the guest's DHCP address (looked up on every apply and
     * refresh). @default the reservation or lease of the chosen interface
     */
    guestIp: z.string().ip({ version: "v4", message: "must be an IPv4 address such as 192.168.122.10" }).optional(),
    /** What to forward. Each host port/protocol/address can be forwarded by one PortForward only. */
    rules: z.array(forwardRuleSchema).min(1, "give at least one rule"),
  })
  .strict();

/** Validated inputs with every rule in one normal form (what diff compares with the host). */
export type PortForwardInputs = Omit<z.output<typeof portForwardInputsSchema>, "rules"> & { rules: ForwardRule[] };
