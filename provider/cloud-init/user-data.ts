import { isMap, isSeq, parseDocument, type Document } from "yaml";
import type { CloudInit } from "./schema";

/** cloud-init reads YAML 1.1 (PyYAML): parse and write it that way, so "yes" or 0644 keep their meaning. */
export const YAML_OPTIONS = { version: "1.1" as const };

export type UserDataKind = "none" | "cloud-config" | "script" | "other";

/** The cloud-config keys the typed shortcuts fill, in the order they are written. */
export const SHORTCUT_KEYS = ["hostname", "users", "ssh_authorized_keys", "packages", "write_files", "runcmd"] as const;
type ShortcutKey = (typeof SHORTCUT_KEYS)[number];
const LIST_KEYS: readonly ShortcutKey[] = ["users", "ssh_authorized_keys", "packages", "write_files", "runcmd"];

export function userDataKind(userData: string | undefined): UserDataKind {
  if (userData === undefined || userData.trim() === "") return "none";
  const firstLine = userData.split("\n", 1)[0]!.replace(/\r$/, "").trimEnd();
  if (firstLine === "#cloud-config") return "cloud-config";
  if (userData.startsWith("#!")) return "script";
  return "other";
}

/** The typed shortcuts as cloud-config, only the keys given (users keep the image's default user). */
export function shortcutConfig(ci: CloudInit): Partial<Record<ShortcutKey, unknown>> {
  const out: Partial<Record<ShortcutKey, unknown>> = {};
  if (ci.hostname !== undefined) out.hostname = ci.hostname;
  if (ci.users?.length) {
    out.users = ci.users.map((u) => {
      const user: Record<string, unknown> = { name: u.name };
      if (u.groups?.length) user.groups = u.groups.join(", ");
      if (u.sudo !== undefined) user.sudo = u.sudo;
      if (u.shell !== undefined) user.shell = u.shell;
      if (u.sshAuthorizedKeys?.length) user.ssh_authorized_keys = u.sshAuthorizedKeys;
      user.lock_passwd = u.lockPasswd ?? true;
      if (u.hashedPasswd !== undefined) user.hashed_passwd = u.hashedPasswd;
      return user;
    });
  }
  if (ci.sshAuthorizedKeys?.length) out.ssh_authorized_keys = ci.sshAuthorizedKeys;
  if (ci.packages?.length) out.packages = ci.packages;
  if (ci.writeFiles?.length) {
    out.write_files = ci.writeFiles.map((f) => {
      const file: Record<string, unknown> = { path: f.path, content: f.content };
      if (f.permissions !== undefined) file.permissions = f.permissions.length === 3 ? `0${f.permissions}` : f.permissions;
      if (f.owner !== undefined) file.owner = f.owner;
      return file;
    });
  }
  if (ci.runcmd?.length) out.runcmd = ci.runcmd;
  return out;
}

export function hasShortcuts(ci: CloudInit): boolean {
  return Object.keys(shortcutConfig(ci)).length > 0;
}

/** Why this cloudInit cannot be rendered (for check): each with the input it is about. */
export function userDataProblems(ci: CloudInit): Array<{ path: string; message: string }> {
  const kind = userDataKind(ci.userData);
  const problems: Array<{ path: string; message: string }> = [];
  if (hasShortcuts(ci) && kind === "other") {
    problems.push({
      path: "userData",
      message:
        "the typed shortcuts (hostname, users, sshAuthorizedKeys, packages, writeFiles, runcmd) can only be merged into a user-data that starts with #cloud-config or is a script (#!...); " +
        "put them into your user-data yourself, or start it with one of those",
    });
  }
  if (kind === "cloud-config" && hasShortcuts(ci)) {
    const parsed = parseCloudConfig(ci.userData!);
    if (parsed.error) problems.push({ path: "userData", message: parsed.error });
    else {
      const doc = parsed.doc!;
      for (const key of LIST_KEYS) {
        if (!(key in shortcutConfig(ci))) continue;
        const node = doc.get(key, true);
        if (node !== undefined && node !== null && !isSeq(node)) {
          problems.push({ path: "userData", message: `its "${key}" is not a list, so the matching shortcut cannot be appended to it` });
        }
      }
    }
  }
  if (ci.metaData !== undefined) {
    const meta = parseDocument(ci.metaData, YAML_OPTIONS);
    if (meta.errors.length) problems.push({ path: "metaData", message: `is not valid YAML: ${meta.errors[0]!.message}` });
    else if (meta.contents !== null && !isMap(meta.contents)) problems.push({ path: "metaData", message: "must be a YAML mapping (key: value lines)" });
  }
  return problems;
}

/** The document after the `#cloud-config` line, parsed as YAML 1.1, keeping comments. */
export function parseCloudConfig(userData: string): { doc?: Document; error?: string } {
  const body = userData.slice(userData.indexOf("\n") + 1 || userData.length);
  const doc = parseDocument(body, YAML_OPTIONS);
  if (doc.errors.length) return { error: `is not valid YAML after #cloud-config: ${doc.errors[0]!.message}` };
  if (doc.contents !== null && !isMap(doc.contents)) return { error: "a #cloud-config document must be a YAML mapping (key: value lines)" };
  return { doc };
}
