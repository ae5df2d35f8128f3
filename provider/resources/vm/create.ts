import { randomUUID } from "crypto";
import { defaultPool } from "../../config/default-pool";
import { domainTypeFor } from "../../libvirt/capabilities";
import { domainObservation, observeDomain } from "../../libvirt/domain-observation";
import { ownerOf } from "../../validation/sdk-keys";
import { parseDomainXml } from "../../xml/parse-domain";
import { remoteHost } from "../../config/resolve-connection";
import { ConflictError, ConnectionLostError, RemoteCommandError } from "../../errors";
import type { ScriptResult } from "../../transport/remote-host";
import { ScriptStepError } from "../../transport/script-output";
import type { RemoteHost } from "../../transport/remote-host";
import { renderDomainXml } from "../../xml/render-domain";
import { domainSpecFromInputs, rootVolumeName } from "./domain-spec-from-inputs";
import { observeVm, vmOutputs } from "./observe";
import { leaseAddresses } from "../../libvirt/addresses";
import type { VmOutputs } from "./outputs";
import { waitForIpSeconds, type VmInputs } from "./schema";
import { seedForCreate } from "./seed-for-create";
import { imageArgs, imageFailure } from "./image-root";
import { updateVm } from "./update";

/**
 * Creates the VM in one round trip (remote-scripts/vm-create.sh; the host's domain type is read
 * once per host and process): definition (with the owner mark), root volume, seed, autostart,
 * state, an optional wait for an address, and the read-back. A failed step removes whatever this
 * create made, so the host is as it was; when even that fails, the error says what is left.
 */
export async function createVm(inputs: VmInputs): Promise<{ id: string; outs: VmOutputs }> {
  const host = remoteHost(inputs.connection);
  const plan = await createPlan(host, inputs);
  const output = await runCreateScript(host, inputs, plan, "create");
  if (output.sections.has("exists")) return takeOverAdoptOrRefuse(host, inputs, plan);
  const observed = domainObservation(output);
  if (!observed) throw new Error(`Domain ${inputs.name} disappeared right after it was created on ${host.label}.`);
  const outs = await vmOutputs(inputs, observed, plan.volume);
  return { id: outs.uuid, outs: plan.seed.volume ? { ...outs, seedVolume: plan.seed.volume } : outs };
}

interface CreatePlan {
  pool: string;
  volume: VmOutputs["rootVolume"];
  xml: string;
  waitSeconds: number;
  seed: ReturnType<typeof seedForCreate>;
}

async function createPlan(host: RemoteHost, inputs: VmInputs): Promise<CreatePlan> {
  const type = await domainTypeFor(host);
  const pool = inputs.disk?.pool ?? defaultPool();
  return {
    pool,
    volume: inputs.disk ? { pool, name: rootVolumeName(inputs) } : undefined,
    // A fresh uuid: libvirt then refuses the definition when a domain of that name exists (vm-create.sh).
    xml: renderDomainXml(domainSpecFromInputs(inputs, { type, uuid: randomUUID(), defaultPool: defaultPool() })),
    waitSeconds: plannedWait(inputs),
    seed: seedForCreate(inputs, pool),
  };
}

/** vm-create.sh: `create` makes the VM; `takeover` makes only what a killed create did not get to. */
async function runCreateScript(host: RemoteHost, inputs: VmInputs, plan: CreatePlan, mode: "create" | "takeover"): Promise<ScriptResult> {
  try {
    return await host.runRemoteScript(
      "vm-create",
      [
        host.uri,
        inputs.name,
        plan.pool,
        plan.volume?.name ?? "",
        String(inputs.disk?.size ?? 0),
        inputs.disk?.type ?? "qcow2",
        inputs.disk?.preallocation ?? "off",
        inputs.disk?.baseImage ?? "",
        inputs.state,
        inputs.autostart ? "1" : "0",
        String(plan.waitSeconds),
        plan.seed.volumeArg,
        ...imageArgs(inputs),
        mode,
        ...new Set(inputs.network.interfaces.filter((nic) => nic.type === "network" && nic.source).map((nic) => nic.source!)),
      ],
      { stdin: plan.seed.stdinPrefix + plan.xml, timeoutMs: (plan.waitSeconds + 600) * 1000 },
    );
  } catch (error) {
    throw createFailure(host, inputs, error);
  }
}

/** What a failed create tells the user: removed, kept, or unknown (a lost connection). */
function createFailure(host: RemoteHost, inputs: VmInputs, error: unknown): Error {
  // The script undoes its own work when a step fails; a lost connection tells nothing of how far it got.
  if (error instanceof ConnectionLostError) return new ConnectionLostError({ ...error, command: `create VM "${inputs.name}" (${error.command})` });
  if (error instanceof ScriptStepError && error.step?.endsWith("/kept")) {
    return new RemoteCommandError(
      error,
      `Creating VM "${inputs.name}" failed at the step "${error.step.slice(0, -"/kept".length)}", and what it made could not all be removed ` +
        `(libvirt did not answer). The domain's definition is kept on ${host.label}, marked as this resource's: ` +
        `run pulumi up again once libvirtd answers, and it takes the VM over and finishes it.`,
    );
  }
  return new Error(`Creating VM "${inputs.name}" failed and everything it created was removed: ${imageFailure(error) ?? (error as Error).message}`);
}

/**
 * A domain of that name is there already. This stack's own (its metadata names the same owner: a
 * create whose `pulumi up` was killed before Pulumi recorded it) is taken over with its volumes;
 * a foreign one is managed only with `adopt: true` (its volumes stay the host's), else refused.
 * Either way it is then brought to the desired state.
 */
async function takeOverAdoptOrRefuse(host: RemoteHost, inputs: VmInputs, plan: CreatePlan): Promise<{ id: string; outs: VmOutputs }> {
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
  if (!ours) {
    const outs = await updateVm(await vmOutputs(inputs, observation, undefined), inputs);
    return { id: outs.uuid, outs };
  }
  // This resource's own leftover: make the volumes a killed create did not get to, then converge.
  const completed = domainObservation(await runCreateScript(host, inputs, plan, "takeover"));
  if (!completed) throw new ConflictError(`Domain "${inputs.name}" on ${host.label} went away while it was being taken over: run pulumi up again.`);
  const observed = await vmOutputs(inputs, completed, plan.volume);
  const outs = await updateVm(plan.seed.volume ? { ...observed, seedVolume: plan.seed.volume } : observed, inputs);
  return { id: outs.uuid, outs: await awaitAddress(host, inputs, outs) };
}

/** waitForIp holds for a VM taken over as it does for one created: a running guest without a lease is waited for. */
async function awaitAddress(host: RemoteHost, inputs: VmInputs, outs: VmOutputs): Promise<VmOutputs> {
  if (plannedWait(inputs) === 0 || outs.observedState !== "running" || outs.ipAddresses.length > 0) return outs;
  await leaseAddresses(host, inputs.name, plannedWait(inputs));
  const again = await observeVm(host, inputs, outs.rootVolume);
  return again ? { ...again, ...(outs.seedVolume ? { seedVolume: outs.seedVolume } : {}) } : outs;
}

function plannedWait(inputs: VmInputs): number {
  return inputs.state === "running" ? waitForIpSeconds(inputs) : 0;
}
