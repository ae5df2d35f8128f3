import { z } from "zod";

/** Host names, user names and URIs go on command lines and into SSH: no control characters. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const noControl = (v: string) => !/[\u0000-\u001f\u007f]/.test(v);
const CONTROL_REASON = "must not contain control characters (newline, NUL, tab, escape)";

const sshEndpoint = {
  /** Address or name of the host. */
  host: z.string().min(1, "host is required: the address or name of the libvirt host").refine(noControl, CONTROL_REASON),
  /** @default 22 */
  port: z.number().int().min(1).max(65535).optional(),
  /** @default "root" */
  user: z.string().min(1).refine(noControl, CONTROL_REASON).optional(),
  /** OpenSSH/PEM private key text. Kept secret in the state. */
  privateKey: z.string().optional(),
  /** Path of a private key file on the machine running Pulumi (read there, never sent). */
  privateKeyPath: z.string().optional(),
  /** Passphrase of an encrypted private key. */
  privateKeyPassword: z.string().optional(),
  password: z.string().optional(),
  /** Path of an ssh-agent socket, e.g. process.env.SSH_AUTH_SOCK. */
  agentSocketPath: z.string().optional(),
  /** Expected host key: a `SHA256:...` fingerprint or a public key line. */
  hostKey: z.string().optional(),
  /** known_hosts file used when hostKey is not set. @default "~/.ssh/known_hosts" */
  knownHostsPath: z.string().optional(),
  /** Skip host key verification. Unsafe. @default false */
  insecureIgnoreHostKey: z.boolean().optional(),
  /** Dial attempts before giving up. @default 10 */
  dialErrorLimit: z.number().int().min(1).max(100).optional(),
  /** Seconds per dial attempt. @default 15 */
  perDialTimeout: z.number().int().min(1).max(600).optional(),
};

/** The jump host: the same fields as a connection, without a jump host of its own. */
export const proxySchema = z.object(sshEndpoint).strict();

/** How the provider reaches a libvirt host. Mirrors @pulumi/command's connection arguments. */
export const connectionSchema = z
  .object({
    ...sshEndpoint,
    /** A jump host to connect through. */
    proxy: proxySchema.optional(),
    /** Run host-level commands (nft, cron files) through `sudo -n`. @default false */
    sudo: z.boolean().optional(),
    /** libvirt connection URI on the host. @default "qemu:///system" */
    uri: z.string().min(1).refine(noControl, CONTROL_REASON).optional(),
    /** SSH channels used at once on one pooled connection (sshd allows 10). @default 8 */
    maxChannels: z.number().int().min(1).max(9).optional(),
    /**
     * SSH connections at once to this host: another is opened only when every one carries
     * maxChannels commands (more than 8 operations at once, e.g. `pulumi up --parallel 32`). @default 4
     */
    maxConnections: z.number().int().min(1).max(32).optional(),
  })
  .strict();

/** A connection as resources give it: every field optional, stack config fills the gaps. */
export const partialConnectionSchema = connectionSchema.partial().strict();

export type ConnectionSettings = z.infer<typeof connectionSchema>;
export type PartialConnectionSettings = z.infer<typeof partialConnectionSchema>;
export type EndpointSettings = z.infer<typeof proxySchema>;

export const CONNECTION_DEFAULTS = {
  port: 22,
  user: "root",
  uri: "qemu:///system",
  dialErrorLimit: 10,
  perDialTimeout: 15,
  maxChannels: 8,
  maxConnections: 4,
} as const;
