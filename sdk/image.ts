import * as pulumi from "@pulumi/pulumi";
import { resolve } from "path";
import type { ConnectionArgs } from "./connection";
import { dynamicProvider } from "./dynamic-provider";
import { resourceInputs } from "./resource-inputs";

export interface ImageArgs {
  /** @default stack config voidvm:* */
  connection?: pulumi.Input<ConnectionArgs>;
  /** The image's name; its volume is `<name>.<format>`. Changing it replaces the Image. @default "<resource name>-<random>" */
  name?: pulumi.Input<string>;
  /** Source (exactly one of hostPath, url, localPath): an image file already on the host. */
  hostPath?: pulumi.Input<string>;
  /** Source: an http(s) URL the host downloads itself (curl or wget). */
  url?: pulumi.Input<string>;
  /**
   * Source: a file on the machine running Pulumi, streamed to the host over the SSH connection.
   * A relative path is resolved against the program's working directory.
   */
  localPath?: pulumi.Input<string>;
  /**
   * The file's expected sha256 (hex). Checked on the host before any volume exists: a mismatch
   * fails the create and leaves nothing behind. @default not checked (the output still reports it)
   */
  sha256?: pulumi.Input<string>;
  /** Storage pool. Changing it replaces the Image. @default stack config voidvm:pool, else "default" */
  pool?: pulumi.Input<string>;
  /** The volume's format; a source in another format is converted with qemu-img. @default "qcow2" */
  format?: pulumi.Input<"qcow2" | "raw">;
}

/**
 * A base image in a storage pool, for VM root disks (`disk: { image }`). Destroying or replacing
 * it while a volume uses it as a backing file is refused, naming those volumes (docs/image.md).
 */
export class Image extends pulumi.dynamic.Resource {
  declare public readonly name: pulumi.Output<string>;
  /** The pool the volume is in. */
  declare public readonly pool: pulumi.Output<string>;
  /** The volume's name in the pool. */
  declare public readonly volume: pulumi.Output<string>;
  /** The volume's file on the host. */
  declare public readonly path: pulumi.Output<string>;
  declare public readonly format: pulumi.Output<"qcow2" | "raw">;
  /** The guest-visible size in bytes. */
  declare public readonly virtualSize: pulumi.Output<number>;
  /** sha256 of the source file as given, computed on the host. */
  declare public readonly sha256: pulumi.Output<string>;

  constructor(name: string, args: ImageArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = ["name", "pool", "format", "sha256", "volume", "path", "virtualSize"];
    const localPath = args.localPath === undefined ? undefined : pulumi.output(args.localPath).apply((p) => resolve(p));
    const props = resourceInputs(name, args, { kind: "Image", autoname: true, outputs, extra: { localPath } });
    super(dynamicProvider("Image"), name, props, opts, "voidvm", "Image");
  }
}
