import { z } from "zod";

/**
 * A libvirt object name as VoidVM accepts it: UTF-8 (Chinese names work), quotes, `$()`, `;` and
 * `<&>` are fine because names only travel as quoted argv and escaped XML. Refused: control
 * characters (newlines), `/` (libvirt uses names as file names), a leading `-` or `.`, and
 * surrounding spaces.
 */
export const libvirtName = z
  .string()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "must not contain control characters such as newlines or tabs")
  .refine((v) => !v.includes("/"), "must not contain '/': libvirt uses the name as a file name on the host")
  .refine((v) => !/^[-.]/.test(v), "must not start with '-' or '.'")
  .refine((v) => v.trim() === v, "must not start or end with spaces");

export const macAddress = z
  .string()
  .regex(/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/, "must look like 52:54:00:12:34:56")
  .refine((v) => (parseInt(v.slice(0, 2), 16) & 1) === 0, "must be a unicast address (the first byte must be even)");

/** What libvirt's `vol-create-as` cannot take in a volume name: it writes the name into XML unescaped. */
export const VOLUME_NAME_MARKUP = /[<>&]/;
export const VOLUME_NAME_MARKUP_REASON =
  "must not contain <, > or & because it names a volume, and libvirt's vol-create-as writes volume names into XML without escaping them (the host refuses the volume); choose a name without them";

/** A name that becomes a storage volume's name (a Disk's, an Image's). */
export const volumeBaseName = libvirtName.refine((v) => !VOLUME_NAME_MARKUP.test(v), VOLUME_NAME_MARKUP_REASON);
