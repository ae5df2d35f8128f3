import type { z } from "zod";
import type { cloudInitSchema, cloudInitUserSchema, writeFileSchema } from "../provider/cloud-init/schema";
import type { InputsOf } from "./resource-types";

/** A file cloud-init writes in the guest (cloud-config `write_files`). */
export type CloudInitFileArgs = InputsOf<z.input<typeof writeFileSchema>>;

/** A guest user (cloud-config `users`). */
export type CloudInitUserArgs = InputsOf<z.input<typeof cloudInitUserSchema>>;

/**
 * A NoCloud seed for cloud-init, built on the host and attached read-only as a CD-ROM (volume
 * label `cidata`). The typed shortcuts are merged into the user-data (see docs/cloud-init.md).
 * Changing any of it replaces the VM: cloud-init runs once per instance. The whole object is kept
 * secret in the state.
 */
export type CloudInitArgs = InputsOf<z.input<typeof cloudInitSchema>>;
