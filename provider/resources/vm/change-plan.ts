import { sameValue } from "../../values/same-value";
import { hostIdentity } from "../shared/host-identity";
import type { VmOutputs } from "./outputs";
import type { VmInputs } from "./schema";

/** How a changed property reaches the host (docs/virtual-machine.md, "What each change does"). */
export type ChangeKind = "live" | "restart" | "replace" | "none";

export interface PropertyChange {
  path: string;
  kind: ChangeKind;
}

export interface ChangePlan {
  changes: PropertyChange[];
  /** Reasons the change cannot be made at all (shown in preview). */
  refusals: string[];
}

type Rule = { path: string; get: (v: VmInputs) => unknown; kind: ChangeKind | ((olds: VmOutputs, news: VmInputs) => ChangeKind) };

const effectiveMax = (v: VmInputs) => v.memory.maxSize ?? v.memory.size;
const effectiveMaxCores = (v: VmInputs) => v.cpu.maxCores ?? v.cpu.cores;

const RULES: Rule[] = [
  { path: "name", get: (v) => v.name, kind: "replace" },
  { path: "connection", get: (v) => hostIdentity(v.connection), kind: "replace" },
  { path: "disk.pool", get: (v) => v.disk?.pool, kind: "replace" },
  { path: "disk.type", get: (v) => v.disk?.type, kind: "replace" },
  { path: "disk.baseImage", get: (v) => v.disk?.baseImage, kind: "replace" },
  { path: "disk.image", get: (v) => v.disk?.image, kind: "replace" },
  { path: "disk.clone", get: (v) => (v.disk?.image === undefined ? undefined : (v.disk.clone ?? "cow")), kind: "replace" },
  { path: "disk", get: (v) => v.disk === undefined, kind: "replace" },
  // cloud-init runs once per instance: a new seed needs a new VM.
  { path: "cloudInit", get: (v) => v.cloudInit, kind: "replace" },
  { path: "description", get: (v) => v.description ?? "", kind: "live" },
  { path: "autostart", get: (v) => v.autostart, kind: "live" },
  { path: "state", get: (v) => v.state, kind: "live" },
  { path: "memory.size", get: (v) => v.memory.size, kind: "live" },
  { path: "memory.maxSize", get: effectiveMax, kind: "restart" },
  { path: "memory.hugepages", get: (v) => v.memory.hugepages, kind: "restart" },
  { path: "cpu.cores", get: (v) => v.cpu.cores, kind: (o, n) => (n.cpu.cores <= effectiveMaxCores(o) && effectiveMaxCores(n) === effectiveMaxCores(o) ? "live" : "restart") },
  { path: "cpu.maxCores", get: effectiveMaxCores, kind: "restart" },
  { path: "cpu.threads", get: (v) => v.cpu.threads, kind: "restart" },
  { path: "cpu.sockets", get: (v) => v.cpu.sockets, kind: "restart" },
  { path: "cpu.model", get: (v) => v.cpu.model, kind: "restart" },
  { path: "cpu.features", get: (v) => v.cpu.features, kind: "restart" },
  { path: "memory.numa", get: (v) => v.memory.numa, kind: "restart" },
  { path: "os", get: (v) => v.os, kind: "restart" },
  { path: "network.interfaces", get: (v) => v.network.interfaces, kind: "restart" },
  { path: "disk.cache", get: (v) => v.disk?.cache, kind: "restart" },
  { path: "disk.io", get: (v) => v.disk?.io, kind: "restart" },
  { path: "disk.size", get: (v) => v.disk?.size, kind: "live" },
  { path: "vnc", get: (v) => ({ ...v.vnc, password: undefined, keymap: undefined }), kind: "restart" },
  { path: "vnc.password", get: (v) => v.vnc?.password, kind: "live" },
  { path: "vnc.keymap", get: (v) => v.vnc?.keymap, kind: "live" },
  { path: "stopTimeout", get: (v) => v.stopTimeout, kind: "none" },
  { path: "allowRestart", get: (v) => v.allowRestart, kind: "none" },
  { path: "adopt", get: (v) => v.adopt, kind: "none" },
  { path: "waitForIp", get: (v) => v.waitForIp, kind: "none" },
  { path: "disk.preallocation", get: (v) => v.disk?.preallocation ?? "off", kind: "none" },
  { path: "limits", get: (v) => v.limits, kind: "none" },
];

/** Pure: what changes between the stored outputs and the new inputs, and how. */
export function planChanges(olds: VmOutputs, news: VmInputs): ChangePlan {
  const changes: PropertyChange[] = [];
  const refusals: string[] = [];
  for (const rule of RULES) {
    if (sameValue(rule.get(olds), rule.get(news))) continue;
    const kind = typeof rule.kind === "function" ? rule.kind(olds, news) : rule.kind;
    changes.push({ path: rule.path, kind });
  }
  if (olds.disk && news.disk && news.disk.size < olds.disk.size) {
    refusals.push(
      `disk.size: shrinking the root disk from ${olds.disk.size} GiB to ${news.disk.size} GiB would destroy data, so VoidVM refuses it. Keep the size, or create a new, smaller disk and copy the data.`,
    );
  }
  if (news.memory.size > effectiveMax(news)) {
    refusals.push(`memory.size: ${news.memory.size} MiB is above memory.maxSize; raise maxSize too.`);
  }
  const stateChange = changes.find((c) => c.path === "state");
  if (stateChange && olds.state === "stopped" && news.state === "suspended") {
    refusals.push(`state: a stopped VM cannot go straight to "suspended" (that saves running memory). Set "running" first.`);
  }
  return { changes, refusals };
}

/** One line for the preview: which properties change live, which need a restart, which replace. */
export function describePlan(name: string, plan: ChangePlan, olds: VmOutputs): string | undefined {
  const byKind = (kind: ChangeKind) => plan.changes.filter((c) => c.kind === kind).map((c) => c.path);
  const parts: string[] = [];
  if (byKind("replace").length) parts.push(`replaced (${byKind("replace").join(", ")})`);
  else {
    if (byKind("live").length) parts.push(`live, no restart: ${byKind("live").join(", ")}`);
    const restart = restartNeeded(plan, olds);
    if (restart.length) parts.push(`restart needed: ${restart.join(", ")}`);
    const cold = byKind("restart").filter((p) => !restart.includes(p));
    if (cold.length) parts.push(`applied to the stopped VM's definition: ${cold.join(", ")}`);
  }
  return parts.length ? `voidvm: VirtualMachine ${name}: ${parts.join("; ")}` : undefined;
}

/** The properties needing a restart, if the VM is running now. */
export function restartNeeded(plan: ChangePlan, olds: VmOutputs): string[] {
  const running = olds.observedState === "running" || olds.observedState === "paused" || olds.observedState === "suspended";
  return running ? plan.changes.filter((c) => c.kind === "restart").map((c) => c.path) : [];
}
