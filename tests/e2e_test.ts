// End to end: examples/server.ts as a real process under Deno and Bun, a real
// signed HTTP request over the loopback, a graceful stop on SIGTERM.
import { spawn } from "node:child_process";
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { sign } from "../mod.ts";
import { basic, fixtureText, httpDate, ROOT } from "./_helpers.ts";
import { RUNTIMES, secureExampleEnv, startServer } from "./_process.ts";

const KEY = "e2e-secret";

for (const [runtime, command] of Object.entries(RUNTIMES)) {
  describe(`examples/server.ts under ${runtime}`, () => {
    test(`examples/server.ts under ${runtime} answers a signed request and stops on SIGTERM`, async () => {
      const server = await startServer(command("examples/server.ts"), secureExampleEnv(KEY));
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
        process.kill(server.child.pid!, "SIGTERM");
      }
      assert.equal(await server.exited, 0, server.output());
      assert.match(server.output(), /stopped/);
    });
  });
}

/** Runs examples/server.ts until it listens; gives what it wrote to stdout and to stderr. */
async function startupOutput(
  command: readonly string[],
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string }> {
  const [program, ...args] = command;
  const child = spawn(program!, args, {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1", PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (chunk: Uint8Array) => (stderr += new TextDecoder().decode(chunk)));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start: ${stdout}${stderr}`)), 20_000);
    child.stdout!.on("data", (chunk: Uint8Array) => {
      stdout += new TextDecoder().decode(chunk);
      if (/listening on/.test(stdout)) {
        clearTimeout(timer);
        resolve();
      }
    });
    exited.then(() => (clearTimeout(timer), reject(new Error(`exited: ${stdout}${stderr}`))));
  });
  child.kill("SIGTERM");
  await exited;
  return { stdout, stderr };
}

for (const [runtime, command] of Object.entries(RUNTIMES)) {
  test(`examples/server.ts under ${runtime} warns on stderr when it runs without a key or without credentials`, async () => {
    const open = await startupOutput(command("examples/server.ts"), {
      CLUSTAAR_PRIVATE_KEY: "",
      CLUSTAAR_AUTH_USERNAME: "",
      CLUSTAAR_AUTH_PASSWORD: "",
    });
    assert.match(
      open.stderr,
      /^Warning: CLUSTAAR_PRIVATE_KEY is not set: signatures are not checked/m,
    );
    assert.match(
      open.stderr,
      /^Warning: CLUSTAAR_AUTH_USERNAME and CLUSTAAR_AUTH_PASSWORD are not set/m,
    );
    assert.doesNotMatch(open.stdout, /Warning/);
    const keyOnly = await startupOutput(command("examples/server.ts"), {
      CLUSTAAR_PRIVATE_KEY: KEY,
      CLUSTAAR_AUTH_USERNAME: "",
      CLUSTAAR_AUTH_PASSWORD: "",
    });
    assert.doesNotMatch(keyOnly.stderr, /PRIVATE_KEY/);
    assert.match(keyOnly.stderr, /not authenticated/);
    const secure = await startupOutput(command("examples/server.ts"), secureExampleEnv(KEY));
    assert.equal(secure.stderr, "");
  });
}
