import { RemoteCommandError, type RemoteCommandFailure } from "./remote-error";

/**
 * What a remote script printed, by section: a line `@@voidvm NAME` starts section NAME (see
 * provider/remote-scripts/lib/common.sh). A failed step is the section `failed`.
 */
export interface ScriptOutput {
  sections: ReadonlyMap<string, string>;
  failedStep?: string;
}

const MARKER = /^@@voidvm ([a-z0-9-]+)$/;

export function parseScriptOutput(stdout: string): ScriptOutput {
  const sections = new Map<string, string>();
  let current: string | undefined;
  let lines: string[] = [];
  const close = () => {
    if (current !== undefined) sections.set(current, lines.join("\n"));
  };
  for (const line of stdout.split("\n")) {
    const marker = MARKER.exec(line);
    if (marker) {
      close();
      current = marker[1];
      lines = [];
    } else if (current !== undefined) {
      lines.push(line);
    }
  }
  close();
  const failed = sections.get("failed")?.trim();
  return { sections, failedStep: failed || undefined };
}

/** A remote script failed at a named step; the message names the host, the script and the step. */
export class ScriptStepError extends RemoteCommandError {
  constructor(
    failure: RemoteCommandFailure,
    readonly script: string,
    readonly step: string | undefined,
  ) {
    super(failure, step ? `The step "${step}" of ${script}.sh failed on ${failure.host}.` : undefined);
    this.name = "ScriptStepError";
  }
}
