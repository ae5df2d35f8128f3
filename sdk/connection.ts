import * as pulumi from "@pulumi/pulumi";

/** How VoidVM reaches a libvirt host over SSH. Every field defaults to stack config `voidvm:<field>`. */
export interface SshEndpointArgs {
  /** Address or name of the host. */
  host?: pulumi.Input<string>;
  /** @default 22 */
  port?: pulumi.Input<number>;
  /** @default "root" */
  user?: pulumi.Input<string>;
  /** OpenSSH/PEM private key text. Kept secret in the state. */
  privateKey?: pulumi.Input<string>;
  /** Path of a private key file on the machine running Pulumi (read there, never sent). */
  privateKeyPath?: pulumi.Input<string>;
  /** Passphrase of an encrypted private key. */
  privateKeyPassword?: pulumi.Input<string>;
  password?: pulumi.Input<string>;
  /** Path of an ssh-agent socket, e.g. process.env.SSH_AUTH_SOCK. */
  agentSocketPath?: pulumi.Input<string>;
  /** Expected host key: a `SHA256:...` fingerprint or a public key line. */
  hostKey?: pulumi.Input<string>;
  /** known_hosts file used when hostKey is not set. @default "~/.ssh/known_hosts" */
  knownHostsPath?: pulumi.Input<string>;
  /** Skip host key verification. Unsafe. @default false */
  insecureIgnoreHostKey?: pulumi.Input<boolean>;
  /** Dial attempts before giving up. @default 10 */
  dialErrorLimit?: pulumi.Input<number>;
  /** Seconds per dial attempt. @default 15 */
  perDialTimeout?: pulumi.Input<number>;
}

export interface ConnectionArgs extends SshEndpointArgs {
  /** A jump host to connect through. */
  proxy?: pulumi.Input<SshEndpointArgs>;
  /** Run host-level commands (nft, cron files) through `sudo -n`. @default false */
  sudo?: pulumi.Input<boolean>;
  /** libvirt connection URI on the host. @default "qemu:///system" */
  uri?: pulumi.Input<string>;
  /** SSH channels used at once on one pooled connection (sshd allows 10). @default 8 */
  maxChannels?: pulumi.Input<number>;
  /**
   * SSH connections at once to this host: another is opened only when every one carries
   * maxChannels commands (more than 8 operations at once, e.g. `pulumi up --parallel 32`). @default 4
   */
  maxConnections?: pulumi.Input<number>;
}

/** The whole connection is stored as a secret: it may hold keys and passwords. */
export function secretConnection(connection: pulumi.Input<ConnectionArgs> | undefined): pulumi.Output<ConnectionArgs> | undefined {
  return connection === undefined ? undefined : pulumi.secret(connection as pulumi.Input<ConnectionArgs>) as pulumi.Output<ConnectionArgs>;
}
