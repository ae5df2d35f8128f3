import { strict as assert } from "assert";
import { createHmac, randomBytes } from "crypto";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { fingerprintOf, verifyHostKey } from "../../../provider/transport/host-key";

const key = randomBytes(51);
const other = randomBytes(51);

function knownHosts(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "vv-kh-")), "known_hosts");
  writeFileSync(file, text);
  return file;
}

describe("verifyHostKey", () => {
  it("accepts a pinned fingerprint and refuses another key, showing the fingerprint seen", () => {
    assert.deepEqual(verifyHostKey({ host: "h", hostKey: fingerprintOf(key) }, 22, key), { ok: true });
    const verdict = verifyHostKey({ host: "h", hostKey: fingerprintOf(key) }, 22, other);
    assert.equal(verdict.ok, false);
    assert.match(!verdict.ok ? verdict.reason : "", new RegExp(fingerprintOf(other).replace(/[+/]/g, "\\$&")));
    assert.match(!verdict.ok ? verdict.reason : "", /hostKey/);
  });

  it("accepts a public key line", () => {
    assert.deepEqual(verifyHostKey({ host: "h", hostKey: `ssh-ed25519 ${key.toString("base64")} c` }, 22, key), { ok: true });
  });

  it("reads plain and hashed known_hosts entries with ports", () => {
    const plain = knownHosts(`[10.0.0.5]:2222 ssh-ed25519 ${key.toString("base64")}\n`);
    assert.deepEqual(verifyHostKey({ host: "10.0.0.5", knownHostsPath: plain }, 2222, key), { ok: true });
    assert.equal(verifyHostKey({ host: "10.0.0.5", knownHostsPath: plain }, 2222, other).ok, false);
    const salt = randomBytes(20);
    const hash = createHmac("sha1", salt).update("example.org").digest("base64");
    const hashed = knownHosts(`|1|${salt.toString("base64")}|${hash} ssh-ed25519 ${key.toString("base64")}\n`);
    assert.deepEqual(verifyHostKey({ host: "example.org", knownHostsPath: hashed }, 22, key), { ok: true });
  });

  it("refuses an unknown host unless told to ignore host keys", () => {
    const empty = knownHosts("");
    const verdict = verifyHostKey({ host: "h", knownHostsPath: empty }, 22, key);
    assert.equal(verdict.ok, false);
    assert.match(!verdict.ok ? verdict.reason : "", /unknown/);
    assert.deepEqual(verifyHostKey({ host: "h", knownHostsPath: empty, insecureIgnoreHostKey: true }, 22, key), { ok: true });
  });
});
