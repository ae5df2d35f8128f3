import * as pulumi from "@pulumi/pulumi";
import { resolve } from "path";
import type { imageInputsSchema } from "../provider/resources/image/schema";
import type { ImageOutputs } from "../provider/resources/image/outputs";
import type { ConnectionArgs } from "./connection";
import { resourceClass } from "./resource-class";
import type { SchemaArgs } from "./resource-types";

export type ImageArgs = SchemaArgs<typeof imageInputsSchema> & {
  /** @default stack config voidvm:* */
  connection?: pulumi.Input<ConnectionArgs>;
  /** The image's name; its volume is `<name>.<format>`. Changing it replaces the Image. @default "<resource name>-<random>" */
  name?: pulumi.Input<string>;
};

const outputs = ["name", "pool", "format", "sha256", "volume", "path", "virtualSize"] as const;

/**
 * A base image in a storage pool, for VM root disks (`disk: { image }`). Destroying or replacing
 * it while a volume uses it as a backing file is refused, naming those volumes (docs/image.md).
 */
export class Image extends resourceClass<ImageArgs, Pick<ImageOutputs, (typeof outputs)[number]>>("Image", {
  outputs,
  autoname: true,
  extra: (_name, args) => ({ localPath: args.localPath === undefined ? undefined : pulumi.output(args.localPath).apply((p) => resolve(p)) }),
}) {}
