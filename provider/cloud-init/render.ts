import { createHash } from "crypto";
import { isSeq, parseDocument, stringify, YAMLSeq } from "yaml";
import { multipartUserData } from "./multipart";
import type { CloudInit } from "./schema";
import { hasShortcuts, parseCloudConfig, shortcutConfig, userDataKind, YAML_OPTIONS } from "./user-data";

/** The files of a NoCloud seed (volume label `cidata`). */
export interface SeedFiles {
  "user-data": string;
  "meta-data": string;
  "network-config"?: string;
}

export interface RenderedSeed {
  files: SeedFiles;
  instanceId: string;
}

/**
 * Pure: the NoCloud seed for a VM named `vmName`.
 *
 * user-data: the user's document byte for byte when no shortcut is given. With shortcuts: merged
 * into a `#cloud-config` document (hostname replaces; lists append to the document's lists;
 * comments kept), or, for a script, a MIME multipart of a cloud-config part with the shortcuts and
 * the script. Without user-data: a cloud-config of the shortcuts alone.
 *
 * meta-data: `instance-id` (the hostname-safe VM name and a hash of the seed content, so a
 * different seed is a new instance for cloud-init), `local-hostname` (the hostname shortcut, else
 * the VM name made hostname-safe), then the user's metaData keys, which win.
 */
export function renderSeed(vmName: string, ci: CloudInit): RenderedSeed {
  const userData = renderUserData(ci);
  const hostname = ci.hostname ?? safeHostname(vmName);
  const hash = createHash("sha256")
    .update(JSON.stringify([userData, ci.metaData ?? null, ci.networkConfig ?? null, hostname]))
    .digest("hex")
    .slice(0, 12);
  const instanceId = `${safeHostname(vmName)}-${hash}`;
  const meta: Record<string, unknown> = { "instance-id": instanceId, "local-hostname": hostname };
  if (ci.metaData !== undefined) {
    const own = parseDocument(ci.metaData, YAML_OPTIONS).toJS() as Record<string, unknown> | null;
    Object.assign(meta, own ?? {});
  }
  const files: SeedFiles = { "user-data": userData, "meta-data": stringify(meta, YAML_OPTIONS) };
  if (ci.networkConfig !== undefined) files["network-config"] = ci.networkConfig;
  return { files, instanceId: String(meta["instance-id"]) };
}

export function renderUserData(ci: CloudInit): string {
  const kind = userDataKind(ci.userData);
  if (!hasShortcuts(ci)) return kind === "none" ? "#cloud-config\n{}\n" : ci.userData!;
  const shortcuts = shortcutConfig(ci);
  if (kind === "none") return `#cloud-config\n${stringify(shortcuts, { ...YAML_OPTIONS, lineWidth: 0 })}`;
  if (kind === "script") {
    return multipartUserData([
      { contentType: "text/cloud-config", filename: "voidvm-shortcuts.cfg", content: `#cloud-config\n${stringify(shortcuts, { ...YAML_OPTIONS, lineWidth: 0 })}` },
      { contentType: "text/x-shellscript", filename: "user-script", content: ci.userData! },
    ]);
  }
  if (kind !== "cloud-config") throw new Error("cloudInit.userData: shortcuts need a #cloud-config document or a script");
  const { doc, error } = parseCloudConfig(ci.userData!);
  if (!doc) throw new Error(`cloudInit.userData ${error}`);
  if (doc.contents === null) doc.contents = doc.createNode({}) as never;
  for (const [key, value] of Object.entries(shortcuts)) {
    if (!Array.isArray(value)) {
      doc.set(key, value);
      continue;
    }
    const existing = doc.get(key, true);
    if (isSeq(existing)) {
      for (const item of value) (existing as YAMLSeq).add(doc.createNode(item));
    } else {
      doc.set(key, doc.createNode(value));
    }
  }
  return `#cloud-config\n${doc.toString({ lineWidth: 0 })}`;
}

/** A VM name as a host name: lower case letters, digits and hyphens, at most 63; "vm" when nothing is left. */
export function safeHostname(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  return cleaned || "vm";
}
