export type { ConnectionArgs, SshEndpointArgs } from "./connection";
export * from "./virtual-machine";
export type { VmRef } from "./vm-ref";
export * from "./disk";
