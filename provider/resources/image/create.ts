import { createReadStream, statSync } from "fs";
import { Transform } from "stream";
import { defaultPool } from "../../config/default-pool";
import { remoteHost } from "../../config/resolve-connection";
import { ConflictError } from "../../errors";
import { markOwner, whoseObject } from "../../libvirt/owner-marks";
import { parseScriptOutput, ScriptStepError } from "../../transport/script-output";
import { ownerOf } from "../../validation/sdk-keys";
import type { ImageOutputs } from "./outputs";
import { TransferProgress, withoutProgress } from "./progress";
import { imageSource, imageVolumeName, type ImageInputs } from "./schema";

/** An hour: a cloud image download or upload over a slow link takes a while. */
const IMAGE_TIMEOUT_MS = 3_600_000;

/**
 * Creates the image's volume in one round trip (remote-scripts/image-create.sh): the file from
 * the host, a URL the host downloads, or this machine's file streamed over SSH; sha256 checked
 * before the volume exists; converted with qemu-img when its format differs. The volume is marked
 * as this Image's first; this Image's own leftover (a killed create) is made again from the
 * source, or kept when volumes are backed by it already; any other volume of that name is refused.
 */
export async function createImage(inputs: ImageInputs): Promise<{ id: string; outs: ImageOutputs }> {
  const host = remoteHost(inputs.connection);
  const pool = inputs.pool ?? defaultPool();
  const volume = imageVolumeName(inputs);
  const { kind, source } = imageSource(inputs);
  const progress = new TransferProgress(inputs.name, kind === "stdin" ? "uploaded" : "downloaded");
  let sections;
  try {
    const args = [pool, volume, inputs.format, kind, source, inputs.sha256 ?? "", markOwner(ownerOf(inputs))];
    const output = await host.runRemoteScript("image-create", [host.uri, ...args], {
      stdin: kind === "stdin" ? uploadStream(source, progress) : undefined,
      onStderrLine: (line) => progress.scriptLine(line),
      timeoutMs: IMAGE_TIMEOUT_MS,
    });
    sections = output.sections;
  } catch (error) {
    const refused = error instanceof ScriptStepError && error.step === "exists";
    const outcome = refused ? "nothing was changed on the host" : "nothing was left on the host";
    throw new (refused ? ConflictError : Error)(`Creating Image "${inputs.name}" failed; ${outcome}. ${describe(error, pool, volume)}`);
  }
  const fields = keyValues(sections.get("image") ?? "");
  const outs: ImageOutputs = {
    ...inputs,
    pool,
    volume,
    path: fields.path ?? "",
    format: inputs.format,
    virtualSize: Number(fields.capacity ?? 0),
    sha256: fields.sha256 ?? "",
  };
  return { id: `${pool}/${volume}`, outs };
}

/**
 * The local file, read only as the channel takes it (a paused stream until piped), its progress
 * reported as the bytes pass.
 */
function uploadStream(path: string, progress: TransferProgress): NodeJS.ReadableStream {
  const total = statSync(path).size;
  let sent = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sent += chunk.length;
      progress.update(sent, total);
      done(null, chunk);
    },
  });
  const file = createReadStream(path);
  file.once("error", (error) => counter.destroy(error));
  return file.pipe(counter);
}

function describe(error: unknown, pool: string, volume: string): string {
  if (!(error instanceof ScriptStepError)) return (error as Error).message;
  switch (error.step) {
    case "sha256":
      return `${withoutProgress(error.stderr)} Check the sha256 input against the image's published checksum.`;
    case "exists": {
      const owner = parseScriptOutput(error.stdout).sections.get("existing-owner")?.trim();
      return `A volume named "${volume}" already exists in pool ${pool}. ${whoseObject(owner || undefined)} Choose another name, or delete it (virsh vol-delete --pool ${pool} '${volume}').`;
    }
    case "download":
    case "source":
      return withoutProgress(error.stderr);
    default:
      return error.message;
  }
}

/** "key value" lines. */
export function keyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const space = line.indexOf(" ");
    if (space > 0) out[line.slice(0, space)] = line.slice(space + 1);
  }
  return out;
}
