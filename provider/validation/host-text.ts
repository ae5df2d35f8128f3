import { z } from "zod";

/**
 * Strings that reach libvirt's XML or a host command line. XML 1.0 cannot carry NUL and most
 * other control characters, turns a carriage return into a newline, and an argv cannot carry NUL,
 * so such values could not round-trip: they are refused in check, naming the property.
 */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL_BUT_NEWLINE_AND_TAB = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** Free text for people, stored in libvirt's XML: newlines and tabs are fine. */
export function xmlText(max: number) {
  return z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !CONTROL_BUT_NEWLINE_AND_TAB.test(v), "must not contain control characters other than newlines and tabs (NUL, escape, carriage return): libvirt's XML cannot carry them");
}

/** One line of text with no control characters at all (a kernel command line, a password). */
export function oneLine(schema: z.ZodString = z.string()) {
  return schema.refine((v) => !CONTROL.test(v), "must be one line without control characters (newline, NUL, tab, escape)");
}

/** An absolute path of a file on the host. */
export const hostPath = oneLine(z.string().regex(/^\//, "must be an absolute path on the host, such as /var/lib/libvirt/images/base.qcow2"));
