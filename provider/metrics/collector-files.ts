import { remoteScript } from "../transport/remote-script";
import { renderKeyValueFile } from "../libvirt/key-value-file";

/**
 * What the host collector (provider/remote-scripts/collector.sh) keeps on a host. One collector
 * per host: the Monitoring resource that installed it owns all of these (its owner= line in the
 * config says which). AlertRule resources add their rule files in RULES_DIR.
 */
export const COLLECTOR_PATHS = {
  /** The collector itself, run by cron with /bin/sh (so mode 644 is enough). */
  script: "/etc/voidvm/collector.sh",
  /** key=value settings read by the collector (never evaluated). */
  config: "/etc/voidvm/monitoring.conf",
  /** The watchdog: `ensure` every minute and at boot. cron ignores file names with dots. */
  cron: "/etc/cron.d/voidvm-monitoring",
  /** Per VM: NAME.jsonl and its rotated files NAME.jsonl.1 ... */
  historyDir: "/var/lib/voidvm/metrics",
  /** Per alert rule: NAME.state, written by the collector. */
  stateDir: "/var/lib/voidvm/alerts",
  /** alert-NAME.conf (644) and alert-NAME.webhook (600), written by AlertRule. */
  rulesDir: "/etc/voidvm",
  /** The collector's and the alerts' log. */
  log: "/var/log/voidvm/monitoring.log",
  pidfile: "/run/voidvm-collector.pid",
} as const;

/** How many files each VM's history is split into (the current one and the rotated ones). */
export const HISTORY_FILES = 4;

export interface CollectorSettings {
  uri: string;
  /** Seconds between samples. */
  interval: number;
  /** The most history one VM may hold, in bytes. */
  vmHistoryBytes: number;
  /** The most the whole history directory may hold, in bytes. */
  totalHistoryBytes: number;
  /** The resource that installed it (project/stack/kind/name). */
  owner?: string;
}

/** Pure: the collector's config file. */
export function renderCollectorConfig(settings: CollectorSettings): string {
  return renderKeyValueFile(
    "VoidVM Monitoring: the host collector's settings (written by VoidVM; changes here are overwritten)",
    {
      uri: settings.uri,
      interval: settings.interval,
      history_dir: COLLECTOR_PATHS.historyDir,
      file_bytes: Math.floor(settings.vmHistoryBytes / HISTORY_FILES),
      files: HISTORY_FILES,
      total_bytes: settings.totalHistoryBytes,
      rules_dir: COLLECTOR_PATHS.rulesDir,
      state_dir: COLLECTOR_PATHS.stateDir,
      log: COLLECTOR_PATHS.log,
      pidfile: COLLECTOR_PATHS.pidfile,
    },
    settings.owner,
  );
}

/** Pure: the cron file: the watchdog every minute and at boot; only fixed paths on its command lines. */
export function renderCollectorCron(): string {
  const command = `root /bin/sh ${COLLECTOR_PATHS.script} ensure ${COLLECTOR_PATHS.config}`;
  return [
    "# VoidVM Monitoring: keeps the host collector running (written by VoidVM; changes here are overwritten)",
    `# log: ${COLLECTOR_PATHS.log}`,
    "SHELL=/bin/sh",
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    `* * * * * ${command}`,
    `@reboot ${command}`,
    "",
  ].join("\n");
}

/** The text installed at COLLECTOR_PATHS.script. */
export function collectorScript(): string {
  return remoteScript("collector");
}
