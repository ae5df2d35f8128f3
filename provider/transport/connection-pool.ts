import { createHash } from "crypto";
import type { Duplex } from "stream";
import type { Client } from "ssh2";
import { CONNECTION_DEFAULTS, type ConnectionSettings } from "./connection-schema";
import { dial } from "./ssh-dial";

const IDLE_CLOSE_MS = 30_000;

/**
 * SSH connections to one host as one user, shared by every resource that talks to it. Each
 * carries at most maxChannels commands at once (sshd's MaxSessions is 10 per connection); when
 * every connection is full, another is dialled, up to maxConnections; beyond that, commands wait
 * their turn in order.
 */
export interface PooledConnection {
  client: Client;
}

interface Lane {
  connecting: Promise<PooledConnection>;
  inUse: number;
  jump?: Client;
}

interface HostEntry {
  lanes: Lane[];
  waiting: Array<() => void>;
  idleTimer?: NodeJS.Timeout;
}

const pool = new Map<string, HostEntry>();

/** Same host, user and credentials = same key, whatever order the settings were written in. */
/** The identity of a connection's settings (host, port, user, credentials, ...): equal settings share a pool entry. */
export function poolKey(settings: ConnectionSettings): string {
  const canonical = JSON.stringify(settings, (_key, value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
  return createHash("sha256").update(canonical).digest("hex");
}

export interface Channel {
  connection: PooledConnection;
  /** Gives the channel slot back; an idle host's connections stop keeping the process alive. */
  release: () => void;
}

/** A channel slot on one of the host's connections, dialling a connection when needed. */
export async function acquireChannel(settings: ConnectionSettings): Promise<Channel> {
  const key = poolKey(settings);
  const perConnection = settings.maxChannels ?? CONNECTION_DEFAULTS.maxChannels;
  const maxConnections = settings.maxConnections ?? CONNECTION_DEFAULTS.maxConnections;
  for (;;) {
    let entry = pool.get(key);
    if (!entry) {
      entry = { lanes: [], waiting: [] };
      pool.set(key, entry);
    }
    let lane = entry.lanes.find((l) => l.inUse < perConnection);
    if (!lane && entry.lanes.length < maxConnections) lane = openLane(settings, key, entry);
    if (!lane) {
      await new Promise<void>((resolve) => entry.waiting.push(resolve));
      continue;
    }
    lane.inUse++;
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    entry.idleTimer = undefined;
    const taken = lane;
    const host = entry;
    let connection: PooledConnection;
    try {
      connection = await taken.connecting;
    } catch (error) {
      taken.inUse--;
      host.waiting.shift()?.();
      throw error;
    }
    setReferenced(connection.client, true);
    let released = false;
    return {
      connection,
      release: () => {
        if (released) return;
        released = true;
        taken.inUse--;
        host.waiting.shift()?.();
        // An entry closed meanwhile (closeAllConnections) is no longer the host's: leave the pool alone.
        if (pool.get(key) === host && host.lanes.every((l) => l.inUse === 0)) markIdle(key, host);
      },
    };
  }
}

/** Drops a connection that failed, so that the next command dials again. */
export function discardConnection(settings: ConnectionSettings, connection: PooledConnection): void {
  const entry = pool.get(poolKey(settings));
  if (!entry) return;
  for (const lane of entry.lanes) {
    lane.connecting.then(
      (c) => {
        if (c === connection) dropLane(entry, lane);
      },
      () => undefined,
    );
  }
}

export function closeAllConnections(): void {
  for (const key of [...pool.keys()]) closeEntry(key);
}

/** How many connections are open to the host (for tests and benchmarks). */
export function openConnectionCount(settings: ConnectionSettings): number {
  return pool.get(poolKey(settings))?.lanes.length ?? 0;
}

function openLane(settings: ConnectionSettings, key: string, entry: HostEntry): Lane {
  const lane: Lane = { connecting: Promise.resolve(undefined as never), inUse: 0 };
  lane.connecting = connect(settings, lane).then(
    (connection) => {
      const forget = () => dropLane(entry, lane);
      connection.client.on("close", forget);
      connection.client.on("error", forget);
      return connection;
    },
    (error: unknown) => {
      dropLane(entry, lane);
      throw error;
    },
  );
  entry.lanes.push(lane);
  if (pool.get(key) !== entry) pool.set(key, entry);
  return lane;
}

async function connect(settings: ConnectionSettings, lane: Lane): Promise<PooledConnection> {
  if (!settings.proxy) return { client: await dial(settings) };
  const jump = await dial(settings.proxy);
  lane.jump = jump;
  const port = settings.port ?? CONNECTION_DEFAULTS.port;
  const stream = await new Promise<Duplex>((resolve, reject) =>
    jump.forwardOut("127.0.0.1", 0, settings.host, port, (error, channel) =>
      error ? reject(new Error(`The jump host ${settings.proxy?.host} could not reach ${settings.host}:${port}: ${error.message}`)) : resolve(channel),
    ),
  );
  return { client: await dial(settings, stream) };
}

function dropLane(entry: HostEntry, lane: Lane): void {
  const index = entry.lanes.indexOf(lane);
  if (index < 0) return;
  entry.lanes.splice(index, 1);
  endLane(lane);
  entry.waiting.shift()?.();
}

function endLane(lane: Lane): void {
  lane.connecting.then(
    (connection) => connection.client.end(),
    () => undefined,
  );
  lane.jump?.end();
}

function markIdle(key: string, entry: HostEntry): void {
  for (const lane of entry.lanes) {
    lane.connecting.then(
      (connection) => setReferenced(connection.client, false),
      () => undefined,
    );
  }
  if (entry.idleTimer) clearTimeout(entry.idleTimer);
  entry.idleTimer = setTimeout(() => {
    if (pool.get(key) === entry) closeEntry(key);
  }, IDLE_CLOSE_MS);
  entry.idleTimer.unref();
}

function closeEntry(key: string): void {
  const entry = pool.get(key);
  if (!entry) return;
  pool.delete(key);
  if (entry.idleTimer) clearTimeout(entry.idleTimer);
  for (const lane of entry.lanes) endLane(lane);
  entry.lanes = [];
}

/** ssh2 keeps its socket referenced; an idle pooled connection is unreferenced instead. */
function setReferenced(client: Client, referenced: boolean): void {
  const sock = (client as unknown as { _sock?: { ref?: () => void; unref?: () => void } })._sock;
  if (referenced) sock?.ref?.();
  else sock?.unref?.();
}
