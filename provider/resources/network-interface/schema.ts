import { z } from "zod";
import { interfaceModelSchema, interfaceTypeSchema } from "../shared/device-settings";
import { partialConnectionSchema } from "../../transport/connection-schema";
import { libvirtName, macAddress } from "../../validation/names";

const rate = z.number().int().min(1).max(2 ** 31 - 1);

/** One direction of a bandwidth limit, in libvirt's units. */
export const bandwidthLimitSchema = z
  .object({
    /** Average rate in KiB/s. */
    average: rate,
    /** Peak rate in KiB/s (at least average). @default none */
    peak: rate.optional(),
    /** KiB that may be sent at peak rate. @default none */
    burst: rate.optional(),
  })
  .strict();

export const bandwidthSchema = z
  .object({
    /** Traffic towards the guest. @default unlimited */
    inbound: bandwidthLimitSchema.optional(),
    /** Traffic from the guest. @default unlimited */
    outbound: bandwidthLimitSchema.optional(),
  })
  .strict()
  .refine((b) => b.inbound !== undefined || b.outbound !== undefined, "give inbound, outbound or both (or leave bandwidth out)");

const deviceName = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, "must be a network, bridge or host device name (letters, digits, _ . : -)");

export const nicInputsSchema = z
  .object({
    connection: partialConnectionSchema.optional(),
    /** The domain the interface is attached to. */
    vm: libvirtName,
    /** The VM's uuid when a VirtualMachine resource was given: a new uuid means a replaced VM. */
    vmUuid: z.string().optional(),
    /**
     * `network`: a libvirt network (e.g. the NAT network "default"); `bridge`: a host bridge;
     * `direct`: macvtap on a host device; `user`: QEMU user networking. Changing it replaces the
     * interface (detach + attach). @default "network"
     */
    type: interfaceTypeSchema.default("network"),
    /** The libvirt network, host bridge or host device name (none for `user`). Changing it replaces the interface. */
    source: deviceName.optional(),
    /** NIC model. Changing it replaces the interface (detach + attach). @default "virtio" */
    model: interfaceModelSchema.default("virtio"),
    /** Filled by check when not given: a stable 52:54:00:xx:xx:xx from the resource's identity. */
    mac: macAddress.transform((m) => m.toLowerCase()),
    /** True when check generated the MAC. */
    autoMac: z.boolean().default(false),
    /** 802.1Q VLAN tag (1-4094); needs an Open vSwitch bridge. Changing it replaces the interface. @default none */
    vlan: z.number().int().min(1).max(4094).optional(),
    /** Bandwidth limits (Linux traffic control on the host). Change live. @default unlimited */
    bandwidth: bandwidthSchema.optional(),
    /**
     * A fixed IPv4 address for the guest on a libvirt-managed network (type "network"): a DHCP
     * reservation for this interface's MAC, removed again when the interface is deleted. Changes
     * live; the guest gets a changed address when it renews its lease. @default none (DHCP's choice)
     */
    fixedIpAddress: z.string().ip({ version: "v4", message: "must be an IPv4 address such as 192.168.122.50" }).optional(),
  })
  .strict()
  .superRefine((nic, ctx) => {
    if (nic.type !== "user" && !nic.source) {
      ctx.addIssue({ code: "custom", path: ["source"], message: `a ${nic.type} interface needs a source (the ${sourceWord(nic.type)} name)` });
    }
    if (nic.type === "user" && nic.source) {
      ctx.addIssue({ code: "custom", path: ["source"], message: "a user (SLIRP) interface has no source; leave it out" });
    }
    if (nic.vlan !== undefined && (nic.type === "user" || nic.type === "direct")) {
      ctx.addIssue({ code: "custom", path: ["vlan"], message: `VLAN tags need an Open vSwitch bridge (type bridge, or a network backed by one); a ${nic.type} interface cannot carry one` });
    }
    if (nic.bandwidth && nic.type === "user") {
      ctx.addIssue({ code: "custom", path: ["bandwidth"], message: "libvirt cannot limit the bandwidth of a user (SLIRP) interface; use a network or bridge interface" });
    }
    if (nic.fixedIpAddress && nic.type !== "network") {
      ctx.addIssue({ code: "custom", path: ["fixedIpAddress"], message: "a fixed address is a DHCP reservation on a libvirt-managed network: it needs type network (on a bridge, reserve the address in your own DHCP server)" });
    }
    for (const dir of ["inbound", "outbound"] as const) {
      const limit = nic.bandwidth?.[dir];
      if (limit?.peak !== undefined && limit.peak < limit.average) {
        ctx.addIssue({ code: "custom", path: ["bandwidth", dir, "peak"], message: `peak (${limit.peak} KiB/s) must be at least average (${limit.average} KiB/s)` });
      }
    }
  });

function sourceWord(type: string): string {
  return type === "network" ? "libvirt network" : type === "bridge" ? "host bridge" : "host device";
}

export type NicInputs = z.output<typeof nicInputsSchema>;
