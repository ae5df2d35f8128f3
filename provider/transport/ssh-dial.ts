import { readFileSync } from "fs";
import { Client, type ConnectConfig } from "ssh2";
import type { Duplex } from "stream";
import { CONNECTION_DEFAULTS, type EndpointSettings } from "./connection-schema";
import { verifyHostKey } from "./host-key";
import { countConnection, countFailedDial } from "./stats";

/** An SSH failure that retrying cannot fix (wrong key, host key mismatch). */
export class SshSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SshSetupError";
  }
}

/**
 * Opens one authenticated SSH connection, through `sock` when it comes from a jump host.
 * Transient dial failures are retried up to dialErrorLimit times; authentication and host key
 * failures are not.
 */
export async function dial(endpoint: EndpointSettings, sock?: Duplex): Promise<Client> {
  const limit = endpoint.dialErrorLimit ?? CONNECTION_DEFAULTS.dialErrorLimit;
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= limit; attempt++) {
    try {
      return await dialOnce(endpoint, sock);
    } catch (error) {
      if (error instanceof SshSetupError || sock) throw error;
      lastError = error as Error;
      countFailedDial();
      if (attempt < limit) await new Promise((r) => setTimeout(r, Math.min(200 * 2 ** attempt, 3000)));
    }
  }
  const where = `${endpoint.host}:${endpoint.port ?? CONNECTION_DEFAULTS.port}`;
  throw new SshSetupError(
    `Could not connect to ${where} over SSH after ${limit} attempts: ${lastError?.message}. ` +
      `Check that the host is reachable and sshd listens on that port (connection.host/port).`,
  );
}

function dialOnce(endpoint: EndpointSettings, sock?: Duplex): Promise<Client> {
  const port = endpoint.port ?? CONNECTION_DEFAULTS.port;
  const user = endpoint.user ?? CONNECTION_DEFAULTS.user;
  const where = `${user}@${endpoint.host}:${port}`;
  let hostKeyProblem: string | undefined;
  const config: ConnectConfig = {
    host: endpoint.host,
    port,
    username: user,
    sock,
    readyTimeout: (endpoint.perDialTimeout ?? CONNECTION_DEFAULTS.perDialTimeout) * 1000,
    // No keepalive: its interval timer would keep an idle process alive (see connection-pool).
    keepaliveInterval: 0,
    hostVerifier: (key: Buffer) => {
      const verdict = verifyHostKey(endpoint, port, key);
      if (!verdict.ok) hostKeyProblem = verdict.reason;
      return verdict.ok;
    },
  };
  const privateKey = endpoint.privateKey ?? (endpoint.privateKeyPath ? readKeyFile(endpoint.privateKeyPath) : undefined);
  if (privateKey) config.privateKey = privateKey;
  if (endpoint.privateKeyPassword) config.passphrase = endpoint.privateKeyPassword;
  if (endpoint.password) config.password = endpoint.password;
  if (endpoint.agentSocketPath) config.agent = endpoint.agentSocketPath;

  return new Promise((resolve, reject) => {
    const client = new Client();
    client.once("ready", () => {
      countConnection(`${endpoint.host}:${port}`);
      resolve(client);
    });
    client.once("error", (error: Error & { level?: string }) => {
      client.end();
      if (hostKeyProblem) return reject(new SshSetupError(hostKeyProblem));
      if (error.level === "client-authentication") {
        return reject(
          new SshSetupError(
            `SSH authentication as ${where} failed: the host refused every credential offered ` +
              `(${describeCredentials(endpoint)}). Check that the matching public key is in the ` +
              `user's ~/.ssh/authorized_keys on the host, or set connection.privateKey/password.`,
          ),
        );
      }
      if (/private key|passphrase|Cannot parse privateKey/i.test(error.message)) {
        return reject(
          new SshSetupError(
            `The private key for ${where} cannot be used: ${error.message}. Give an OpenSSH or PEM ` +
              `private key, and privateKeyPassword when it is encrypted.`,
          ),
        );
      }
      reject(error);
    });
    try {
      client.connect(config);
    } catch (error) {
      reject(new SshSetupError(`The SSH settings for ${where} are not usable: ${(error as Error).message}`));
    }
  });
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new SshSetupError(`Cannot read the private key file ${path}: ${(error as Error).message}`);
  }
}

function describeCredentials(endpoint: EndpointSettings): string {
  const kinds: string[] = [];
  if (endpoint.privateKey || endpoint.privateKeyPath) kinds.push("private key");
  if (endpoint.password) kinds.push("password");
  if (endpoint.agentSocketPath) kinds.push("SSH agent");
  return kinds.length ? kinds.join(", ") : "none were given";
}
