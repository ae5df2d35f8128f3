import type * as pulumi from "@pulumi/pulumi";

/** A file cloud-init writes in the guest (cloud-config `write_files`). */
export interface CloudInitFileArgs {
  /** Absolute path in the guest. */
  path: pulumi.Input<string>;
  /** The file's content, written byte for byte (UTF-8). */
  content: pulumi.Input<string>;
  /** Octal mode such as "0644". @default cloud-init's default ("0644") */
  permissions?: pulumi.Input<string>;
  /** "user:group". @default "root:root" */
  owner?: pulumi.Input<string>;
}

/** A guest user (cloud-config `users`). */
export interface CloudInitUserArgs {
  name: pulumi.Input<string>;
  /** Supplementary groups, e.g. ["sudo"]. @default none */
  groups?: pulumi.Input<pulumi.Input<string>[]>;
  /** A sudoers rule such as "ALL=(ALL) NOPASSWD:ALL". @default no sudo */
  sudo?: pulumi.Input<string>;
  /** @default the image's default shell */
  shell?: pulumi.Input<string>;
  /** Public keys allowed to log in as this user. @default none */
  sshAuthorizedKeys?: pulumi.Input<pulumi.Input<string>[]>;
  /** Lock the password (key-only login). @default true */
  lockPasswd?: pulumi.Input<boolean>;
  /** A crypt(3) password hash (`mkpasswd -m sha-512`). Kept secret. @default none */
  hashedPasswd?: pulumi.Input<string>;
}

/**
 * A NoCloud seed for cloud-init, built on the host and attached read-only as a CD-ROM (volume
 * label `cidata`). The typed shortcuts are merged into the user-data (see docs/cloud-init.md).
 * Changing any of it replaces the VM: cloud-init runs once per instance. The whole object is kept
 * secret in the state.
 */
export interface CloudInitArgs {
  /**
   * A `#cloud-config` YAML document or a script (`#!...`). Sent to the host on stdin, never as an
   * argument. Given alone it reaches the guest byte for byte. @default none
   */
  userData?: pulumi.Input<string>;
  /** Extra meta-data (YAML mapping); its keys win over the generated instance-id/local-hostname. @default none */
  metaData?: pulumi.Input<string>;
  /** A network-config document (cloud-init network config v1 or v2, YAML). @default the image's default (DHCP) */
  networkConfig?: pulumi.Input<string>;
  /** The guest's hostname. @default the VM name, made hostname-safe */
  hostname?: pulumi.Input<string>;
  /** Users to create; the image's default user is kept ("default" is listed first). @default none */
  users?: pulumi.Input<pulumi.Input<CloudInitUserArgs>[]>;
  /** Public keys for the image's default user. @default none */
  sshAuthorizedKeys?: pulumi.Input<pulumi.Input<string>[]>;
  /** Packages to install at first boot (needs a package mirror). @default none */
  packages?: pulumi.Input<pulumi.Input<string>[]>;
  /** Files to write at first boot. @default none */
  writeFiles?: pulumi.Input<pulumi.Input<CloudInitFileArgs>[]>;
  /** Commands run once at the end of first boot: a string runs in sh, a list is an argv. @default none */
  runcmd?: pulumi.Input<pulumi.Input<string | string[]>[]>;
}
