#!/usr/bin/env node
/**
 * `voidvm`: operator actions that are not desired state. The connection comes from the current
 * Pulumi stack's config (voidvm:host, voidvm:privateKey, ...) when run in a Pulumi project, and
 * flags override it field by field.
 */
import { resolve } from "path";
import { parseArgs } from "util";
import { loadConnectionDefaults } from "../provider/config/connection-defaults";
import { redactedError, RefusedError } from "../provider/errors";
import type { PartialConnectionSettings } from "../provider/transport/connection-schema";
import { closeAllConnections } from "../provider/transport/connection-pool";
import { resolveConnection } from "../provider/config/resolve-connection";
import { deleteSnapshot, listSnapshots, mergeSnapshotChain, revertToSnapshot, type RevertTarget } from "../provider/operations";
import { UsageError, type CliCommand } from "./shared/command";
import { alertsCommand } from "./commands/alerts";
import { reportCommand } from "./commands/report";
import { metricsCommand } from "./commands/metrics";
import { watchCommand } from "./commands/watch";
import { consoleCommand } from "./commands/console";
import { vncCommand } from "./commands/vnc";
import { readStackConfig } from "./stack-config";
import { oneLine, renderTable } from "./shared/table";

/** The commands in files of their own (cli/commands/): one registration line each. */
const COMMANDS: CliCommand[] = [
  metricsCommand,
  watchCommand,
  consoleCommand,
  vncCommand,
  reportCommand,
  alertsCommand,
];

const HELP = `voidvm: operator actions for VoidVM's libvirt hosts

Usage:
  voidvm snapshot list   VM                 the VM's snapshots, oldest first
  voidvm snapshot revert VM SNAPSHOT        revert the VM (its current state is discarded)
         [--state recorded|running|paused|stopped] [--force]
  voidvm snapshot delete VM SNAPSHOT        delete one snapshot
  voidvm snapshot merge  VM                 fold external snapshot chains back into the disks
${COMMANDS.map((c) => c.help).join("\n")}

Connection (default: the current Pulumi stack's voidvm:* config, when run in a Pulumi project):
  --host HOST  --port PORT  --user USER  -i, --identity KEYFILE  --host-key SHA256:...
  --known-hosts FILE  --insecure-ignore-host-key  --sudo  --uri qemu:///system
  --cwd DIR (the Pulumi project)  --stack NAME  --no-stack-config (flags only)

Output: tables for people; --json for scripts.
`;

const OPTIONS = {
  host: { type: "string" },
  port: { type: "string" },
  user: { type: "string" },
  identity: { type: "string", short: "i" },
  "host-key": { type: "string" },
  "known-hosts": { type: "string" },
  "insecure-ignore-host-key": { type: "boolean" },
  sudo: { type: "boolean" },
  uri: { type: "string" },
  cwd: { type: "string" },
  stack: { type: "string" },
  "no-stack-config": { type: "boolean" },
  state: { type: "string" },
  force: { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parse>["values"];

function parse(argv: string[]) {
  const options = Object.assign({}, ...COMMANDS.map((c) => c.options), OPTIONS) as typeof OPTIONS;
  return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
}

/** Stack config as defaults, then the flags on top; the result is checked for completeness. */
function connectionFrom(values: Values): { connection: PartialConnectionSettings; label: string } {
  if (!values["no-stack-config"]) {
    const config = readStackConfig(resolve(values.cwd ?? process.cwd()), values.stack);
    if (config) loadConnectionDefaults({ get: (key) => config[key] });
  }
  const own: PartialConnectionSettings = {};
  if (values.host) own.host = values.host;
  if (values.port) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port ${values.port} is not a port number`);
    own.port = port;
  }
  if (values.user) own.user = values.user;
  if (values.identity) own.privateKeyPath = values.identity;
  if (values["host-key"]) own.hostKey = values["host-key"];
  if (values["known-hosts"]) own.knownHostsPath = values["known-hosts"];
  if (values["insecure-ignore-host-key"]) own.insecureIgnoreHostKey = true;
  if (values.sudo) own.sudo = true;
  if (values.uri) own.uri = values.uri;
  let settings;
  try {
    settings = resolveConnection(own);
  } catch (error) {
    throw new UsageError(
      `no usable connection: ${(error as Error).message}\n` +
        "Run voidvm in a Pulumi project whose stack sets voidvm:host (and voidvm:privateKey or voidvm:privateKeyPath), " +
        "or give --host, --user, --identity and --host-key.",
    );
  }
  return { connection: own, label: `${settings.user ?? "root"}@${settings.host}:${settings.port ?? 22}` };
}

function need(positionals: string[], count: number, usage: string): string[] {
  if (positionals.length !== count) throw new UsageError(`usage: voidvm ${usage}`);
  return positionals;
}

const REVERT_TARGETS: RevertTarget[] = ["recorded", "running", "paused", "stopped"];

async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    process.stdout.write(HELP);
    return 0;
  }
  const [group, command, ...rest] = positionals;
  const registered = COMMANDS.find((c) => c.name === group);
  if (registered) return registered.run(positionals.slice(1), values, { connection: () => connectionFrom(values), out: (text) => process.stdout.write(text) });
  if (group !== "snapshot" && group !== "snapshots") throw new UsageError(`unknown command "${group}"; see voidvm --help`);
  const out = (text: string) => process.stdout.write(text);
  const json = (value: unknown) => out(JSON.stringify(value, null, 2) + "\n");

  switch (command) {
    case "list":
    case "ls": {
      const [vm] = need(rest, 1, "snapshot list VM") as [string];
      const { connection, label } = connectionFrom(values);
      const snapshots = await listSnapshots({ connection, vm });
      if (values.json) {
        json(snapshots);
        return 0;
      }
      if (!snapshots.length) {
        out(`VM "${vm}" on ${label} has no snapshots.\n`);
        return 0;
      }
      out(`Snapshots of VM "${vm}" on ${label}, oldest first (* = current):\n\n`);
      out(
        renderTable(
          ["  NAME", "CREATED (UTC)", "KIND", "VM WAS", "STORED", "MADE BY", "DESCRIPTION"],
          snapshots.map((s) => [
            `${s.current ? "*" : " "} ${s.name}`,
            s.createdAt.replace("T", " ").replace(/\.\d+Z$/, ""),
            s.kind,
            s.capturedState,
            s.revertible ? s.location : `${s.location} (no revert)`,
            s.madeBy === "schedule" ? `schedule ${s.schedule}` : s.madeBy === "voidvm" ? "voidvm" : "other",
            oneLine(s.description),
          ]),
        ),
      );
      return 0;
    }
    case "revert": {
      const [vm, snapshot] = need(rest, 2, "snapshot revert VM SNAPSHOT [--state recorded|running|paused|stopped] [--force]") as [string, string];
      const state = (values.state ?? "recorded") as RevertTarget;
      if (!REVERT_TARGETS.includes(state)) throw new UsageError(`--state must be one of ${REVERT_TARGETS.join(", ")}`);
      const { connection } = connectionFrom(values);
      const outcome = await revertToSnapshot({ connection, vm, snapshot, state, force: values.force });
      if (values.json) {
        json(outcome);
        return 0;
      }
      out(`Reverted VM "${vm}" to snapshot "${snapshot}" (${outcome.kind}). The VM was ${outcome.before} and is now ${outcome.after}.\n`);
      if (outcome.removedManagedSave) out(`The VM's suspended state (managed-save image) belonged to the discarded state and was removed.\n`);
      return 0;
    }
    case "delete":
    case "rm": {
      const [vm, snapshot] = need(rest, 2, "snapshot delete VM SNAPSHOT") as [string, string];
      const { connection } = connectionFrom(values);
      const outcome = await deleteSnapshot({ connection, vm, snapshot });
      if (values.json) {
        json(outcome);
        return 0;
      }
      out(`Deleted snapshot "${snapshot}" of VM "${vm}".\n`);
      return 0;
    }
    case "merge": {
      const [vm] = need(rest, 1, "snapshot merge VM") as [string];
      const { connection } = connectionFrom(values);
      const outcome = await mergeSnapshotChain({ connection, vm });
      if (values.json) {
        json(outcome);
        return 0;
      }
      if (outcome.note) out(`${outcome.note}\n`);
      else out(`Merged ${outcome.merged.length} external snapshot(s) of VM "${vm}" into its disks: ${outcome.merged.join(", ")}.\n`);
      out("\n" + renderTable(["DISK", "IMAGE"], outcome.disks.map((d) => [d.split(" ")[0] ?? "", d.split(" ").slice(1).join(" ")])));
      return 0;
    }
    default:
      throw new UsageError(`unknown snapshot command "${command ?? ""}"; use list, revert, delete or merge`);
  }
}

export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`voidvm: ${error.message}\n`);
      return 2;
    }
    const prefix = error instanceof RefusedError ? "voidvm: refused: " : "voidvm: ";
    const shown = redactedError(error);
    process.stderr.write(`${prefix}${shown instanceof Error ? shown.message : String(shown)}\n`);
    return 1;
  } finally {
    closeAllConnections();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`voidvm: ${String(redactedError(error))}\n`);
      process.exitCode = 1;
    },
  );
}
