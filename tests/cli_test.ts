// The command-line tool: in memory against a webhook, over the network
// against unreachable, silent and non-JSON servers, and as a real process
// round-tripping with examples/server.ts under Deno and Bun.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type IncomingNotification, SendTextAction, Webhook } from "../mod.ts";
import { main } from "../src/cli/mod.ts";
import type { CliIO } from "../src/cli/mod.ts";
import { basicAuthorization, signature } from "../src/testing/mod.ts";
import { fixtureText, ROOT } from "./_helpers.ts";
import { RUNTIMES, secureExampleEnv, startServer } from "./_process.ts";

const KEY = "cli-secret";
const NOW = Date.parse("Wed, 03 Jan 2018 16:58:29 GMT");
const encoder = new TextEncoder();

interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in memory; `fetch` defaults to the real one. */
async function cli(
  args: string[],
  options: {
    fetch?: (request: Request) => Promise<Response>;
    env?: Record<string, string>;
    files?: Record<string, string>;
  } = {},
): Promise<Run> {
  let out = "";
  let err = "";
  const io: CliIO = {
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    env: (name) => options.env?.[name],
    readFile: (path) => {
      const text = options.files?.[path];
      return text === undefined
        ? Promise.reject(new Error(`ENOENT: no such file or directory, open '${path}'`))
        : Promise.resolve(encoder.encode(text));
    },
    fetch: options.fetch,
    now: () => NOW,
  };
  const code = await main(args, io);
  return { code, out, err };
}

/** A webhook like the platform's guide, clocked at NOW, that records what it received. */
function webhook(options: ConstructorParameters<typeof Webhook>[0] = {}) {
  const seen: IncomingNotification[] = [];
  const app = new Webhook({ privateKey: KEY, now: () => NOW, ...options });
  app.on("conversation.step_reached", (_request, _response, notification) => {
    seen.push(notification as unknown as IncomingNotification);
    const text = notification.event.input?.type === "message"
      ? notification.event.input.text
      : "hello";
    return {
      actions: [SendTextAction({ alternatives: [text] })],
      session: notification.event.session,
    };
  });
  return { app, seen };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port))
  );
}

describe("clustaar-webhook help and usage", () => {
  test("cli --help, help and no arguments print the usage and exit with 0", async () => {
    for (const args of [["--help"], ["help"], []]) {
      const run = await cli(args);
      assert.equal(run.code, 0);
      assert.match(run.out, /send <url>/);
      assert.match(run.out, /sign <file>/);
    }
    assert.match((await cli(["send", "--help"])).out, /--step-id/);
    assert.match((await cli(["help", "sign"])).out, /--curl/);
  });

  test("cli usage errors exit with 2 and say what is wrong", async () => {
    const cases: [string[], RegExp][] = [
      [["frobnicate"], /unknown command "frobnicate"/],
      [["send"], /send needs a URL/],
      [["send", "not a url"], /invalid URL: not a url/],
      [["send", "ftp://example.com/"], /must be http or https/],
      [["send", "http://localhost/", "--bogus"], /unknown option --bogus/],
      [["send", "http://localhost/", "--timeout"], /--timeout needs a value/],
      [["send", "http://localhost/", "--timeout", "0"], /--timeout must be a positive number/],
      [["send", "http://localhost/", "--session", "novalue"], /--session must be key=value/],
      [["send", "http://localhost/", "--auth", "nocolon"], /--auth must be user:password/],
      [["sign"], /sign needs a body file/],
      [["sign", "body.json"], /sign needs a private key/],
    ];
    for (const [args, message] of cases) {
      const run = await cli(args);
      assert.equal(run.code, 2, args.join(" "));
      assert.match(run.err, /^Error: /);
      assert.match(run.err, message);
    }
  });
});

describe("clustaar-webhook send", () => {
  test("send posts a signed sample notification and reports a valid answer with exit 0", async () => {
    const { app, seen } = webhook({ authUsername: "bot", authPassword: "p:w" });
    const run = await cli(
      ["send", "http://localhost/", "--private-key", KEY, "--auth", "bot:p:w"],
      {
        fetch: app.fetch,
      },
    );
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /^POST http:\/\/localhost\/ \(signed, Basic auth\)\n/);
    assert.match(run.out, /Status: 200/);
    assert.match(run.out, /"alternatives": \[\n\s+"hello"\n\s+\]/);
    assert.match(run.out, /Valid: the platform would accept this response\./);
    assert.equal(run.err, "");
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.timestamp, NOW / 1000);
  });

  test("send takes the key and credentials from the environment", async () => {
    const { app } = webhook({ authUsername: "bot", authPassword: "pw" });
    const env = {
      CLUSTAAR_PRIVATE_KEY: KEY,
      CLUSTAAR_AUTH_USERNAME: "bot",
      CLUSTAAR_AUTH_PASSWORD: "pw",
    };
    const run = await cli(["send", "http://localhost/"], { fetch: app.fetch, env });
    assert.equal(run.code, 0, run.err);
  });

  test("send sets the step id, the user's text and session values", async () => {
    const { app, seen } = webhook();
    const run = await cli([
      "send",
      "http://localhost/",
      "-k",
      KEY,
      "--step-id",
      "507f191e810c19729de860ea",
      "--text",
      "bonjour",
      "--session",
      "plan=pro",
      "--session=empty=",
    ], { fetch: app.fetch });
    assert.equal(run.code, 0, run.err);
    const event = seen[0]!.event as Record<string, Record<string, unknown>>;
    assert.equal(event.step!.id, "507f191e810c19729de860ea");
    assert.equal(event.step!.name, "A step");
    assert.deepEqual(event.input, { type: "message", text: "bonjour", attachments: [] });
    assert.deepEqual(event.session, { values: { name: "tintin", plan: "pro", empty: "" } });
    assert.match(run.out, /"bonjour"/);
  });

  test("send --file posts the file's bytes as they are, or with the edits applied", async () => {
    const body = fixtureText("notifications/minimal.json");
    let received = "";
    const { app, seen } = webhook();
    const fetch = async (request: Request) => {
      received = await request.clone().text();
      return app.fetch(request);
    };
    const plain = await cli(["send", "http://localhost/", "-k", KEY, "--file", "n.json"], {
      fetch,
      files: { "n.json": body },
    });
    assert.equal(plain.code, 0, plain.err + plain.out);
    assert.equal(received, body);
    const edited = await cli([
      "send",
      "http://localhost/",
      "-k",
      KEY,
      "-f",
      "n.json",
      "--step-id",
      "s-2",
    ], {
      fetch,
      files: { "n.json": body },
    });
    assert.equal(edited.code, 0, edited.err);
    assert.equal((seen[1]!.event as { step: { id: string } }).step.id, "s-2");
  });

  test("send --file reports a missing file and invalid JSON with exit 1", async () => {
    const missing = await cli(["send", "http://localhost/", "--file", "nope.json"]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /^Error: cannot read nope\.json: /);
    const broken = await cli(["send", "http://localhost/", "--file", "b.json"], {
      files: { "b.json": "{" },
    });
    assert.equal(broken.code, 1);
    assert.match(broken.err, /^Error: b\.json is not valid JSON: /);
  });

  test("send reports an invalid answer with its failing paths and exit 1", async () => {
    const app = new Webhook({ validateResponses: false, now: () => NOW });
    app.on("conversation.step_reached", () =>
      ({
        actions: [{ type: "send_text_action", alternatives: [] }, {
          type: "wait_action",
          duration: 60,
        }],
      }) as never);
    const run = await cli(["send", "http://localhost/"], { fetch: app.fetch });
    assert.equal(run.code, 1);
    assert.match(run.out, /Invalid: the platform would reject this response:\n/);
    assert.match(run.out, /\n {2}- actions\.0\.alternatives: /);
    assert.match(run.out, /\n {2}- actions\.1\.duration: /);
  });

  test("send accepts echoed step actions of types the module does not know", async () => {
    const app = new Webhook({ now: () => NOW });
    app.on("conversation.step_reached", (_r, _s, n) => ({ actions: n.event.step.actions }));
    const notification = JSON.parse(fixtureText("notifications/full.json"));
    notification.data.step.actions = [{ type: "future_action", x: 1 }];
    const files = { "n.json": JSON.stringify(notification) };
    const run = await cli(["send", "http://localhost/", "-f", "n.json"], {
      fetch: app.fetch,
      files,
    });
    assert.equal(run.code, 0, run.out);
  });

  test("send reports a refusal with its status and the webhook's error, and exit 1", async () => {
    const { app } = webhook();
    const run = await cli(["send", "http://localhost/", "-k", "wrong"], { fetch: app.fetch });
    assert.equal(run.code, 1);
    assert.match(run.out, /Status: 400/);
    assert.equal(
      run.err,
      "Error: the webhook refused the request with 400: The request's signature is invalid.\n",
    );
    const unsigned = await cli(["send", "http://localhost/"], { fetch: app.fetch });
    assert.match(unsigned.out, /\(not signed\)/);
    assert.equal(unsigned.code, 1);
  });

  test("send reports an unreachable URL with exit 1", async () => {
    const server = createTcpServer();
    const port = await new Promise<number>((resolve) =>
      server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port))
    );
    await new Promise((resolve) => server.close(resolve));
    const run = await cli(["send", `http://127.0.0.1:${port}/`]);
    assert.equal(run.code, 1);
    assert.match(run.err, new RegExp(`^Error: cannot reach http://127\\.0\\.0\\.1:${port}/: `));
  });

  test("send reports a webhook that does not answer in --timeout with exit 1", async () => {
    const sockets = new Set<import("node:net").Socket>();
    const server = createTcpServer((socket) => void sockets.add(socket));
    const port = await new Promise<number>((resolve) =>
      server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port))
    );
    try {
      const started = Date.now();
      const run = await cli(["send", `http://127.0.0.1:${port}/`, "--timeout", "0.3"]);
      assert.equal(run.code, 1);
      assert.equal(
        run.err,
        `Error: no answer from http://127.0.0.1:${port}/ within 0.3 s (--timeout)\n`,
      );
      assert.ok(Date.now() - started < 5_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test("send reports an answer that is not JSON with exit 1", async () => {
    const server = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/html" }).end("<h1>Hello</h1>");
    });
    const port = await listen(server);
    try {
      const run = await cli(["send", `http://127.0.0.1:${port}/`]);
      assert.equal(run.code, 1);
      assert.match(run.out, /Status: 200/);
      assert.match(run.out, /<h1>Hello<\/h1>/);
      assert.equal(run.err, "Error: the answer is not JSON (text/html)\n");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("clustaar-webhook sign", () => {
  const body = '{"topic":"conversation.step_reached"}';
  const date = "Wed, 03 Jan 2018 16:58:29 GMT";

  test("sign prints the platform's headers for a body file", async () => {
    const run = await cli(["sign", "body.json", "-k", "XXXXXXXXXX", "--date", date], {
      files: { "body.json": body },
    });
    assert.equal(run.code, 0, run.err);
    assert.equal(
      run.out,
      `Date: ${date}\nX-Hub-Signature: sha1=6d4f4ecb0c19af39ce24d0a79120e1ab10fd9ccd\nContent-Type: application/json\n`,
    );
    assert.equal(run.err, "");
  });

  test("sign --no-date signs over date=None as the platform does for a request without Date", async () => {
    const run = await cli(["sign", "body.json", "-k", "XXXXXXXXXX", "--no-date"], {
      files: { "body.json": body },
    });
    assert.equal(run.code, 0, run.err);
    // Computed with Python's hmac over "date=None\n" + body.
    assert.equal(
      run.out,
      "X-Hub-Signature: sha1=e3008181a21e89c28d0d27d124c77aaf58e260d7\nContent-Type: application/json\n",
    );
    assert.match(run.err, /requestMaxAge: null/);
    const both = await cli(["sign", "body.json", "-k", "k", "--no-date", "--date", date], {
      files: { "body.json": body },
    });
    assert.equal(both.code, 2, both.err);
    assert.match(both.err, /either --date or --no-date/);
  });

  test("sign --curl prints a quoted curl command with credentials, dated now", async () => {
    const run = await cli([
      "sign",
      "--file",
      "my body.json",
      "--curl",
      "http://localhost:8000/",
      "-u",
      "bot:it's",
    ], {
      files: { "my body.json": body },
      env: { CLUSTAAR_PRIVATE_KEY: "XXXXXXXXXX" },
    });
    assert.equal(run.code, 0, run.err);
    const header = await signature({ privateKey: "XXXXXXXXXX", date, body });
    const auth = basicAuthorization({ username: "bot", password: "it's" });
    assert.equal(
      run.out,
      `curl -sS -X POST http://localhost:8000/ -H 'Date: ${date}' -H 'X-Hub-Signature: ${header}' ` +
        `-H 'Content-Type: application/json' -H 'Authorization: ${auth}' --data-binary '@my body.json'\n`,
    );
    assert.match(run.err, /requestMaxAge/);
  });
});

function execCli(command: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command[0]!, command.slice(1), {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", ...env },
    }, (error, out, err) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, out: String(out), err: String(err) });
    });
  });
}

const CLI = {
  deno: [
    join(ROOT, "node_modules/.bin/deno"),
    "run",
    "--allow-net",
    "--allow-env",
    "--allow-read",
    "src/cli/mod.ts",
  ],
  bun: [join(ROOT, "node_modules/.bin/bun"), "run", "src/cli/mod.ts"],
} as const;

for (const [runtime, command] of Object.entries(RUNTIMES)) {
  describe(`clustaar-webhook under ${runtime}`, () => {
    test(`clustaar-webhook send under ${runtime} round-trips with examples/server.ts and reports a valid response`, async () => {
      const server = await startServer(command("examples/server.ts"), secureExampleEnv(KEY));
      try {
        const url = `http://127.0.0.1:${server.port}/`;
        const cliCommand = CLI[runtime as keyof typeof CLI];
        const ok = await execCli([
          ...cliCommand,
          "send",
          url,
          "--auth",
          "bot:p:w",
          "--session",
          "key=1",
        ], {
          CLUSTAAR_PRIVATE_KEY: KEY,
        });
        assert.equal(ok.code, 0, ok.out + ok.err);
        assert.match(ok.out, /\(signed, Basic auth\)/);
        assert.match(ok.out, /Status: 200/);
        assert.match(ok.out, /"visits": 1/);
        assert.match(ok.out, /Valid: the platform would accept this response\./);

        const forged = await execCli([
          ...cliCommand,
          "send",
          url,
          "--auth",
          "bot:p:w",
          "-k",
          "forged",
        ], {});
        assert.equal(forged.code, 1);
        assert.match(forged.err, /The request's signature is invalid\./);

        const usage = await execCli([...cliCommand, "send"], {});
        assert.equal(usage.code, 2);
      } finally {
        process.kill(server.child.pid!, "SIGTERM");
        await server.exited;
      }
    });
  });
}
