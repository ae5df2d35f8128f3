import { RefusedError } from "../../errors";
import { isActive } from "../../libvirt/domain-state";
import { defaultPool } from "../../config/default-pool";
import { domainTypeFor } from "../../libvirt/capabilities";
import { blockResize } from "../../libvirt/disk-devices";
import { defineDomain, setAutostart } from "../../libvirt/domains";
import { gracefulStop, reconcileState } from "../../libvirt/lifecycle";
import { virsh } from "../../libvirt/virsh";
import { resizeVolume } from "../../libvirt/volumes";
import { remoteHost } from "../../config/resolve-connection";
import type { RemoteHost } from "../../transport/remote-host";
import { renderDomainXml, renderVncDeviceXml } from "../../xml/render-domain";
import { planChanges, restartNeeded } from "./change-plan";
import { domainSpecFromInputs, ROOT_DISK_TARGET, ISO_TARGET, SEED_TARGET } from "./domain-spec-from-inputs";
import { foreignDevices } from "./foreign-devices";
import { leaseAddresses } from "../../libvirt/addresses";
import { observeVm } from "./observe";
import type { VmOutputs } from "./outputs";
import { waitForIpSeconds, type VmInputs } from "./schema";

/**
 * Applies a change: live properties live, cold ones by graceful stop + redefine + start (only
 * with allowRestart; diff already refused it otherwise), then the desired state.
 */
export async function updateVm(olds: VmOutputs, news: VmInputs): Promise<VmOutputs> {
  const host = remoteHost(news.connection);
  const plan = planChanges(olds, news);
  if (plan.refusals.length) throw new RefusedError(plan.refusals.join("\n"));
  const changed = (path: string) => plan.changes.some((c) => c.path === path);
  const needsRestart = restartNeeded(plan, olds);
  if (needsRestart.length && !news.allowRestart) throw new RefusedError(coldChangeMessage(needsRestart));

  if (plan.changes.some((c) => c.kind === "restart")) {
    await redefine(host, olds, news, needsRestart.length > 0);
  } else {
    await applyLive(host, olds, news, changed);
  }
  if (changed("autostart")) await setAutostart(host, news.name, news.autostart);
  await reconcileState(host, news.name, news.state, news.stopTimeout);
  // A paused guest cannot move its balloon: wait once it runs, so the outputs show the new size.
  if (changed("memory.size") && news.state === "running") await waitForBalloon(host, news.name, news.memory.size);
  // waitForIp also holds for a VM this update starts.
  if (news.state === "running" && olds.observedState !== "running" && waitForIpSeconds(news) > 0) {
    await leaseAddresses(host, news.name, waitForIpSeconds(news));
  }
  const outs = await observeVm(host, news, olds.rootVolume);
  if (!outs) throw new Error(`Domain ${news.name} disappeared during the update; run pulumi refresh.`);
  return olds.seedVolume ? { ...outs, seedVolume: olds.seedVolume } : outs;
}

export function coldChangeMessage(properties: string[]): string {
  return (
    `Changing ${properties.join(", ")} needs a restart of the running VM (these settings cannot change live). ` +
    `Set allowRestart: true to let VoidVM shut it down gracefully, apply the change and start it again, ` +
    `or stop the VM first (state: "stopped").`
  );
}

/**
 * A cold change: graceful stop when running, then the new definition, which keeps the uuid, the
 * inline NICs' MACs and every device other resources attached. The caller starts it again.
 */
async function redefine(host: RemoteHost, olds: VmOutputs, news: VmInputs, restart: boolean): Promise<void> {
  if (restart) await gracefulStop(host, olds.name, news.stopTimeout);
  const current = (await virsh(host, ["dumpxml", "--inactive", "--", olds.name])).stdout;
  const preservedDevices = await foreignDevices(current, {
    diskTargets: [ROOT_DISK_TARGET, ISO_TARGET, SEED_TARGET],
    macs: olds.inlineMacs ?? [],
  });
  const type = await domainTypeFor(host);
  const spec = domainSpecFromInputs(news, { type, uuid: olds.uuid, defaultPool: defaultPool(), inlineMacs: olds.inlineMacs, preservedDevices });
  await defineDomain(host, renderDomainXml(spec));
  if (news.disk && olds.disk && news.disk.size > olds.disk.size && olds.rootVolume) {
    await resizeVolume(host, olds.rootVolume, news.disk.size);
  }
}

async function applyLive(host: RemoteHost, olds: VmOutputs, news: VmInputs, changed: (p: string) => boolean): Promise<void> {
  const active = isActive(olds.observedState);
  const scope = active ? ["--live", "--config"] : ["--config"];
  if (changed("description")) {
    await virsh(host, ["desc", "--domain", news.name, ...scope, "--new-desc", news.description ?? ""]);
  }
  if (changed("memory.size")) {
    await virsh(host, ["setmem", "--domain", news.name, "--size", `${news.memory.size * 1024}KiB`, ...scope]);
  }
  if (changed("cpu.cores")) {
    const count = news.cpu.cores * news.cpu.threads * news.cpu.sockets;
    await virsh(host, ["setvcpus", "--domain", news.name, "--count", String(count), ...scope]);
  }
  if (changed("disk.size") && news.disk && olds.rootVolume) {
    if (active) await blockResize(host, news.name, ROOT_DISK_TARGET, news.disk.size);
    else await resizeVolume(host, olds.rootVolume, news.disk.size);
  }
  if ((changed("vnc.password") || changed("vnc.keymap")) && news.vnc?.enabled) {
    await updateVnc(host, news, active);
  }
}

/** Gives the guest's balloon driver up to 20 s to reach the new size (one round trip). */
async function waitForBalloon(host: RemoteHost, name: string, sizeMiB: number): Promise<void> {
  await host.runRemoteScript("balloon-wait", [host.uri, name, String(sizeMiB * 1024)], { timeoutMs: 60_000 });
}

/**
 * The VNC password changes live (`update-device`, the XML with the password on stdin). QEMU
 * cannot change a keymap live: a keymap change goes to the definition and applies at next start.
 */
async function updateVnc(host: RemoteHost, news: VmInputs, active: boolean): Promise<void> {
  const vnc = news.vnc!;
  const xml = renderVncDeviceXml({ port: vnc.port, listen: vnc.listen, keymap: vnc.keymap, password: vnc.password });
  const live = await virsh(host, ["update-device", "--domain", news.name, "--file", "/dev/stdin", ...(active ? ["--live", "--config"] : ["--config"])], {
    stdin: xml,
    allowFailure: true,
  });
  if (live.exitCode === 0) return;
  await virsh(host, ["update-device", "--domain", news.name, "--file", "/dev/stdin", "--config"], { stdin: xml });
  if (active && vnc.password !== undefined) {
    const passwordOnly = renderVncDeviceXml({ port: vnc.port, listen: vnc.listen, password: vnc.password });
    await virsh(host, ["update-device", "--domain", news.name, "--file", "/dev/stdin", "--live"], { stdin: passwordOnly, allowFailure: true });
  }
}
