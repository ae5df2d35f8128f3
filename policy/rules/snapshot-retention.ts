import { DEFAULT_MAX_SNAPSHOTS } from "../../provider/resources/snapshot-schedule/schema";
import { label, settinglessRule } from "../support/voidvm-policy";

/** Every SnapshotSchedule says how many snapshots it keeps, rather than taking the default unawares. */
export const snapshotRetentionSet = settinglessRule({
  name: "snapshot-retention-set",
  description: "Every SnapshotSchedule sets maxSnapshots (its retention), so snapshots never pile up unplanned.",
  enforcementLevel: "mandatory",
  kinds: ["SnapshotSchedule"],
  violations: (schedule) =>
    schedule.props.maxSnapshots === undefined
      ? [
          `${label(schedule)} sets no maxSnapshots, so it keeps ${DEFAULT_MAX_SNAPSHOTS} snapshots (the default) without anyone having chosen that, and each holds disk (and memory) on the host; ` +
            "the policy wants every schedule's retention written down: set maxSnapshots (1-1000).",
        ]
      : [],
});
