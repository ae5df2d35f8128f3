import { checkSnapshot } from "../../../provider/resources/snapshot/check";
import type { SnapshotInputs } from "../../../provider/resources/snapshot/schema";
import { httpGet } from "../../support/guest";
import { labConnection } from "../../support/lab";

export { voidvmCli } from "../../support/cli";

/** Validated Snapshot inputs for the lab, as check would produce them. */
export function snapshotInputs(vm: string, name: string, extra: Record<string, unknown> = {}): SnapshotInputs {
  const outcome = checkSnapshot({}, { connection: labConnection(), vm, name, ...extra });
  if (outcome.failures) throw new Error(JSON.stringify(outcome.failures));
  return outcome.inputs;
}

/** Fills the first MiB of the guest's disk with a pattern (fsync'd), then reads 64 bytes back with O_DIRECT. */
export async function writeDisk(ip: string, pattern: string, dev = "vda"): Promise<string> {
  const answer = await httpGet(`http://${ip}/cgi-bin/disk-write?dev=${dev}&pattern=${encodeURIComponent(pattern)}`);
  if (!answer.startsWith("ok")) throw new Error(`disk-write answered ${answer}`);
  return readDisk(ip, dev);
}

export async function readDisk(ip: string, dev = "vda", timeoutMs = 90_000): Promise<string> {
  return httpGet(`http://${ip}/cgi-bin/disk-read?dev=${dev}`, timeoutMs);
}

/** The first 64 bytes of a disk filled with `pattern`. */
export function expectedBytes(pattern: string): string {
  return pattern.repeat(Math.ceil(64 / pattern.length)).slice(0, 64);
}

export async function setPage(ip: string, text: string): Promise<void> {
  const answer = await httpGet(`http://${ip}/cgi-bin/page?text=${encodeURIComponent(text)}`);
  if (!answer.startsWith("ok")) throw new Error(`page answered ${answer}`);
}

