import { remoteHost } from "../../config/resolve-connection";
import { ScriptStepError } from "../../transport/script-output";
import type { ImageOutputs } from "./outputs";

/**
 * Deletes the image's volume in one round trip (remote-scripts/image-delete.sh), but never from
 * under a clone: while any volume in any pool of the host uses it as its backing file, it refuses
 * and names them (docs/image.md).
 */
export async function deleteImage(props: ImageOutputs): Promise<void> {
  const host = remoteHost(props.connection);
  try {
    await host.runRemoteScript("image-delete", [host.uri, props.pool, props.volume], { timeoutMs: 300_000 });
  } catch (error) {
    if (error instanceof ScriptStepError && error.step === "in-use") {
      const users = error.stderr.split("\n").filter(Boolean);
      throw new Error(
        `Image "${props.name}" (${props.pool}/${props.volume}) is the backing file of ${users.length} volume(s): ${users.join(", ")}. ` +
          `Deleting or replacing it would break them, so VoidVM refuses. Delete or replace the VMs and Disks cloned from it first ` +
          `(or give them clone: "full" copies), then try again.`,
      );
    }
    throw error;
  }
}
