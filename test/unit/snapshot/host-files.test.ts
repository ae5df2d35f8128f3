import { strict as assert } from "assert";
import { renderCronFile, renderScheduleConfig, schedulePaths } from "../../../provider/libvirt/snapshot-schedule-files";

describe("snapshot schedule files on the host", () => {
  const paths = schedulePaths("nightly-1");

  it("paths that cron and the sudo rules accept", () => {
    assert.deepEqual(paths, {
      cronFile: "/etc/cron.d/voidvm-snapshot-nightly-1",
      configFile: "/etc/voidvm/snapshot-nightly-1.conf",
      logFile: "/var/log/voidvm/snapshot-nightly-1.log",
      scriptFile: "/etc/voidvm/snapshot-run.sh",
    });
    assert.match(paths.cronFile.split("/").pop() ?? "", /^[A-Za-z0-9_-]+$/, "cron ignores file names with dots");
  });

  it("the cron line holds fixed paths only; the VM's name stays in the config", () => {
    const cron = renderCronFile("nightly-1", "0 2 * * *", "At 02:00", paths);
    assert.equal(
      cron,
      [
        '# VoidVM SnapshotSchedule "nightly-1" (written by VoidVM; changes here are overwritten)',
        "# At 02:00; log: /var/log/voidvm/snapshot-nightly-1.log",
        "SHELL=/bin/sh",
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "0 2 * * * root /bin/sh /etc/voidvm/snapshot-run.sh run /etc/voidvm/snapshot-nightly-1.conf",
        "",
      ].join("\n"),
    );
    const config = renderScheduleConfig(
      { name: "nightly-1", uri: "qemu:///system", vm: `web "$(x)"; 网站`, naming: "auto-{timestamp}", includeMemory: true, maxSnapshots: 2 },
      paths,
    );
    assert.ok(config.includes(`\nvm=web "$(x)"; 网站\n`));
    assert.ok(config.includes("\nmemory=yes\nkeep=2\n"));
    assert.ok(config.endsWith("log=/var/log/voidvm/snapshot-nightly-1.log\n"));
  });
});
