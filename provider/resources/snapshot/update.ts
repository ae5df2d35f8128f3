import { setSnapshotDescription } from "../../libvirt/snapshots";
import { remoteHost } from "../../config/resolve-connection";
import type { SnapshotOutputs } from "./outputs";
import type { SnapshotInputs } from "./schema";

/** In place: only the description (diff replaces the snapshot for anything else). */
export async function updateSnapshot(olds: SnapshotOutputs, news: SnapshotInputs): Promise<SnapshotOutputs> {
  const host = remoteHost(news.connection);
  if ((olds.description ?? "") !== (news.description ?? "")) {
    await setSnapshotDescription(host, news.vm, news.name, news.description);
  }
  const outs: SnapshotOutputs = { ...olds, ...news };
  if (news.description === undefined) delete outs.description;
  return outs;
}
