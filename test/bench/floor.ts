import type { BenchSettings } from "./settings";

/**
 * The floor: the same work as one POSIX sh script sent over one SSH exec, every VM a background
 * job (virsh against the host's libvirtd), then `wait`. Names are ours ([a-z0-9-]), never user input.
 */
const VIRSH = "virsh -q -c qemu:///system";

function parallel(names: string[], fn: string): string {
  for (const name of names) if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`unexpected VM name ${name}`);
  return [
    "set -u",
    fn,
    'pids=""',
    `for n in ${names.join(" ")}; do one "$n" & pids="$pids $!"; done`,
    "rc=0",
    'for p in $pids; do wait "$p" || rc=1; done',
    "exit $rc",
    "",
  ].join("\n");
}

/** Sparse qcow2 volume (--allocation 0), define, start: each VM in parallel. */
export function floorCreateScript(settings: BenchSettings, pool: string, network: string, names: string[]): string {
  const { cores, memoryMiB, diskGiB } = settings.vm;
  const xml = [
    `<domain type='qemu'><name>$1</name><memory unit='MiB'>${memoryMiB}</memory><vcpu>${cores}</vcpu>`,
    "<os><type arch='x86_64'>hvm</type></os><features><acpi/></features><devices>",
    `<disk type='volume' device='disk'><driver name='qemu' type='qcow2'/><source pool='${pool}' volume='$1.qcow2'/><target dev='vda' bus='virtio'/></disk>`,
    `<interface type='network'><source network='${network}'/><model type='virtio'/></interface>`,
    "</devices></domain>",
  ].join("");
  const one = [
    "one() {",
    `  ${VIRSH} vol-create-as --pool ${pool} --name "$1.qcow2" --capacity ${diskGiB}G --allocation 0 --format qcow2 >/dev/null || return 1`,
    `  printf '%s' "${xml}" | ${VIRSH} define /dev/stdin >/dev/null || return 1`,
    `  ${VIRSH} start "$1" >/dev/null`,
    "}",
  ].join("\n");
  return parallel(names, one);
}

/** What a refresh needs to learn of each VM (state, definition, leases), each VM in parallel. */
export function floorReadScript(names: string[]): string {
  const one = ["one() {", `  ${VIRSH} domstate "$1" >/dev/null && ${VIRSH} dumpxml "$1" >/dev/null && ${VIRSH} domifaddr "$1" >/dev/null`, "}"].join("\n");
  return parallel(names, one);
}

/** Stop (hard), undefine, delete the volume: each VM in parallel. */
export function floorRemoveScript(pool: string, names: string[]): string {
  const one = [
    "one() {",
    `  ${VIRSH} destroy "$1" >/dev/null 2>&1`,
    `  ${VIRSH} undefine "$1" >/dev/null || return 1`,
    `  ${VIRSH} vol-delete --pool ${pool} "$1.qcow2" >/dev/null`,
    "}",
  ].join("\n");
  return parallel(names, one);
}

/**
 * Removes every domain and volume of this run, whatever made it (one exec): the safety net of
 * the bench, run at the end and on failure. Prints what it removed.
 */
export function sweepScript(pool: string, prefix: string): string {
  if (!/^vvb-[a-z0-9-]+$/.test(prefix)) throw new Error(`unexpected prefix ${prefix}`);
  return [
    `for d in $(${VIRSH} list --all --name | grep '^${prefix}'); do`,
    `  ${VIRSH} destroy "$d" >/dev/null 2>&1; ${VIRSH} undefine --managed-save --snapshots-metadata --nvram "$d" >/dev/null 2>&1 || ${VIRSH} undefine "$d" >/dev/null 2>&1; echo "domain $d"`,
    "done",
    `${VIRSH} pool-refresh ${pool} >/dev/null 2>&1`,
    `for v in $(${VIRSH} vol-list --pool ${pool} | awk '{print $1}' | grep '^${prefix}'); do`,
    `  ${VIRSH} vol-delete --pool ${pool} "$v" >/dev/null 2>&1; echo "volume $v"`,
    "done",
    "true",
    "",
  ].join("\n");
}
