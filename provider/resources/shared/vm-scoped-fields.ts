import { z } from "zod";
import { partialConnectionSchema } from "../../transport/connection-schema";
import { libvirtName } from "../../validation/names";

/**
 * The schema fields of a resource that belongs to one VM: the host, the domain, and the uuid of
 * the VirtualMachine resource given as `vm` (a new uuid means the VM was replaced).
 */
export const vmScopedFields = {
  connection: partialConnectionSchema.optional(),
  /** The domain. */
  vm: libvirtName,
  /** The uuid of the VirtualMachine resource given as `vm`: a new uuid means the VM was replaced. */
  vmUuid: z.string().min(1).optional(),
};
