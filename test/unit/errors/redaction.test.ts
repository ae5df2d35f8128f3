import { strict as assert } from "assert";
import { ConflictError, NotFoundError, RefusedError, RemoteCommandError } from "../../../provider/errors";
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
