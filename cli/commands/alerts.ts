import { listAlertRules } from "../../provider/operations";
import { UsageError, type CliCommand } from "../shared/command";
import { renderTable } from "../shared/table";

const iso = (seconds: number | undefined) => (seconds === undefined ? "" : new Date(seconds * 1000).toISOString().replace(/\.\d+Z$/, "Z"));

/** `voidvm alerts [VM] [--json]`: the host's alert rules with their state, as the collector last wrote it. */
export const alertsCommand: CliCommand = {
  name: "alerts",
  help: "  voidvm alerts [VM]                        the host's alert rules (of VM) and their state",
  options: {},
  async run(args, values, context) {
    if (args.length > 1) throw new UsageError("usage: voidvm alerts [VM] [--json]");
    const vm = args[0];
    const { connection, label } = context.connection();
    const rules = await listAlertRules({ connection, vm });
    if (values.json) {
      context.out(JSON.stringify(rules.map(({ owner: _owner, ...r }) => ({ ...r, since: r.since && iso(r.since), lastFired: r.lastFired && iso(r.lastFired) })), null, 2) + "\n");
      return 0;
    }
    if (!rules.length) {
      context.out(`${label} has no alert rules${vm === undefined ? "" : ` for VM "${vm}"`}.\n`);
      return 0;
    }
    context.out(
      renderTable(
        ["RULE", "VM", "WHEN", "ACTION", "STATE", "SINCE (UTC)", "VALUE", "LAST FIRED (UTC)"],
        rules.map((r) => [r.name, r.vm, `${r.metric} ${r.condition} ${r.threshold} for ${r.duration}s`, r.action, r.state, iso(r.since), r.value === undefined ? "" : String(r.value), iso(r.lastFired)]),
      ),
    );
    return 0;
  },
};
