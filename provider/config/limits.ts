import { z } from "zod";

/** The product's bounds; the test guest needs less, so they can be overridden explicitly. */
export const limitsSchema = z
  .object({
    /** @default 16 */ maxVcpus: z.number().int().min(1).optional(),
    /** MiB. @default 512 */ minMemory: z.number().int().min(1).optional(),
    /** MiB. @default 32768 */ maxMemory: z.number().int().min(1).optional(),
    /** GiB. @default 10 */ minDiskSize: z.number().int().min(1).optional(),
    /** GiB. @default 500 */ maxDiskSize: z.number().int().min(1).optional(),
  })
  .strict();

export type Limits = Required<z.infer<typeof limitsSchema>>;

export const PRODUCT_LIMITS: Limits = { maxVcpus: 16, minMemory: 512, maxMemory: 32768, minDiskSize: 10, maxDiskSize: 500 };

let configLimits: Partial<Limits> = {};

/** From stack config `voidvm:limits` (JSON), set by the provider's configure. */
export function setConfigLimits(value: Partial<Limits>): void {
  configLimits = value;
}

export function effectiveLimits(own: Partial<Limits> | undefined): Limits {
  return { ...PRODUCT_LIMITS, ...configLimits, ...(own ?? {}) };
}
