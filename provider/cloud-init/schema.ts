import { z } from "zod";
import { userDataProblems } from "./user-data";

/** An RFC 1123 host name (labels of letters, digits and hyphens, dot-separated). */
export const hostnameSchema = z
  .string()
  .max(253)
  .regex(/^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/, "must be a host name such as web-01 (letters, digits, hyphens)");

const guestPath = z.string().regex(/^\/[^\0\n]*$/, "must be an absolute path in the guest");
const account = z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, "must be a user name such as debian (lower case, digits, _ and -)");
const sshKey = z.string().regex(/^\S+ \S+( [^\n]*)?$/, "must be one public key line such as ssh-ed25519 AAAA... comment");

export const cloudInitUserSchema = z
  .object({
    name: account,
    groups: z.array(z.string().regex(/^[a-z_][a-z0-9_-]*$/, "must be a group name")).optional(),
    sudo: z.string().refine((v) => !v.includes("\n"), "must be one line").optional(),
    shell: guestPath.optional(),
    sshAuthorizedKeys: z.array(sshKey).optional(),
    /** @default true */
    lockPasswd: z.boolean().optional(),
    hashedPasswd: z.string().regex(/^\$[0-9a-z]+\$\S+$/, "must be a crypt(3) hash such as $6$... (mkpasswd -m sha-512)").optional(),
  })
  .strict();

export const writeFileSchema = z
  .object({
    path: guestPath,
    content: z.string(),
    permissions: z.string().regex(/^0?[0-7]{3,4}$/, 'must be an octal mode such as "0644"').optional(),
    owner: z.string().regex(/^[a-z_][a-z0-9_-]*(:[a-z_][a-z0-9_-]*)?$/, 'must be "user" or "user:group"').optional(),
  })
  .strict();

/** Everything in the seed travels on stdin; 1 MiB keeps a create's transfer and the ISO small. */
const MAX_DOCUMENT = 1024 * 1024;

export const cloudInitSchema = z
  .object({
    /** A `#cloud-config` document or a script (`#!`); verbatim when no shortcut is given. */
    userData: z.string().max(MAX_DOCUMENT).optional(),
    /** Extra meta-data: a YAML mapping merged over the generated instance-id and local-hostname. */
    metaData: z.string().max(MAX_DOCUMENT).optional(),
    /** network-config (v1 or v2 YAML), written to the seed verbatim. */
    networkConfig: z.string().max(MAX_DOCUMENT).optional(),
    hostname: hostnameSchema.optional(),
    users: z.array(cloudInitUserSchema).optional(),
    sshAuthorizedKeys: z.array(sshKey).optional(),
    packages: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9+.:~=_-]*$/, "must be a package name such as nginx (optionally =version)")).optional(),
    writeFiles: z.array(writeFileSchema).optional(),
    runcmd: z.array(z.union([z.string(), z.array(z.string()).min(1)])).optional(),
  })
  .strict()
  .superRefine((ci, ctx) => {
    for (const problem of userDataProblems(ci)) ctx.addIssue({ code: "custom", path: [problem.path], message: problem.message });
  });

export type CloudInit = z.output<typeof cloudInitSchema>;
