import { ConflictError } from "../../errors";
import { domainTypeFor } from "../../libvirt/capabilities";
import { observeState } from "../../libvirt/domain-state";
import { defineDomain, removeDomain, setAutostart } from "../../libvirt/domains";
import { reconcileState } from "../../libvirt/lifecycle";
import { createVolume, deleteVolume, type VolumeRef } from "../../libvirt/volumes";
import { defaultPool } from "../../config/default-pool";
import { remoteHost } from "../../config/resolve-connection";
import type { RemoteHost } from "../../transport/remote-host";
import { renderDomainXml } from "../../xml/render-domain";
import { domainSpecFromInputs, rootVolumeName } from "./domain-spec-from-inputs";
import { IP_WAIT_SECONDS, observeVm } from "./observe";
import type { VmOutputs } from "./outputs";
import type { VmInputs } from "./schema";
import { updateVm } from "./update";

/**
 * Creates the VM transactionally: whatever this call created (volume, domain) is removed again
 * when a later step fails, so a failed create leaves the host as it was.
 */
export async function createVm(inputs: VmInputs): Promise<{ id: string; outs: VmOutputs }> {
  const host = remoteHost(inputs.connection);
  const existing = await observeState(host, inputs.name);
  if (existing !== "absent") {
    if (!inputs.adopt) {
      throw new ConflictError(
        `A domain named "${inputs.name}" already exists on ${host.label}. Choose another name, ` +
          `or set adopt: true to bring the existing domain under Pulumi's management.`,
      );
    }
    return adoptVm(host, inputs);
  }
  const type = await domainTypeFor(host);
  let volume: VolumeRef | undefined;
  let defined = false;
  try {
    if (inputs.disk) {
      const candidate = { pool: inputs.disk.pool ?? defaultPool(), name: rootVolumeName(inputs) };
      await createVolume(host, candidate, inputs.disk.size, inputs.disk.type, inputs.disk.baseImage);
      volume = candidate;
    }
    await defineDomain(host, renderDomainXml(domainSpecFromInputs(inputs, { type, defaultPool: defaultPool() })));
    defined = true;
    if (inputs.autostart) await setAutostart(host, inputs.name, true);
    await reconcileState(host, inputs.name, inputs.state, inputs.stopTimeout);
    const outs = await observeVm(host, inputs, { rootVolume: volume, ipWaitSeconds: IP_WAIT_SECONDS });
    if (!outs) throw new Error(`Domain ${inputs.name} disappeared right after it was created.`);
    return { id: outs.uuid, outs };
  } catch (error) {
    await cleanUp(host, inputs.name, defined, volume);
    throw new Error(`Creating VM "${inputs.name}" failed and everything it created was removed: ${(error as Error).message}`);
  }
}

async function adoptVm(host: RemoteHost, inputs: VmInputs): Promise<{ id: string; outs: VmOutputs }> {
  const observed = await observeVm(host, inputs, { ipWaitSeconds: 0 });
  if (!observed) throw new Error(`Domain ${inputs.name} vanished while it was being adopted.`);
  const outs = await updateVm(observed, inputs);
  return { id: outs.uuid, outs };
}

async function cleanUp(host: RemoteHost, name: string, defined: boolean, volume: VolumeRef | undefined): Promise<void> {
  if (defined) await removeDomain(host, name).catch(() => undefined);
  if (volume) await deleteVolume(host, volume).catch(() => undefined);
}
