import { strict as assert } from "assert";
import { ConflictError, NotFoundError, RefusedError, RemoteCommandError, redactedError } from "../../../provider/errors";
import { defineProvider } from "../../../provider/resources/shared/define-provider";
import { resourceDiff } from "../../../provider/resources/shared/resource-diff";
import { registerSecret } from "../../../provider/transport/secrets";

// VNC passwords may be 1 to 8 characters. Characters that no other test's message contains, since
// the registry of secrets is per process.
const PASSWORDS = ["¤", "ŋ#q", "Zx9!Kp2&"];

describe("redaction of secrets from error messages", () => {
  before(() => PASSWORDS.forEach(registerSecret));

  for (const password of PASSWORDS) {
    describe(`a ${password.length}-character VNC password`, () => {
      it("is redacted from a RemoteCommandError's message, command and stderr", () => {
        const error = new RemoteCommandError({
          host: "lab",
          command: `virsh update-device --passwd ${password}`,
          exitCode: 1,
          stdout: `passwd=${password}`,
          stderr: `error: bad password '${password}'`,
          timedOut: false,
          durationMs: 5,
        });
        for (const text of [error.message, error.command, error.stderr, error.stdout]) {
          assert.ok(!text.includes(password), `${JSON.stringify(password)} shows in ${JSON.stringify(text)}`);
          assert.match(text, /\[secret\]/);
        }
      });

      for (const ErrorType of [NotFoundError, RefusedError, ConflictError]) {
        it(`is redacted from a ${ErrorType.name}'s message`, () => {
          const error = new ErrorType(`VNC of VM "web" refused password ${password}: try another (${password}).`);
          assert.ok(!error.message.includes(password), error.message);
          assert.ok(!(error.stack ?? "").includes(password));
          assert.equal(error.name, ErrorType.name);
          assert.match(error.message, /^VNC of VM "web" refused password \[secret\]: try another \(\[secret\]\)\.$/);
        });
      }
    });
  }

  it("keeps a short secret inside a longer one hidden (longest first, one pass)", () => {
    registerSecret("ŋ#q-longer");
    const error = new RefusedError("was ŋ#q-longer, now ŋ#q");
    assert.equal(error.message, "was [secret], now [secret]");
  });
});

/** A libvirt-like stderr line that quotes the password back, as `virsh` does for bad XML. */
const stderrWith = (password: string) => `error: XML error: invalid passwd='${password}' in <graphics>`;

/** How each kind of error a handler may throw carries a remote stderr. */
const THROWERS: Array<[string, (stderr: string) => Error]> = [
  ["a plain Error", (stderr) => new Error(`libvirt on lab refused the domain definition: ${stderr}`)],
  ["a VoidVmError", (stderr) => new RefusedError(`VM "web" cannot take this VNC setting: ${stderr}. Change vnc.password.`)],
  [
    "a RemoteCommandError",
    (stderr) => new RemoteCommandError({ host: "lab", command: "virsh define /dev/stdin", exitCode: 1, stdout: "", stderr, timedOut: false, durationMs: 3 }),
  ],
];

describe("redaction of short VNC passwords from remote stderr on every error path", () => {
  // Registered by nothing but the provider's secrets hook: the provider must do it before the call.
  for (const password of ["ǂ", "ʬ@w"]) {
    for (const [kind, make] of THROWERS) {
      it(`a ${password.length}-character password in stderr quoted by ${kind} thrown from a provider call`, async () => {
        const provider = defineProvider<{ name: string; password: string }, { name: string; password: string }, ReturnType<typeof resourceDiff>>({
          check: (_olds, news) => ({ inputs: news as { name: string; password: string } }),
          diff: () => resourceDiff({}, false),
          create: async (inputs) => {
            throw make(stderrWith(inputs.password));
          },
          read: async (id, props) => ({ id, props }),
          update: async (_olds, news) => news,
          delete: async () => undefined,
          secrets: (value) => [value.password],
        });
        await assert.rejects(provider.create({ name: "web", password }), (error: Error) => {
          for (const text of [error.message, error.stack ?? "", String(error)]) {
            assert.ok(!text.includes(password), `${JSON.stringify(password)} shows in ${JSON.stringify(text)}`);
          }
          assert.match(error.message, /passwd='\[secret\]'/);
          return true;
        });
      });
    }
  }

  it("redactedError redacts a plain Error's message and stack in place, and a thrown string", () => {
    registerSecret("ɮ");
    const error = new Error(`Could not read the state of domain web: ${stderrWith("ɮ")}`);
    const same = redactedError(error) as Error;
    assert.equal(same, error);
    assert.equal(same.message, "Could not read the state of domain web: error: XML error: invalid passwd='[secret]' in <graphics>");
    assert.ok(!(same.stack ?? "").includes("ɮ"));
    assert.equal(redactedError(`stderr: ${stderrWith("ɮ")}`), "stderr: error: XML error: invalid passwd='[secret]' in <graphics>");
  });
});
