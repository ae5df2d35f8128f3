import { remoteScript } from "../transport/remote-script";

/**
 * The host side of every snapshot operation: one POSIX sh script (virsh, awk, sed, date; flock
 * when present), provider/remote-scripts/snapshot.sh with its lib/snapshot-*.sh included. VoidVM
 * runs it over SSH for each operation (`runRemoteScript("snapshot", ...)`), and installs the same
 * text as /etc/voidvm/snapshot-run.sh for SnapshotSchedule's cron entries, so the code that runs
 * unattended is the code the lab tests exercise. Its header documents the commands.
 */
export const SNAPSHOT_SCRIPT_PATH = "/etc/voidvm/snapshot-run.sh";

/** The text installed at SNAPSHOT_SCRIPT_PATH. */
export function snapshotScript(): string {
  return remoteScript("snapshot");
}
