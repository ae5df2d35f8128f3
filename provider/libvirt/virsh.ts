import type { ExecOptions, ExecResult, RemoteHost } from "../transport/remote-host";

/** `virsh -c URI ARGS...` on the host. Arguments are argv, quoted by the transport. */
export function virsh(host: RemoteHost, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  return host.run(["virsh", "-q", "-c", host.uri, ...args], options);
}

/** stdout of a virsh command, trimmed. */
export async function virshText(host: RemoteHost, args: readonly string[], options: ExecOptions = {}): Promise<string> {
  return (await virsh(host, args, options)).stdout.trim();
}
