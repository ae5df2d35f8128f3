import { createHash } from "crypto";
import type { Client } from "ssh2";
import { CONNECTION_DEFAULTS, type ConnectionSettings } from "./connection-schema";
import { Semaphore } from "./semaphore";
import { dial } from "./ssh-dial";

const IDLE_CLOSE_MS = 30_000;

/** One SSH connection shared by every resource that talks to the same host as the same user. */
export interface PooledConnection {
  client: Client;
  channels: Semaphore;
}

interface Entry {
  connecting: Promise<PooledConnection>;
  jump?: Client;
  idleTimer?: NodeJS.Timeout;
}

const pool = new Map<string, Entry>();

/** Same host, user and credentials = same key, whatever order the settings were written in. */
function poolKey(settings: ConnectionSettings): string {
  const canonical = JSON.stringify(settings, (_key, value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
  return createHash("sha256").update(canonical).digest("hex");
}

export async function acquireConnection(settings: ConnectionSettings): Promise<PooledConnection> {
  const key = poolKey(settings);
  let entry = pool.get(key);
  if (!entry) {
    const created: Entry = { connecting: Promise.resolve(undefined as never) };
    created.connecting = open(settings, created).catch((error: unknown) => {
      pool.delete(key);
      throw error;
    });
    entry = created;
    pool.set(key, entry);
  }
  const connection = await entry.connecting;
  if (entry.idleTimer) clearTimeout(entry.idleTimer);
  entry.idleTimer = undefined;
  setReferenced(connection.client, true);
  return connection;
}

/** Called when a channel finishes: an idle connection must not keep the process alive. */
export function markMaybeIdle(settings: ConnectionSettings, connection: PooledConnection): void {
  if (connection.channels.inUse > 0) return;
  const key = poolKey(settings);
  const entry = pool.get(key);
  if (!entry) return;
  setReferenced(connection.client, false);
  entry.idleTimer = setTimeout(() => closeEntry(key), IDLE_CLOSE_MS);
  entry.idleTimer.unref();
}

/** Drops a connection that failed so that the next command dials again. */
export function discardConnection(settings: ConnectionSettings): void {
  closeEntry(poolKey(settings));
}

export function closeAllConnections(): void {
  for (const key of [...pool.keys()]) closeEntry(key);
}

async function open(settings: ConnectionSettings, entry: Entry): Promise<PooledConnection> {
  let client: Client;
  if (settings.proxy) {
    const jump = await dial(settings.proxy);
    entry.jump = jump;
    const port = settings.port ?? CONNECTION_DEFAULTS.port;
    const stream = await new Promise<import("stream").Duplex>((resolve, reject) =>
      jump.forwardOut("127.0.0.1", 0, settings.host, port, (error, channel) =>
        error
          ? reject(new Error(`The jump host ${settings.proxy?.host} could not reach ${settings.host}:${port}: ${error.message}`))
          : resolve(channel),
      ),
    );
    client = await dial(settings, stream);
  } else {
    client = await dial(settings);
  }
  const key = poolKey(settings);
  const forget = () => {
    if (pool.get(key) === entry) pool.delete(key);
  };
  client.on("close", forget);
  client.on("error", forget);
  return { client, channels: new Semaphore(settings.maxChannels ?? CONNECTION_DEFAULTS.maxChannels) };
}

function closeEntry(key: string): void {
  const entry = pool.get(key);
  if (!entry) return;
  pool.delete(key);
  if (entry.idleTimer) clearTimeout(entry.idleTimer);
  entry.connecting.then(
    (connection) => connection.client.end(),
    () => undefined,
  );
  entry.jump?.end();
}

/** ssh2 keeps its socket referenced; an idle pooled connection is unreferenced instead. */
function setReferenced(client: Client, referenced: boolean): void {
  const sock = (client as unknown as { _sock?: { ref?: () => void; unref?: () => void } })._sock;
  if (referenced) sock?.ref?.();
  else sock?.unref?.();
}
