import { markOwner } from "./owner-marks";

/**
 * Pure: a settings file the host scripts read line by line without evaluating it: an optional
 * `# comment` header, then `key=value` a line (entries whose value is undefined are left out), then
 * the `owner=` mark when there is an owner. Values are checked by their schemas (one line each).
 */
export function renderKeyValueFile(header: string | undefined, entries: Record<string, string | number | undefined>, owner?: string): string {
  const lines = Object.entries(entries)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${value}`);
  return [...(header ? [`# ${header}`] : []), ...lines, ...(owner ? [`owner=${markOwner(owner)}`] : []), ""].join("\n");
}
