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
    /** Supplementary groups, e.g. ["sudo"]. @default none */
    groups: z.array(z.string().regex(/^[a-z_][a-z0-9_-]*$/, "must be a group name")).optional(),
    /** A sudoers rule such as "ALL=(ALL) NOPASSWD:ALL". @default no sudo */
    sudo: z.string().refine((v) => !v.includes("\n"), "must be one line").optional(),
    /** @default the image's default shell */
    shell: guestPath.optional(),
    /** Public keys allowed to log in as this user. @default none */
    sshAuthorizedKeys: z.array(sshKey).optional(),
    /** Lock the password (key-only login). @default true */
    lockPasswd: z.boolean().optional(),
    /** A crypt(3) password hash (`mkpasswd -m sha-512`). Kept secret. @default none */
    hashedPasswd: z.string().regex(/^\$[0-9a-z]+\$\S+$/, "must be a crypt(3) hash such as $6$... (mkpasswd -m sha-512)").optional(),
  })
  .strict();

export const writeFileSchema = z
  .object({
    /** Absolute path in the guest. */
    path: guestPath,
    /** The file's content, written byte for byte (UTF-8). */
    content: z.string(),
    /** Octal mode such as "0644". @default cloud-init's default ("0644") */
    permissions: z.string().regex(/^0?[0-7]{3,4}$/, 'must be an octal mode such as "0644"').optional(),
    /** "user:group". @default "root:root" */
    owner: z.string().regex(/^[a-z_][a-z0-9_-]*(:[a-z_][a-z0-9_-]*)?$/, 'must be "user" or "user:group"').optional(),
  })
  .strict();

/** Everything in the seed travels on stdin; 1 MiB keeps a create's transfer and the ISO small. */
const MAX_DOCUMENT = 1024 * 1024;

export const cloudInitSchema = z
  .object({
    /**
     * A `#cloud-config` YAML document or a script (`#!...`). Sent to the host on stdin, never as an
     * argument. Given alone it reaches the guest byte for byte. @default none
     */
    userData: z.string().max(MAX_DOCUMENT).optional(),
    /** Extra meta-data (YAML mapping); its keys win over the generated instance-id/local-hostname. @default none */
    metaData: z.string().max(MAX_DOCUMENT).optional(),
    /** A network-config document (cloud-init network config v1 or v2, YAML), written verbatim. @default the image's default (DHCP) */
    networkConfig: z.string().max(MAX_DOCUMENT).optional(),
    /** The guest's hostname. @default the VM name, made hostname-safe */
    hostname: hostnameSchema.optional(),
    /** Users to create; the image's default user is kept ("default" is listed first). @default none */
    users: z.array(cloudInitUserSchema).optional(),
    /** Public keys for the image's default user. @default none */
    sshAuthorizedKeys: z.array(sshKey).optional(),
    /** Packages to install at first boot (needs a package mirror). @default none */
    packages: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9+.:~=_-]*$/, "must be a package name such as nginx (optionally =version)")).optional(),
    /** Files to write at first boot. @default none */
    writeFiles: z.array(writeFileSchema).optional(),
    /** Commands run once at the end of first boot: a string runs in sh, a list is an argv. @default none */
    runcmd: z.array(z.union([z.string(), z.array(z.string()).min(1)])).optional(),
  })
  .strict()
  .superRefine((ci, ctx) => {
    for (const problem of userDataProblems(ci)) ctx.addIssue({ code: "custom", path: [problem.path], message: problem.message });
  });

export type CloudInit = z.output<typeof cloudInitSchema>;
