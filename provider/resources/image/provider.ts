import { defineProvider } from "../shared/define-provider";
import { checkImage } from "./check";
import { createImage } from "./create";
import { deleteImage } from "./delete";
import { diffImage } from "./diff";
import { readImage } from "./read";
import { updateImage } from "./update";

/** The Image resource provider; sdk/image.ts delegates every dynamic-provider call here. */
export const imageProvider = defineProvider({ check: checkImage, diff: diffImage, create: createImage, read: readImage, update: async (olds, news) => updateImage(olds, news), delete: deleteImage });
