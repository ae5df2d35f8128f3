import * as pulumi from "@pulumi/pulumi";

/** What a VM's disk.image accepts besides "pool/volume": an Image (anything with pool and volume outputs). */
export interface ImageRef {
  readonly pool: pulumi.Output<string>;
  readonly volume: pulumi.Output<string>;
}

function isImageRef(value: unknown): value is ImageRef {
  return (
    typeof value === "object" &&
    value !== null &&
    pulumi.Output.isInstance((value as Partial<ImageRef>).pool) &&
    pulumi.Output.isInstance((value as Partial<ImageRef>).volume)
  );
}

/** An Image as "pool/volume" (an Output that carries the dependency on it); a string as it is. */
export function imageRefInput(image: pulumi.Input<string> | ImageRef): pulumi.Input<string> {
  return isImageRef(image) ? pulumi.interpolate`${image.pool}/${image.volume}` : image;
}
