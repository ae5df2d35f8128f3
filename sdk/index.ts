export type { ConnectionArgs, SshEndpointArgs } from "./connection";
export * from "./virtual-machine";
export type { VmRef } from "./vm-ref";
export * from "./disk";
export * from "./network-interface";
export * from "./port-forward";
export * from "./snapshot";
export * from "./snapshot-schedule";
export * from "./monitoring";
export * from "./alert-rule";
export * from "./operations";
export type { CloudInitArgs, CloudInitFileArgs, CloudInitUserArgs } from "./cloud-init";
export * from "./templates";
export * from "./image";
// What the operations throw, for `instanceof`: small, so importing the SDK stays light.
export { ConflictError, NotFoundError, RefusedError, RemoteCommandError } from "../provider/errors";
