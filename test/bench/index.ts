/**
 * `npm run bench`: speed and memory figures against the real lab, printed, never asserted.
 * Needs `npm run host:up`.
 */
import { virsh } from "../../provider/libvirt/virsh";
import { createVm } from "../../provider/resources/vm/create";
import { deleteVm } from "../../provider/resources/vm/delete";
import { closeAllConnections } from "../../provider/transport/connection-pool";
import { resetTransportStats, transportStats } from "../../provider/transport/stats";
import { labHost, testName } from "../support/lab";
import { configureForLab, labVmInputs } from "../support/vm-harness";

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  const result = await fn();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`${label.padEnd(58)} ${ms.toFixed(0).padStart(7)} ms`);
  return result;
}

async function main(): Promise<void> {
  await configureForLab();
  resetTransportStats();
  const host = labHost();
  await timed("first command (SSH connect + exec)", () => host.run(["true"]));
  await timed("50 sequential execs on the pooled connection", async () => {
    for (let i = 0; i < 50; i++) await host.run(["true"]);
  });
  await timed("30 concurrent execs (channels capped below MaxSessions)", () => Promise.all(Array.from({ length: 30 }, () => host.run(["sleep", "0.1"]))));
  await timed("one virsh round trip (domstate of a missing domain)", () => virsh(host, ["domstate", "--", "vvt-missing"], { allowFailure: true }));

  const names = Array.from({ length: 10 }, (_, i) => testName(`bench${i}`));
  const created = await timed("10 VMs defined in parallel (1 GiB qcow2 root, stopped)", () =>
    Promise.all(names.map((name) => createVm(labVmInputs(name, { state: "stopped", disk: { size: 1 } })))),
  );
  await timed("10 VMs deleted in parallel", () => Promise.all(created.map((c) => deleteVm(c.outs))));

  const name = testName("benchboot");
  const booted = await timed("create + boot the test guest until it has a DHCP address", () => createVm(labVmInputs(name)));
  await timed("graceful delete of the running guest", () => deleteVm(booted.outs));

  const stats = transportStats();
  console.log(`${"SSH connections opened / execs".padEnd(58)} ${stats.connectionsOpened} / ${stats.execs}`);
  console.log(`${"provider process RSS after the run".padEnd(58)} ${(process.memoryUsage().rss / 1048576).toFixed(1)} MiB`);
  closeAllConnections();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
