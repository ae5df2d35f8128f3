import { isAbsolute } from "path";
import { z } from "zod";
import { partialConnectionSchema } from "../../transport/connection-schema";
import { libvirtName, volumeBaseName } from "../../validation/names";
import { hostPath } from "../../validation/host-text";

export const imageFormatSchema = z.enum(["qcow2", "raw"]);

export const imageInputsSchema = z
  .object({
    connection: partialConnectionSchema.optional(),
    /** The volume is `<name>.<format>` in the pool. Autonamed `<resource name>-<7 hex>`. */
    name: volumeBaseName,
    /** Source (exactly one of hostPath, url, localPath): an image file already on the host. */
    hostPath: hostPath.optional(),
    /** Source: an http(s) URL the host downloads itself (curl or wget). */
    url: z
      .string()
      .url("must be a URL such as https://cloud.debian.org/...")
      // eslint-disable-next-line no-control-regex -- refusing control characters is the point
      .regex(/^https?:\/\/[^\s\u0000-\u001f\u007f]+$/, "must be an http:// or https:// URL without spaces or control characters")
      .optional(),
    /**
     * Source: a file on the machine running Pulumi, streamed to the host over the SSH connection.
     * A relative path is resolved against the program's working directory.
     */
    localPath: z
      .string()
      .min(1)
      .refine((p) => isAbsolute(p), "must be an absolute path (the SDK resolves relative paths against the program's directory)")
      .optional(),
    /**
     * The file's expected sha256 (hex). Checked on the host before any volume exists: a mismatch
     * fails the create and leaves nothing behind. @default not checked (the output still reports it)
     */
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex digits (the output of sha256sum)")
      .transform((v) => v.toLowerCase())
      .optional(),
    /** Storage pool. Changing it replaces the Image. @default stack config voidvm:pool, else "default" (resolved at create, then kept) */
    pool: libvirtName.optional(),
    /** The volume's format; a source in another format is converted with qemu-img. @default "qcow2" */
    format: imageFormatSchema.default("qcow2"),
  })
  .strict()
  .superRefine((image, ctx) => {
    const given = (["hostPath", "url", "localPath"] as const).filter((key) => image[key] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: "custom",
        path: given.length ? [given[1]!] : ["hostPath"],
        message: given.length
          ? `give exactly one source: ${given.join(" and ")} were both given`
          : "give exactly one source: hostPath (a file on the host), url (downloaded by the host) or localPath (uploaded over SSH)",
      });
    }
  });

export type ImageInputs = z.output<typeof imageInputsSchema>;
export type ImageFormat = z.output<typeof imageFormatSchema>;

/** The volume's name in its pool. */
export function imageVolumeName(inputs: Pick<ImageInputs, "name" | "format">): string {
  return `${inputs.name}.${inputs.format}`;
}

/** Where the file comes from, as image-create.sh takes it. */
export function imageSource(inputs: ImageInputs): { kind: "host" | "url" | "stdin"; source: string } {
  if (inputs.hostPath !== undefined) return { kind: "host", source: inputs.hostPath };
  if (inputs.url !== undefined) return { kind: "url", source: inputs.url };
  return { kind: "stdin", source: inputs.localPath ?? "" };
}
