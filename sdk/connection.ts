import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { partialConnectionSchema, proxySchema } from "../provider/transport/connection-schema";
import type { InputsOf } from "./resource-types";

/** How VoidVM reaches a libvirt host over SSH. Every field defaults to stack config `voidvm:<field>`. */
export type ConnectionArgs = InputsOf<z.input<typeof partialConnectionSchema>>;

/** A jump host: the fields of a connection, without a jump host of its own. */
export type SshEndpointArgs = InputsOf<z.input<typeof proxySchema>>;

/** The whole connection is stored as a secret: it may hold keys and passwords. */
export function secretConnection(connection: pulumi.Input<ConnectionArgs> | undefined): pulumi.Output<ConnectionArgs> | undefined {
  return connection === undefined ? undefined : pulumi.secret(connection as pulumi.Input<ConnectionArgs>) as pulumi.Output<ConnectionArgs>;
}
