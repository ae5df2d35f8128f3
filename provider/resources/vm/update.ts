import { defaultPool } from "../../config/default-pool";
import { domainTypeFor } from "../../libvirt/capabilities";
import { defineDomain, setAutostart } from "../../libvirt/domains";
import { gracefulStop, reconcileState } from "../../libvirt/lifecycle";
import { virsh } from "../../libvirt/virsh";
import { remoteHost } from "../../transport/resolve-connection";
import type { RemoteHost } from "../../transport/remote-host";
import { renderDomainXml } from "../../xml/render-domain";
import { planChanges, restartNeeded } from "./change-plan";
import { domainSpecFromInputs } from "./domain-spec-from-inputs";
import { IP_WAIT_SECONDS, observeVm } from "./observe";
import type { VmOutputs } from "./outputs";
import type { VmInputs } from "./schema";

/**
 * Applies a change: live properties live, cold ones by graceful stop + redefine + start (only
 * with allowRestart; diff already refused it otherwise), then the desired state.
 */
export async function updateVm(olds: VmOutputs, news: VmInputs): Promise<VmOutputs> {
  const host = remoteHost(news.connection);
  const plan = planChanges(olds, news);
  if (plan.refusals.length) throw new Error(plan.refusals.join("\n"));
  const changed = (path: string) => plan.changes.some((c) => c.path === path);
  const needsRestart = restartNeeded(plan, olds);
  if (needsRestart.length && !news.allowRestart) throw new Error(coldChangeMessage(needsRestart));

  if (plan.changes.some((c) => c.kind === "restart")) {
    await redefine(host, olds, news, needsRestart.length > 0);
  } else {
    await applyLive(host, olds, news, changed);
  }
  if (changed("autostart")) await setAutostart(host, news.name, news.autostart);
  await reconcileState(host, news.name, news.state, news.stopTimeout);
  const outs = await observeVm(host, news, { rootVolume: olds.rootVolume, ipWaitSeconds: IP_WAIT_SECONDS });
  if (!outs) throw new Error(`Domain ${news.name} disappeared during the update; run pulumi refresh.`);
  return outs;
}

export function coldChangeMessage(properties: string[]): string {
  return (
    `Changing ${properties.join(", ")} needs a restart of the running VM (these settings cannot change live). ` +
    `Set allowRestart: true to let VoidVM shut it down gracefully, apply the change and start it again, ` +
    `or stop the VM first (state: "stopped").`
  );
}

async function redefine(host: RemoteHost, olds: VmOutputs, news: VmInputs, restart: boolean): Promise<void> {
  if (restart) await gracefulStop(host, olds.name, news.stopTimeout);
  const type = await domainTypeFor(host);
  await defineDomain(host, renderDomainXml(domainSpecFromInputs(news, { type, uuid: olds.uuid, defaultPool: defaultPool() })));
  if (news.disk && olds.disk && news.disk.size > olds.disk.size && olds.rootVolume) {
    await virsh(host, ["vol-resize", "--pool", olds.rootVolume.pool, "--vol", olds.rootVolume.name, "--capacity", `${news.disk.size}G`]);
  }
}

async function applyLive(host: RemoteHost, olds: VmOutputs, news: VmInputs, changed: (p: string) => boolean): Promise<void> {
  const active = olds.observedState === "running" || olds.observedState === "paused";
  const scope = active ? ["--live", "--config"] : ["--config"];
  if (changed("description")) {
    await virsh(host, ["desc", "--domain", news.name, ...scope, "--new-desc", news.description ?? ""]);
  }
  if (changed("memory.size")) {
    await virsh(host, ["setmem", "--domain", news.name, "--size", `${news.memory.size * 1024}KiB`, ...scope]);
  }
  if (changed("disk.size") && news.disk && olds.rootVolume) {
    const bytes = `${news.disk.size}G`;
    if (active) await virsh(host, ["blockresize", "--domain", news.name, "--path", "vda", "--size", bytes]);
    else await virsh(host, ["vol-resize", "--pool", olds.rootVolume.pool, "--vol", olds.rootVolume.name, "--capacity", bytes]);
  }
}
