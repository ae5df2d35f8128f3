import { sameValue } from "../../values/same-value";
import { addressesOverlap, describeHostPort, portRange, type ForwardRule, type PortSpec } from "../../nft/forward-rules";
import type { CheckFailure } from "../../validation/check-failures";
import type { CheckOutcome } from "../../validation/check-inputs";
import { zodFailures } from "../../validation/check-failures";
import { splitSdkKeys } from "../../validation/sdk-keys";
import { portForwardInputsSchema, type PortForwardInputs } from "./schema";

/** Validates everything at once and writes every rule in its normal form. */
export function checkPortForward(_olds: Record<string, unknown>, news: Record<string, unknown>): CheckOutcome<PortForwardInputs> {
  const parsed = portForwardInputsSchema.safeParse(splitSdkKeys(news).program);
  if (!parsed.success) return { failures: zodFailures(parsed.error) };
  const failures: CheckFailure[] = [];
  const rules = parsed.data.rules.map((rule, i): ForwardRule => {
    const hostPort = normalPort(rule.hostPort);
    const guestPort = normalPort(rule.guestPort ?? rule.hostPort);
    const [hostFrom, hostTo] = portRange(hostPort);
    if (hostFrom !== hostTo && !sameValue(portRange(guestPort), [hostFrom, hostTo])) {
      failures.push({
        property: `rules[${i}].guestPort`,
        reason: `a range of host ports is forwarded to the same port numbers in the guest (nftables cannot shift a range): leave guestPort out or set it to "${hostFrom}-${hostTo}"`,
      });
    }
    if (hostFrom === hostTo && portRange(guestPort)[0] !== portRange(guestPort)[1]) {
      failures.push({ property: `rules[${i}].guestPort`, reason: "one host port forwards to one guest port, not a range" });
    }
    const hostIp = rule.hostIp === "0.0.0.0" ? undefined : rule.hostIp;
    return { protocol: rule.protocol, hostPort, guestPort, ...(hostIp !== undefined ? { hostIp } : {}) };
  });
  rules.forEach((rule, i) => {
    rules.slice(0, i).forEach((earlier, j) => {
      const [a1, a2] = portRange(earlier.hostPort);
      const [b1, b2] = portRange(rule.hostPort);
      if (earlier.protocol === rule.protocol && a1 <= b2 && b1 <= a2 && addressesOverlap(earlier.hostIp, rule.hostIp)) {
        failures.push({ property: `rules[${i}].hostPort`, reason: `${describeHostPort(rule)} overlaps rules[${j}] (${describeHostPort(earlier)}); each host port can be forwarded once` });
      }
    });
  });
  if (failures.length) return { failures };
  return { inputs: { ...parsed.data, rules } };
}

function normalPort(port: PortSpec): PortSpec {
  const [from, to] = portRange(port);
  return from === to ? from : `${from}-${to}`;
}
