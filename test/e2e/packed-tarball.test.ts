import { strict as assert } from "assert";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { freshClone, runCommand } from "../support/fresh-clone";
import { labSettings } from "../support/lab";
import { ensurePulumiBin } from "../support/pulumi-program";
import { labStackConfig } from "../support/stack-config";

/** A user's program in plain JavaScript: nothing but the installed package and @pulumi/pulumi. */
const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const voidvm = require("@voidvm/pulumi");
const cfg = new pulumi.Config("quickstart");
const web = new voidvm.VirtualMachine("web", {
  ...voidvm.fromTemplate("web-server", { cpu: { cores: 1 }, memory: { size: 256 }, disk: { size: 1 } }),
  os: { kernel: cfg.require("kernel"), initrd: cfg.require("initrd"), cmdline: "console=ttyS0 quiet" },
  network: { interfaces: [{ type: "network", source: cfg.require("network") }] },
  limits: { minMemory: 128, minDiskSize: 1 },
});
exports.vmName = web.name;
`;

const TEMPLATE_SCRIPT = `
const voidvm = require("@voidvm/pulumi");
const args = voidvm.fromTemplate("web-server", { memory: { size: 3072 } });
console.log(JSON.stringify({ memory: args.memory, cores: args.cpu.cores, classes: typeof voidvm.VirtualMachine }));
`;

describe("the package as users get it: npm pack in a fresh clone, installed into an empty project", function () {
  this.timeout(900_000);
  let clone = "";
  let project = "";
  let tarball = "";
  let packedFiles: string[] = [];

  before(() => {
    clone = freshClone("pack");
    // prepare builds dist/ during `npm ci` and again during `npm pack`: nothing is built by hand.
    runCommand("npm", ["ci", "--no-audit", "--no-fund"], clone);
    const pack = JSON.parse(runCommand("npm", ["pack", "--json", "--pack-destination", dirname(clone)], clone).stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = join(dirname(clone), pack[0]!.filename);
    packedFiles = pack[0]!.files.map((file) => file.path);
    project = join(dirname(clone), "user-project");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "a-user-project", private: true, main: "index.js" }));
  });

  after(() => {
    if (clone) rmSync(dirname(clone), { recursive: true, force: true });
  });

  it("npm pack ships the built SDK, provider, remote scripts, CLI and CHANGELOG, and no tests", () => {
    for (const file of ["dist/sdk/index.js", "dist/sdk/index.d.ts", "dist/provider/index.js", "dist/cli/voidvm.js", "CHANGELOG.md", "README.md", "package.json"]) {
      assert.ok(packedFiles.includes(file), `${file} is missing from the tarball: ${packedFiles.length} files`);
    }
    assert.ok(packedFiles.some((file) => /^dist\/provider\/remote-scripts\/.+\.sh$/.test(file)), "the remote scripts are missing");
    assert.deepEqual(packedFiles.filter((file) => file.startsWith("dist/test/")), []);
  });

  it("installs into an empty project with no engine warning on this Node.js", () => {
    const install = runCommand("npm", ["install", "--no-audit", "--no-fund", tarball], project);
    assert.doesNotMatch(install.output, /EBADENGINE|Unsupported engine/, install.output);
    const engines = (JSON.parse(readFileSync(join(project, "node_modules", "@voidvm", "pulumi", "package.json"), "utf8")) as { engines: { node: string } }).engines;
    assert.equal(engines.node, ">=20", "the engines the README documents");
    const pulumiEngines = (JSON.parse(readFileSync(join(project, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")) as { engines: { node: string } }).engines;
    assert.equal(pulumiEngines.node, engines.node, "@pulumi/pulumi must run on every Node.js that VoidVM claims");
  });

  it("a plain node script requires @voidvm/pulumi and calls fromTemplate", () => {
    const result = runCommand("node", ["-e", TEMPLATE_SCRIPT], project);
    assert.deepEqual(JSON.parse(result.stdout), { memory: { size: 3072 }, cores: 2, classes: "function" });
  });

  it("the voidvm command is installed and answers --help", () => {
    const result = runCommand(join(project, "node_modules", ".bin", "voidvm"), ["--help"], project);
    assert.match(result.output, /voidvm snapshot list/);
  });

  it("pulumi preview of a program using the installed package plans the VM against the lab", () => {
    writeFileSync(join(project, "Pulumi.yaml"), "name: a-user-project\nruntime: nodejs\n");
    writeFileSync(join(project, "index.js"), PROGRAM);
    mkdirSync(join(project, ".state"));
    const env = {
      ...process.env,
      PATH: `${ensurePulumiBin()}:${process.env.PATH}`,
      PULUMI_BACKEND_URL: `file://${join(project, ".state")}`,
      PULUMI_CONFIG_PASSPHRASE: "voidvm-e2e",
      PULUMI_SKIP_UPDATE_CHECK: "1",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "1",
    };
    const pulumi = (args: string[]) => runCommand("pulumi", [...args, "--non-interactive"], project, { env });
    pulumi(["stack", "init", "dev"]);
    const lab = labStackConfig();
    for (const [key, value] of Object.entries(lab.config)) pulumi(["config", "set", key, value]);
    pulumi(["config", "set", "voidvm:privateKeyPath", labSettings().privateKeyPath]);
    const preview = pulumi(["preview", "--diff"]);
    assert.match(preview.output, /\+ 2 to create/, preview.output);
    assert.match(preview.output, /web/, preview.output);
  });
});
