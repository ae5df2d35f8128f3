export type { ConnectionArgs, SshEndpointArgs } from "./connection";
export * from "./virtual-machine";
export type { VmRef } from "./vm-ref";
export * from "./disk";
export * from "./network-interface";
export * from "./port-forward";
export * from "./snapshot";
export * from "./snapshot-schedule";
export * from "./operations";
