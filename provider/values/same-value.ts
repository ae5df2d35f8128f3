import { isDeepStrictEqual } from "util";
import { stripUndefined } from "./strip-undefined";

/** Whether two values are the same, treating a key left out and a key set to `undefined` alike. */
export function sameValue(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(stripUndefined(a), stripUndefined(b));
}
