import { z } from "zod";

/** Host names, user names and URIs go on command lines and into SSH: no control characters. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const noControl = (v: string) => !/[\u0000-\u001f\u007f]/.test(v);
const CONTROL_REASON = "must not contain control characters (newline, NUL, tab, escape)";

const sshEndpoint = {
  host: z.string().min(1, "host is required: the address or name of the libvirt host").refine(noControl, CONTROL_REASON),
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().min(1).refine(noControl, CONTROL_REASON).optional(),
  privateKey: z.string().optional(),
  privateKeyPath: z.string().optional(),
  privateKeyPassword: z.string().optional(),
  password: z.string().optional(),
  agentSocketPath: z.string().optional(),
  hostKey: z.string().optional(),
  knownHostsPath: z.string().optional(),
  insecureIgnoreHostKey: z.boolean().optional(),
  dialErrorLimit: z.number().int().min(1).max(100).optional(),
  perDialTimeout: z.number().int().min(1).max(600).optional(),
};

/** The jump host: the same fields as a connection, without a jump host of its own. */
export const proxySchema = z.object(sshEndpoint).strict();

/** How the provider reaches a libvirt host. Mirrors @pulumi/command's connection arguments. */
export const connectionSchema = z
  .object({
    ...sshEndpoint,
    proxy: proxySchema.optional(),
    sudo: z.boolean().optional(),
    uri: z.string().min(1).refine(noControl, CONTROL_REASON).optional(),
    /** Commands at once on one SSH connection (sshd's MaxSessions is 10). @default 8 */
    maxChannels: z.number().int().min(1).max(9).optional(),
    /** SSH connections at once to this host, opened only when every connection is full. @default 4 */
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
