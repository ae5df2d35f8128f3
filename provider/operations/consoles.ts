import { NotFoundError, RefusedError } from "../errors";
import { liveDomainXml } from "../libvirt/domains";
import type { RemoteHost } from "../transport/remote-host";
import { registerSecret } from "../transport/secrets";
import type { DomainSpec } from "../xml/domain-spec";
import { parseDomainXml, parseLiveVncPort } from "../xml/parse-domain";
import { attr, parseDocument } from "../xml/xml-nodes";

/** Where a VM's VNC server listens, seen from its host, and its password (a registered secret). */
export interface VncTarget {
  host: string;
  port: number;
  password?: string;
}

/**
 * The command that attaches to the VM's serial console on its host (`virsh console`), after
 * checking that the VM runs and has one. `--force` takes the console over from another session.
 */
export async function serialConsoleCommand(host: RemoteHost, vm: string): Promise<string[]> {
  const { spec } = await runningDomain(host, vm, "attach to its serial console", false);
  if (!spec.serial) {
    throw new RefusedError(
      `VM "${vm}" on ${host.label} has no serial console (a <serial type='pty'> device). VMs that VoidVM defines have one; ` +
        `a VM defined before that, or adopted, gets it with its next cold change (a change with allowRestart: true), ` +
        `or add <serial type='pty'/> to its definition (virsh edit) and restart it.`,
    );
  }
  return ["virsh", "-c", host.uri, "console", "--force", "--", vm];
}

/** The running VM's VNC server (live port, listen address, password), for a tunnel from its host. */
export async function vncTarget(host: RemoteHost, vm: string): Promise<VncTarget> {
  const { spec, xml } = await runningDomain(host, vm, "open its VNC console", true);
  const port = spec.graphics ? await parseLiveVncPort(xml) : undefined;
  if (!spec.graphics || port === undefined) {
    throw new RefusedError(`VM "${vm}" on ${host.label} has no VNC console. Set vnc: { enabled: true } on the VirtualMachine and run pulumi up.`);
  }
  registerSecret(spec.graphics.password);
  return { host: reachableListen(spec.graphics.listen), port, password: spec.graphics.password };
}

/** A VNC server listening on every address is reached on the host's loopback. */
function reachableListen(listen: string): string {
  if (listen === "0.0.0.0") return "127.0.0.1";
  if (listen === "::") return "::1";
  return listen;
}

async function runningDomain(host: RemoteHost, vm: string, purpose: string, securityInfo: boolean): Promise<{ spec: DomainSpec; xml: string }> {
  const xml = await liveDomainXml(host, vm, { securityInfo });
  if (xml === undefined) throw new NotFoundError(`VM "${vm}" does not exist on ${host.label}. Check the name (virsh list --all on the host).`);
  // A running domain's live XML carries its id.
  if (attr(await parseDocument(xml, "domain"), "id") === undefined) {
    throw new RefusedError(`VM "${vm}" on ${host.label} is not running. Start it (state: "running") to ${purpose}.`);
  }
  return { spec: await parseDomainXml(xml), xml };
}
