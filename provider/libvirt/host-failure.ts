import { NotFoundError, RefusedError, type VoidVmError } from "../errors";

/** What is known about what a failed command was making or reading. */
export interface FailureContext {
  /** The host's label, as messages name it. */
  host: string;
  pool?: string;
  volume?: string;
  sizeGiB?: number;
  preallocation?: string;
}

/**
 * libvirt's words for the host faults a user can fix (a missing, stopped or full storage pool, a
 * missing or stopped network), turned into what happened, why and how to fix it; undefined for
 * any other failure. Names the caller does not know are taken from libvirt's own words.
 */
export function explainHostFailure(stderr: string, context: FailureContext): VoidVmError | undefined {
  const said = stderr.trim().replace(/\s*\n\s*/g, "; ");
  const network = /Network not found: no network with matching name '([^']+)'|network '([^']+)' is not active/.exec(stderr)?.slice(1).find(Boolean);
  if (network !== undefined) return networkFailure(network, context.host, said);
  const pool = context.pool ?? /pool '([^']+)'|storage pool with matching name '([^']+)'/.exec(stderr)?.slice(1).find(Boolean);
  const named = pool ? `Storage pool "${pool}"` : "The storage pool";
  const volume = context.volume ?? /Failed to create vol (\S+)/.exec(stderr)?.[1];
  const what = volume ? `volume ${volume}` : "the volume";
  if (/Storage pool not found|no storage pool with matching name/i.test(stderr)) {
    return new NotFoundError(
      `${named} does not exist on ${context.host}, so ${what} cannot be made there. ` +
        `Choose an existing pool (virsh pool-list --all), or create this one: virsh pool-define-as ${pool ?? "POOL"} dir --target DIR, ` +
        `then virsh pool-start ${pool ?? "POOL"} and virsh pool-autostart ${pool ?? "POOL"}. Nothing was created. (libvirt said: ${said})`,
    );
  }
  if (/pool '[^']*' is not active|storage pool .* is not active/i.test(stderr)) {
    return new RefusedError(
      `${named} on ${context.host} exists but is not active (stopped), so ${what} cannot be made or read there. ` +
        `Start it with virsh pool-start ${pool ?? "POOL"} (and virsh pool-autostart ${pool ?? "POOL"}, so that it starts with the host), then apply again. ` +
        `Nothing was created. (libvirt said: ${said})`,
    );
  }
  if (/No space left on device|not enough (free )?space|cannot allocate \d+ bytes/i.test(stderr)) {
    const size = context.sizeGiB !== undefined ? ` (${context.sizeGiB} GiB)` : "";
    const full = context.preallocation && context.preallocation !== "off" ? ` with preallocation "${context.preallocation}" (allocated up front)` : "";
    const file = /in file '([^']+)'/.exec(stderr)?.[1];
    const where = file ? `the filesystem holding ${file.slice(0, file.lastIndexOf("/") + 1)} is full` : "the filesystem under the pool is full";
    return new RefusedError(
      `${named} on ${context.host} has no room for ${what}${size}${full}: ${where}. ` +
        `Free space in the pool (virsh pool-info ${pool ?? "POOL"} shows what is available), choose preallocation "off" (sparse: space is used as the guest writes), ` +
        `a smaller size or another pool. Nothing was left behind. (libvirt said: ${said})`,
    );
  }
  return undefined;
}

function networkFailure(network: string, host: string, said: string): VoidVmError {
  if (/is not active/.test(said)) {
    return new RefusedError(
      `libvirt network "${network}" on ${host} exists but is not running. Start it with virsh net-start ${network} (and virsh net-autostart ${network}), ` +
        `then apply again. Nothing was left behind. (libvirt said: ${said})`,
    );
  }
  return new NotFoundError(
    `There is no libvirt network "${network}" on ${host}. Choose an existing one (virsh net-list --all) or create it (virsh net-define, net-start, net-autostart), ` +
      `then apply again. Nothing was left behind. (libvirt said: ${said})`,
  );
}
