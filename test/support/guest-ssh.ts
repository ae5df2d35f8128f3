import { createHash } from "crypto";
import { Client, utils } from "ssh2";

/** A fresh ed25519 key pair in OpenSSH format, for a guest's authorized_keys. */
export function generateGuestKey(comment: string): { privateKey: string; publicKey: string } {
  const pair = utils.generateKeyPairSync("ed25519", { comment });
  return { privateKey: pair.private, publicKey: pair.public.trim() };
}

export interface GuestSession {
  /** Runs a command; stdout as raw bytes (no decoding), throws on a non-zero exit. */
  exec(command: string, timeoutMs?: number): Promise<Buffer>;
  /** The host key the guest presented (its SHA-256 fingerprint, base64 like ssh-keygen). */
  hostKeyFingerprint: string;
  close(): void;
}

function connectOnce(host: string, user: string, privateKey: string, port: number): Promise<GuestSession> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let fingerprint = "";
    client.once("ready", () =>
      resolve({
        hostKeyFingerprint: fingerprint,
        close: () => client.end(),
        exec: (command, timeoutMs = 120_000) =>
          new Promise<Buffer>((res, rej) => {
            client.exec(command, (error, channel) => {
              if (error) return rej(error);
              const out: Buffer[] = [];
              const err: Buffer[] = [];
              const timer = setTimeout(() => {
                channel.close();
                rej(new Error(`guest command timed out after ${timeoutMs} ms: ${command}`));
              }, timeoutMs);
              channel.on("data", (d: Buffer) => out.push(d));
              channel.stderr.on("data", (d: Buffer) => err.push(d));
              channel.on("close", (code: number | null) => {
                clearTimeout(timer);
                if (code === 0) res(Buffer.concat(out));
                else rej(new Error(`guest command failed (exit ${code}): ${command}\n${Buffer.concat(err).toString("utf8")}`));
              });
            });
          }),
      }),
    );
    client.once("error", (error) => {
      client.end();
      reject(error);
    });
    client.connect({
      host,
      port,
      username: user,
      privateKey,
      readyTimeout: 20_000,
      // A new guest's host key is made at its first boot: nothing to pin it to beforehand.
      hostVerifier: (key: Buffer) => {
        fingerprint = "SHA256:" + createHash("sha256").update(key).digest("base64").replace(/=+$/, "");
        return true;
      },
    });
  });
}

/**
 * Logs in to a booting guest, retrying while sshd is not up yet or the key is not installed yet
 * (cloud-init writes authorized_keys during boot).
 */
export async function sshToGuest(host: string, user: string, privateKey: string, timeoutMs: number, port = 22): Promise<GuestSession> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await connectOnce(host, user, privateKey, port);
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 3000));
    }
  }
  throw new Error(`No SSH login as ${user}@${host}:${port} within ${timeoutMs} ms; last error: ${String(lastError)}`);
}
