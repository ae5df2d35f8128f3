import { isDeepStrictEqual } from "util";
import { hostIdentity } from "../shared/host-identity";
import type { ResourceDiff } from "../shared/resource-diff";
import type { ImageOutputs } from "./outputs";
import type { ImageInputs } from "./schema";

export type ImageDiff = ResourceDiff;

/**
 * Runs in preview without touching the host. An image's content cannot change in place: a new
 * source, format, pool, name or host replaces it. sha256 counts only when the program gives one
 * that differs from the file's (the output holds the hash of what was imported).
 */
export function diffImage(olds: ImageOutputs, news: ImageInputs): ImageDiff {
  const replaces: string[] = [];
  const fields: Array<[string, unknown, unknown]> = [
    ["name", olds.name, news.name],
    ["hostPath", olds.hostPath, news.hostPath],
    ["url", olds.url, news.url],
    ["localPath", olds.localPath, news.localPath],
    ["format", olds.format, news.format],
    ["pool", olds.pool, news.pool ?? olds.pool],
    ["connection", hostIdentity(olds.connection), hostIdentity(news.connection)],
  ];
  for (const [path, a, b] of fields) if (!isDeepStrictEqual(a, b)) replaces.push(path);
  if (news.sha256 !== undefined && news.sha256 !== olds.sha256) replaces.push("sha256");
  const sameVolume = olds.name === news.name && olds.format === news.format && olds.pool === (news.pool ?? olds.pool);
  return { changes: replaces.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 && sameVolume };
}
