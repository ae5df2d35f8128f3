export type { ConnectionArgs, SshEndpointArgs } from "./connection";
export * from "./virtual-machine";
