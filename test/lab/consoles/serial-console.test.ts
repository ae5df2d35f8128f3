import { strict as assert } from "assert";
import { virsh } from "../../../provider/libvirt/virsh";
import { createVm } from "../../../provider/resources/vm/create";
import { deleteVm } from "../../../provider/resources/vm/delete";
import type { VmOutputs } from "../../../provider/resources/vm/outputs";
import { closeAllConnections } from "../../../provider/transport/connection-pool";
import { shellCommand } from "../../../provider/transport/quote";
import { labCliFlags, VOIDVM_BIN, voidvmCli } from "../../support/cli";
import { labHost, onLabHost, testName } from "../../support/lab";
import { TmuxSession } from "../../support/tmux";
import { configureForLab, labVmInputs } from "../../support/vm-harness";

/** virsh console processes on the lab host attached to `vm` (the session's far end). */
async function consoleProcesses(vm: string): Promise<string> {
  return (await onLabHost(`pgrep -af -- "console --force -- $1\\$" || true`, [vm])).stdout.trim();
}

describe("voidvm console on the lab (driven by tmux)", function () {
  this.timeout(600_000);
  const name = testName("console");
  let vm: VmOutputs | undefined;
  let tmux: TmuxSession | undefined;

  before(async () => {
    await configureForLab();
    vm = (await createVm(labVmInputs(name))).outs;
  });
  after(async () => {
    tmux?.kill();
    if (vm) await deleteVm(vm);
    closeAllConnections();
  });

  it("the VM's definition has a pty serial console", () => {
    assert.match(vm!.domainXml, /<serial type='pty'>[\s\S]*<source path='\/dev\/pts\/\d+'\/>/);
    assert.match(vm!.domainXml, /<console type='pty' tty='\/dev\/pts\/\d+'>/);
  });

  it("shows the guest's shell prompt, runs a command, and Ctrl-] detaches and exits", async () => {
    const command = shellCommand(["node", VOIDVM_BIN, "console", name, ...labCliFlags()]);
    tmux = TmuxSession.start(`${name}`, `${command}; echo "voidvm exited with $?"; sleep 600`);
    await tmux.waitFor(/Ctrl-\] detaches/, "the CLI attached");
    assert.match(await consoleProcesses(name), /virsh/, "virsh console runs on the host while attached");
    // The guest's console-shell waits for Enter, then starts a shell whose prompt is HOST:DIR#.
    tmux.press("Enter");
    await tmux.waitFor(/voidvm-guest:\/# $/m, "the guest's shell prompt");
    tmux.type("echo $((6*7))");
    tmux.press("Enter");
    const screen = await tmux.waitFor(/^42\s*$/m, "the command's output");
    assert.match(screen, /echo \$\(\(6\*7\)\)/, "the typed command echoes");
    tmux.press("C-]");
    const after = await tmux.waitFor(/voidvm exited with \d+/, "the CLI exits after Ctrl-]", 30_000);
    assert.match(after, /voidvm exited with 0/);
    assert.match(after, /detached from the serial console/);
    assert.equal(await consoleProcesses(name), "", "nothing of the session is left on the host");
  });

  it("voidvm vnc refuses a VM without VNC, saying how to turn it on", async () => {
    const result = await voidvmCli(["vnc", name]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /has no VNC console\. Set vnc: \{ enabled: true \}/);
    assert.equal(result.stdout, "", "no URL");
  });

  it("refuses a VM that does not run, before anything is opened", async () => {
    await virsh(labHost(), ["destroy", "--", name]);
    const result = await voidvmCli(["console", name]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /is not running\. Start it \(state: "running"\) to attach to its serial console/);
  });

  it("refuses a VM that is not there, naming it", async () => {
    const result = await voidvmCli(["console", `${name}-missing`]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`VM "${name}-missing" does not exist on 127\\.0\\.0\\.1:\\d+`));
  });
});
