import { defaultPool } from "../../config/default-pool";
import { domainTypeFor } from "../../libvirt/capabilities";
import { domainObservation, observeDomain } from "../../libvirt/domain-observation";
import { ownerOf } from "../../validation/sdk-keys";
import { parseDomainXml } from "../../xml/parse-domain";
import { remoteHost } from "../../config/resolve-connection";
import { ConflictError, ConnectionLostError } from "../../errors";
import type { RemoteHost } from "../../transport/remote-host";
import { renderDomainXml } from "../../xml/render-domain";
import { domainSpecFromInputs, rootVolumeName } from "./domain-spec-from-inputs";
import { vmOutputs } from "./observe";
import type { VmOutputs } from "./outputs";
import { waitForIpSeconds, type VmInputs } from "./schema";
import { seedForCreate } from "./seed-for-create";
import { imageArgs, imageFailure } from "./image-root";
import { updateVm } from "./update";

/**
 * Creates the VM in one round trip (remote-scripts/vm-create.sh; the host's domain type is read
 * once per host and process): root volume, definition, autostart, state, an optional wait for an
 * address, and the read-back. A failed step removes whatever this create made, so the host is as
 * it was.
 */
export async function createVm(inputs: VmInputs): Promise<{ id: string; outs: VmOutputs }> {
  const host = remoteHost(inputs.connection);
  const type = await domainTypeFor(host);
  const pool = inputs.disk?.pool ?? defaultPool();
  const volume = inputs.disk ? { pool, name: rootVolumeName(inputs) } : undefined;
  const xml = renderDomainXml(domainSpecFromInputs(inputs, { type, defaultPool: defaultPool() }));
  const waitSeconds = inputs.state === "running" ? waitForIpSeconds(inputs) : 0;
  const seed = seedForCreate(inputs, pool);
  let output;
  try {
    output = await host.runRemoteScript(
      "vm-create",
      [
        host.uri,
        inputs.name,
        pool,
        volume?.name ?? "",
        String(inputs.disk?.size ?? 0),
        inputs.disk?.type ?? "qcow2",
        inputs.disk?.preallocation ?? "off",
        inputs.disk?.baseImage ?? "",
        inputs.state,
        inputs.autostart ? "1" : "0",
        String(waitSeconds),
        seed.volumeArg,
        ...imageArgs(inputs),
      ],
      { stdin: seed.stdinPrefix + xml, timeoutMs: (waitSeconds + 600) * 1000 },
    );
  } catch (error) {
    // The script undoes its own work when a step fails; a lost connection tells nothing of how far it got.
    if (error instanceof ConnectionLostError) throw new ConnectionLostError({ ...error, command: `create VM "${inputs.name}" (${error.command})` });
    throw new Error(`Creating VM "${inputs.name}" failed and everything it created was removed: ${imageFailure(error) ?? (error as Error).message}`);
  }
  if (output.sections.has("exists")) return takeOverAdoptOrRefuse(host, inputs, volume, seed.volume);
  const observed = domainObservation(output);
  if (!observed) throw new Error(`Domain ${inputs.name} disappeared right after it was created on ${host.label}.`);
  const outs = await vmOutputs(inputs, observed, volume);
  return { id: outs.uuid, outs: seed.volume ? { ...outs, seedVolume: seed.volume } : outs };
}

/**
 * A domain of that name is there already. This stack's own (its metadata names the same owner: a
 * create whose `pulumi up` was killed before Pulumi recorded it) is taken over with its volumes;
 * a foreign one is managed only with `adopt: true` (its volumes stay the host's), else refused.
 * Either way it is then brought to the desired state.
 */
async function takeOverAdoptOrRefuse(
  host: RemoteHost,
  inputs: VmInputs,
  volume: VmOutputs["rootVolume"],
  seedVolume: VmOutputs["seedVolume"],
): Promise<{ id: string; outs: VmOutputs }> {
  const observation = await observeDomain(host, inputs.name);
  if (!observation) throw new ConflictError(`Domain "${inputs.name}" on ${host.label} was there a moment ago and has gone: run pulumi up again.`);
  const existingOwner = (await parseDomainXml(observation.inactiveXml ?? observation.xml)).metadata?.owner;
  const ours = existingOwner !== undefined && existingOwner === ownerOf(inputs);
  if (!ours && !inputs.adopt) {
    const whose = existingOwner ? `It belongs to another VoidVM resource (${existingOwner}). ` : "";
    throw new ConflictError(
      `A domain named "${inputs.name}" already exists on ${host.label}. ${whose}Choose another name, ` +
        `or set adopt: true to bring the existing domain under Pulumi's management.`,
    );
  }
  const observed = await vmOutputs(inputs, observation, ours ? volume : undefined);
  const outs = await updateVm(ours && seedVolume ? { ...observed, seedVolume } : observed, inputs);
  return { id: outs.uuid, outs };
}
