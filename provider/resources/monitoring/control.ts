import { COLLECTOR_PATHS } from "../../metrics/collector-files";
import type { RemoteHost } from "../../transport/remote-host";

export type CollectorCommand = "ensure" | "restart" | "stop" | "purge";

/**
 * Runs the installed collector script as root (`sudo -n /bin/sh /etc/voidvm/collector.sh COMMAND
 * /etc/voidvm/monitoring.conf`): the only command of Monitoring that runs a script as root, so
 * the host's sudo rules can allow exactly these four lines (see docs/monitoring.md).
 */
export async function controlCollector(host: RemoteHost, command: CollectorCommand): Promise<void> {
  const result = await host.run(["/bin/sh", COLLECTOR_PATHS.script, command, COLLECTOR_PATHS.config], { sudo: true, allowFailure: true, timeoutMs: 60_000 });
  if (result.exitCode !== 0) {
    throw new Error(
      `The host collector's "${command}" failed on ${host.label}: ${result.stderr.trim() || `exit code ${result.exitCode}`}. ` +
        `It runs as root: connect as root, or set sudo: true with a sudo rule that allows ` +
        `"/bin/sh ${COLLECTOR_PATHS.script} ${command} ${COLLECTOR_PATHS.config}" (see docs/monitoring.md).`,
    );
  }
}
