import type { ImageOutputs } from "./outputs";
import type { ImageInputs } from "./schema";

/** Nothing of an image changes in place (diff replaces it); an update only takes new connection settings. */
export function updateImage(olds: ImageOutputs, news: ImageInputs): ImageOutputs {
  return { ...olds, connection: news.connection };
}
