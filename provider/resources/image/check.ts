import { existsSync, statSync } from "fs";
import { namedInputs } from "../../validation/autoname";
import { type CheckOutcome, checkWithUnknowns } from "../../validation/check-inputs";
import { imageInputsSchema, type ImageInputs } from "./schema";

export type ImageCheckOutcome = CheckOutcome<ImageInputs>;

/**
 * Validates everything at once, fills defaults, and names the Image when the program did not:
 * `<resource name>-<7 hex>`, kept stable by reusing the previous name. A localPath must be a
 * file on this machine (check runs where the upload will start).
 */
export function checkImage(olds: Record<string, unknown>, news: Record<string, unknown>): ImageCheckOutcome {
  const outcome = checkWithUnknowns(imageInputsSchema, namedInputs(olds, news), { name: "unknown" });
  const local = outcome.inputs?.localPath;
  if (typeof local === "string" && !(existsSync(local) && statSync(local).isFile())) {
    return { failures: [{ property: "localPath", reason: `there is no file ${local} on the machine running Pulumi` }] };
  }
  return outcome;
}
