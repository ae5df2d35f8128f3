import { createHash, createHmac } from "crypto";
import { existsSync, readFileSync } from "fs";
import { homedir } from "os";
import { join } from "path";
import type { EndpointSettings } from "./connection-schema";

/** `SHA256:...` as `ssh-keygen -lf` prints it. */
export function fingerprintOf(publicKey: Buffer): string {
  return "SHA256:" + createHash("sha256").update(publicKey).digest("base64").replace(/=+$/, "");
}

export type HostKeyVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Decides whether the key a host presented is the one the user pinned: by fingerprint or public
 * key in `hostKey`, else by a known_hosts file (the given one, or ~/.ssh/known_hosts).
 */
export function verifyHostKey(endpoint: EndpointSettings, port: number, presented: Buffer): HostKeyVerdict {
  if (endpoint.insecureIgnoreHostKey) return { ok: true };
  const seen = fingerprintOf(presented);
  const where = `${endpoint.host}:${port}`;
  const howToPin =
    `If this is the right host (check on the host with: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), ` +
    `pin it with connection.hostKey = "${seen}" or \`pulumi config set voidvm:hostKey ${seen}\`.`;
  if (endpoint.hostKey) {
    if (matchesPinnedKey(endpoint.hostKey, presented)) return { ok: true };
    return {
      ok: false,
      reason:
        `Host key verification failed for ${where}: the host presented ${seen}, but the connection ` +
        `expects ${endpoint.hostKey.trim()}. This can mean the host was reinstalled or that someone ` +
        `is intercepting the connection. ${howToPin}`,
    };
  }
  const knownHosts = endpoint.knownHostsPath ?? join(homedir(), ".ssh", "known_hosts");
  if (existsSync(knownHosts)) {
    const verdict = checkKnownHosts(readFileSync(knownHosts, "utf8"), endpoint.host, port, presented);
    if (verdict === "match") return { ok: true };
    if (verdict === "mismatch") {
      return {
        ok: false,
        reason:
          `Host key verification failed for ${where}: the host presented ${seen}, which differs from ` +
          `the key recorded in ${knownHosts}. ${howToPin}`,
      };
    }
  }
  return {
    ok: false,
    reason:
      `The host key of ${where} is unknown: it presented ${seen}, and no hostKey is set and ` +
      `${knownHosts} has no entry for it. ${howToPin} ` +
      `(Skipping the check needs insecureIgnoreHostKey: true, which is unsafe.)`,
  };
}

function matchesPinnedKey(pinned: string, presented: Buffer): boolean {
  const value = pinned.trim();
  if (value.startsWith("SHA256:")) return value.replace(/=+$/, "") === fingerprintOf(presented);
  // A public key line: "ssh-ed25519 AAAA... comment" or just the base64 blob.
  const parts = value.split(/\s+/);
  const blob = parts.length > 1 ? parts[1] : parts[0];
  return blob === presented.toString("base64");
}

function checkKnownHosts(text: string, host: string, port: number, presented: Buffer): "match" | "mismatch" | "absent" {
  const name = port === 22 ? host : `[${host}]:${port}`;
  let sawHost = false;
  for (const rawLine of text.split("\n")) {
    const line = rawLine.trim();
    if (!line || line.startsWith("#") || line.startsWith("@revoked")) continue;
    const fields = line.startsWith("@") ? line.split(/\s+/).slice(1) : line.split(/\s+/);
    const [hosts, , blob] = fields;
    if (!hosts || !blob || !hostsFieldMatches(hosts, name)) continue;
    sawHost = true;
    if (blob === presented.toString("base64")) return "match";
  }
  return sawHost ? "mismatch" : "absent";
}

function hostsFieldMatches(field: string, name: string): boolean {
  if (field.startsWith("|1|")) {
    const [, , salt, hash] = field.split("|");
    if (!salt || !hash) return false;
    const digest = createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest("base64");
    return digest === hash;
  }
  return field.split(",").includes(name);
}
