// End to end: examples/server.ts as a real process under Deno and Bun, a real
// signed HTTP request over the loopback, a graceful stop on SIGTERM.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { sign } from "../mod.ts";
import { basic, fixtureText, httpDate } from "./_helpers.ts";
import {
  assertSecurityWarnings,
  openExampleEnv,
  RUNTIMES,
  secureExampleEnv,
  startServer,
  stop,
} from "./_process.ts";

const KEY = "e2e-secret";

for (const [runtime, command] of Object.entries(RUNTIMES)) {
  describe(`examples/server.ts under ${runtime}`, () => {
    test(`examples/server.ts under ${runtime} answers a signed request and stops on SIGTERM`, async () => {
      const server = await startServer(command("examples/server.ts"), secureExampleEnv(KEY));
      let code: number | null;
      try {
        const url = `http://127.0.0.1:${server.port}/`;
        const body = fixtureText("notifications/full.json");
        const date = httpDate();
        const headers = {
          date,
          "x-hub-signature": await sign({ privateKey: KEY, date, body }),
          authorization: basic("bot", "p:w"),
        };
        const ok = await fetch(url, { method: "POST", headers, body });
        assert.equal(ok.status, 200);
        assert.equal(ok.headers.get("content-type"), "application/json; charset=utf-8");
        assert.deepEqual(await ok.json(), {
          actions: [{ type: "send_text_action", alternatives: ["hello", "bye"] }],
          session: { values: { name: "tintin", key: "data" } },
        });

        const forged = await fetch(url, {
          method: "POST",
          headers: {
            ...headers,
            "x-hub-signature": await sign({ privateKey: "other", date, body }),
          },
          body,
        });
        assert.equal(forged.status, 400);
        assert.deepEqual(await forged.json(), { error: "The request's signature is invalid." });

        const anonymous = await fetch(url, { method: "POST", body });
        assert.equal(anonymous.status, 401);
        await anonymous.body?.cancel();
      } finally {
        code = await stop(server);
      }
      assert.equal(code, 0, server.output());
      assert.match(server.output(), /stopped/);
    });
  });
}

/** Runs examples/server.ts until it listens, then stops it; gives what it wrote to stdout and to stderr. */
async function startupOutput(
  command: readonly string[],
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string }> {
  const server = await startServer(command, { HOST: "127.0.0.1", ...env });
  await stop(server);
  return { stdout: server.stdout(), stderr: server.stderr() };
}

for (const [runtime, command] of Object.entries(RUNTIMES)) {
  test(`examples/server.ts under ${runtime} warns on stderr when it runs without a key or without credentials`, async () => {
    const open = await startupOutput(command("examples/server.ts"), openExampleEnv());
    assertSecurityWarnings(open.stderr);
    assert.doesNotMatch(open.stdout, /Warning/);
    const keyOnly = await startupOutput(command("examples/server.ts"), {
      ...openExampleEnv(),
      CLUSTAAR_PRIVATE_KEY: KEY,
    });
    assert.doesNotMatch(keyOnly.stderr, /PRIVATE_KEY/);
    assert.match(keyOnly.stderr, /not authenticated/);
    const secure = await startupOutput(command("examples/server.ts"), secureExampleEnv(KEY));
    assert.equal(secure.stderr, "");
  });
}
