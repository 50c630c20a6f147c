// The command-line tool: in memory against a webhook, over the network
// against unreachable, silent and non-JSON servers, and as a real process
// round-tripping with examples/server.ts and examples/routing.ts under Deno
// and Bun.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer } from "node:net";
import type { AddressInfo } from "node:net";
import {
  Channel,
  events,
  type IncomingNotification,
  InputMatches,
  InputType,
  JSONKeyEquals,
  JSONKeyExists,
  not,
  SendTextAction,
  SessionValueEquals,
  StepID,
  StepName,
  StepUserDataContains,
  StepUserDataKeyEquals,
  Webhook,
} from "../mod.ts";
import { main } from "../src/cli/mod.ts";
import type { CliIO } from "../src/cli/mod.ts";
import { basicAuthorization, signature } from "../src/testing/mod.ts";
import { fixtureText, ROOT } from "./_helpers.ts";
import { RUNTIMES, secureExampleEnv, startServer, stop } from "./_process.ts";

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
    for (const args of [["sample", "--help"], ["help", "sample"]]) {
      const help = (await cli(args)).out;
      for (const flag of ["--user-data", "--step-name", "--input-type", "--event", "--channel"]) {
        assert.match(help, new RegExp(flag), `${args.join(" ")} lists ${flag}`);
      }
    }
    const sendHelp = (await cli(["send", "--help"])).out;
    for (const flag of ["--user-data", "--step-name", "--input-type", "--event", "--header"]) {
      assert.match(sendHelp, new RegExp(flag), `send --help lists ${flag}`);
    }
    assert.match((await cli(["help"])).out, /sample \[options\]/);
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
      [["send", "http://localhost/", "--header", "nocolon"], /--header must be name:value/],
      [["send", "http://localhost/", "-H", "bad name:x"], /--header must be name:value/],
      [["send", "http://localhost/", "--text", "hi", "--event", "e"], /--text and --event/],
      [["send", "http://localhost/", "--event", "e", "--input-type", "message"], /custom_event/],
      [["send", "http://localhost/", "--url", "https://x/", "--text", "t"], /--text and --url/],
      [["send", "http://localhost/", "--input-type", "Not A Type"], /--input-type must be/],
      [["sample", "extra"], /sample takes no argument/],
      [["sample", "--session", "novalue"], /--session must be key=value/],
      [["sample", "--text", "hi", "--input-type", "url_loaded_event"], /message input/],
      [["sign"], /sign needs a body file/],
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
    assert.equal(
      unsigned.err,
      "Error: the webhook refused the request with 400: The request's signature is missing. " +
        "(the webhook has a private key: give --private-key or CLUSTAAR_PRIVATE_KEY)\n",
    );
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

/**
 * A webhook with one route per filter of the README's routing section; each
 * answers with its own name, and the sample notification reaches "fallback".
 */
function routingWebhook(options: ConstructorParameters<typeof Webhook>[0] = {}) {
  const app = new Webhook({ now: () => NOW, ...options });
  const answer = (name: string) => () => ({
    actions: [SendTextAction({ alternatives: [name] })],
  });
  const STEP = events.CONVERSATION_STEP_REACHED;
  app.on(STEP, answer("userData key"), StepUserDataKeyEquals("action", "subscribe"));
  app.on(STEP, answer("userData text"), StepUserDataContains("vip"));
  app.on(STEP, answer("step name"), StepName("Welcome"));
  app.on(STEP, answer("step id"), StepID("507f191e810c19729de860ea"));
  app.on(STEP, answer("event"), JSONKeyEquals("data.input.name", "signup"));
  app.on(STEP, answer("url"), JSONKeyEquals("data.input.url", "https://shop.example/"));
  app.on(STEP, answer("button"), InputType("go_to_action"));
  app.on(STEP, answer("legacy"), InputType("legacy_reply_to_message_action"));
  app.on(STEP, answer("no input"), not(JSONKeyExists("data.input")));
  app.on(STEP, answer("text"), InputMatches(/bonjour/i));
  app.on(STEP, answer("message"), InputType("message"));
  app.on(STEP, answer("session"), SessionValueEquals("plan", "pro"));
  app.on(STEP, answer("channel"), Channel("web"));
  app.on(STEP, answer("header"), (_data, request) => request?.headers.get("x-token") === "t0k");
  app.on(STEP, answer("fallback"));
  return app;
}

describe("clustaar-webhook send: the routing options", () => {
  test("send drives each filter of the routing section with its option", async () => {
    const app = routingWebhook();
    const cases: [string[], string][] = [
      [[], "fallback"],
      [["--user-data", '{"action":"subscribe"}'], "userData key"],
      [["--user-data", "vip customer"], "userData text"],
      [["--step-name", "Welcome"], "step name"],
      [["--step-id", "507f191e810c19729de860ea"], "step id"],
      [["--event", "signup"], "event"],
      [["--input-type", "custom_event", "--event", "signup"], "event"],
      [["--url", "https://shop.example/"], "url"],
      [["--input-type", "go_to_action"], "button"],
      [["--input-type", "legacy_reply_to_message_action", "--text", "bonjour"], "legacy"],
      [["--input-type", "none"], "no input"],
      [["--text", "Bonjour !"], "text"],
      [["--input-type", "message"], "message"],
      [["--session", "plan=pro"], "session"],
      [["--channel", "web"], "channel"],
      [["--header", "X-Token: t0k"], "header"],
      [["-H", "x-token:t0k"], "header"],
    ];
    for (const [args, route] of cases) {
      const run = await cli(["send", "http://localhost/", ...args], { fetch: app.fetch });
      assert.equal(run.code, 0, `${args.join(" ")}: ${run.err}${run.out}`);
      assert.match(
        run.out,
        new RegExp(`"alternatives": \\[\\n\\s+"${route}"\\n`),
        `${args.join(" ")} reaches the "${route}" route`,
      );
    }
  });

  test("send warns when --user-data is not a JSON object, and sends it anyway", async () => {
    const { app, seen } = webhook({ privateKey: undefined });
    const cases: [string, boolean][] = [
      ['{"action":"subscribe"}', false],
      ["{}", false],
      ["subscribe", true],
      ["[1, 2]", true],
      ['{"action":', true],
      ["", true],
    ];
    for (const [userData, warns] of cases) {
      const run = await cli(["send", "http://localhost/", "--user-data", userData], {
        fetch: app.fetch,
      });
      assert.equal(run.code, 0, run.err);
      const warning = "Warning: --user-data is not a JSON object: the StepUserDataKey* filters " +
        "will not accept it (StepUserDataContains still reads it as text)\n";
      assert.equal(run.err, warns ? warning : "", JSON.stringify(userData));
      const step = (seen.at(-1)!.event as { step: { userData: string } }).step;
      assert.equal(step.userData, userData);
    }
  });

  test("send builds a complete input for each --input-type, replacing the sample's", async () => {
    const { app, seen } = webhook({ privateKey: undefined });
    const cases: [string[], unknown][] = [
      [["--text", "hi"], { type: "message", text: "hi", attachments: [] }],
      [["--input-type", "message"], { type: "message", text: "hello", attachments: [] }],
      [["--input-type", "legacy_reply_to_message_action", "--text", "yes"], {
        type: "legacy_reply_to_message_action",
        text: "yes",
      }],
      [["--event", "signup"], { type: "custom_event", name: "signup" }],
      [["--input-type", "custom_event"], { type: "custom_event", name: "event1" }],
      [["--url", "https://x.example/a"], { type: "url_loaded_event", url: "https://x.example/a" }],
      [["--input-type", "go_to_action", "--step-id", "s-9"], {
        type: "go_to_action",
        target: { type: "step", id: "s-9" },
      }],
      [["--input-type", "future_input"], { type: "future_input" }],
    ];
    for (const [args, input] of cases) {
      const run = await cli(["send", "http://localhost/", ...args], { fetch: app.fetch });
      assert.equal(run.code, 0, `${args.join(" ")}: ${run.err}`);
      assert.deepEqual((seen.at(-1)!.event as { input?: unknown }).input, input, args.join(" "));
    }
    const none = await cli(["send", "http://localhost/", "--input-type", "none"], {
      fetch: app.fetch,
    });
    assert.equal(none.code, 0, none.err);
    assert.equal("input" in seen.at(-1)!.event, false);
  });

  test("send --header adds or replaces headers, and a Date given there is the one signed", async () => {
    let headers = new Headers();
    let body = "";
    const { app } = webhook();
    const fetch = async (request: Request) => {
      headers = request.headers;
      body = await request.clone().text();
      return app.fetch(request);
    };
    const added = await cli([
      "send",
      "http://localhost/",
      "-k",
      KEY,
      "-H",
      "X-Request-Id: abc 123",
      "--header=x-request-id:def",
      "-H",
      "User-Agent: tests",
    ], { fetch });
    assert.equal(added.code, 0, added.err);
    assert.equal(headers.get("x-request-id"), "def");
    assert.equal(headers.get("user-agent"), "tests");

    // Signed over the given Date, 29 s before the webhook's clock: stale, not forged.
    const old = "Wed, 03 Jan 2018 16:58:00 GMT";
    const stale = await cli(["send", "http://localhost/", "-k", KEY, "-H", `Date: ${old}`], {
      fetch,
    });
    assert.equal(headers.get("date"), old);
    assert.equal(
      headers.get("x-hub-signature"),
      await signature({ privateKey: KEY, date: old, body }),
    );
    assert.equal(stale.code, 1);
    assert.equal(
      stale.err,
      "Error: the webhook refused the request with 400: Request is too old\n",
    );

    const forged = await cli([
      "send",
      "http://localhost/",
      "-k",
      KEY,
      "-H",
      "X-Hub-Signature: sha1=0000000000000000000000000000000000000000",
    ], { fetch });
    assert.equal(
      forged.err,
      "Error: the webhook refused the request with 400: The request's signature is invalid.\n",
    );
  });
});

describe("clustaar-webhook send: failures of the webhook", () => {
  test("send reports a handler's 500 as the webhook's failure, not a refusal", async () => {
    const app = new Webhook({ now: () => NOW, onError: () => {} });
    app.on("conversation.step_reached", () => {
      throw new Error("database down");
    });
    const run = await cli(["send", "http://localhost/"], { fetch: app.fetch });
    assert.equal(run.code, 1);
    assert.match(run.out, /Status: 500/);
    assert.equal(run.err, "Error: the webhook failed with 500: Internal server error\n");
  });

  test("send lists the issues of an answer the webhook itself found invalid (500)", async () => {
    const app = new Webhook({ now: () => NOW, onError: () => {} });
    app.on(
      "conversation.step_reached",
      () => ({ actions: [{ type: "send_text_action", alternatives: [] }] }) as never,
    );
    const run = await cli(["send", "http://localhost/"], { fetch: app.fetch });
    assert.equal(run.code, 1);
    assert.match(
      run.err,
      /^Error: the webhook failed with 500: Invalid response\n {2}- actions\.0\.alternatives: .+\n$/,
    );
  });

  test("send reports a failing replay store (503), other statuses and non-JSON failures", async () => {
    const store = new Webhook({
      privateKey: KEY,
      now: () => NOW,
      onError: () => {},
      replayStore: {
        add() {
          throw new Error("Redis is down");
        },
      },
    });
    store.on("conversation.step_reached", () => ({ actions: [] }));
    const down = await cli(["send", "http://localhost/", "-k", KEY], { fetch: store.fetch });
    assert.equal(down.code, 1);
    assert.equal(
      down.err,
      "Error: the webhook failed with 503: Service unavailable: the request could not be checked for replays\n",
    );

    const redirect = await cli(["send", "http://localhost/"], {
      fetch: () => Promise.resolve(Response.json({ moved: true }, { status: 302 })),
    });
    assert.equal(redirect.code, 1);
    assert.equal(redirect.err, "Error: the webhook answered 302, not a 2xx status\n");

    const proxy = await cli(["send", "http://localhost/"], {
      fetch: () =>
        Promise.resolve(
          new Response("<h1>Bad gateway</h1>", {
            status: 502,
            headers: { "content-type": "text/html" },
          }),
        ),
    });
    assert.equal(proxy.code, 1);
    assert.equal(proxy.err, "Error: the webhook failed with 502 (not JSON: text/html)\n");

    const refused = await cli(["send", "http://localhost/"], {
      fetch: () =>
        Promise.resolve(
          new Response("Forbidden", { status: 403, headers: { "content-type": "text/plain" } }),
        ),
    });
    assert.equal(
      refused.err,
      "Error: the webhook refused the request with 403 (not JSON: text/plain)\n",
    );
  });

  test("send works against a webhook without a key: unsigned, the Date checked", async () => {
    const { app, seen } = webhook({ privateKey: undefined });
    const run = await cli(["send", "http://localhost/"], { fetch: app.fetch });
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /\(not signed\)/);
    assert.equal(seen.length, 1);
    const stale = await cli([
      "send",
      "http://localhost/",
      "-H",
      "Date: Wed, 03 Jan 2018 16:50:00 GMT",
    ], { fetch: app.fetch });
    assert.equal(
      stale.err,
      "Error: the webhook refused the request with 400: Request is too old\n",
    );
  });
});

describe("clustaar-webhook send: deadlines, headers and the webhook's texts", () => {
  test("send ends with the timeout error against a fetch that never answers and ignores the abort", async () => {
    const started = Date.now();
    const run = await cli(["send", "http://localhost/", "--timeout", "0.2"], {
      fetch: () => new Promise<Response>(() => {}),
    });
    assert.equal(run.code, 1);
    assert.equal(run.err, "Error: no answer from http://localhost/ within 0.2 s (--timeout)\n");
    assert.ok(Date.now() - started < 5_000);
  });

  test("send ends with the timeout error when the answer's body never ends", async () => {
    const run = await cli(["send", "http://localhost/", "--timeout", "0.2"], {
      fetch: () =>
        Promise.resolve(
          new Response(new ReadableStream({ pull: () => new Promise<void>(() => {}) })),
        ),
    });
    assert.equal(run.code, 1);
    assert.equal(run.err, "Error: no answer from http://localhost/ within 0.2 s (--timeout)\n");
  });

  test("send refuses a --header value with a line break, with exit 2", async () => {
    for (const value of ["x-a:b\nc", "x-a:b\rc", "x-a:b\0c"]) {
      const run = await cli(["send", "http://localhost/", "--header", value]);
      assert.equal(run.code, 2);
      assert.match(run.err, /^Error: --header x-a: the value holds a line break\n/);
    }
  });

  test("send escapes the webhook's error and issues, so that they cannot forge a line", async () => {
    const refused = await cli(["send", "http://localhost/"], {
      fetch: () => Promise.resolve(Response.json({ error: "Bad\n\u001b[31mred" }, { status: 400 })),
    });
    assert.equal(refused.code, 1);
    assert.equal(
      refused.err,
      "Error: the webhook refused the request with 400: Bad\\n\\u001b[31mred\n",
    );
    const failed = await cli(["send", "http://localhost/"], {
      fetch: () =>
        Promise.resolve(
          Response.json({ error: "Invalid response", issues: ["a\nError: forged"] }, {
            status: 500,
          }),
        ),
    });
    assert.equal(
      failed.err,
      "Error: the webhook failed with 500: Invalid response\n  - a\\nError: forged\n",
    );
  });

  test("send signs and sends the headers as before: --header over the defaults, its Date signed", async () => {
    let seen: Request | undefined;
    let body = "";
    const date = "Wed, 03 Jan 2018 16:58:00 GMT";
    const run = await cli(
      [
        "send",
        "http://localhost/hook",
        "-k",
        KEY,
        "-u",
        "bot:pw",
        "-H",
        `Date: ${date}`,
        "-H",
        "Content-Type: application/json; charset=utf-8",
        "-H",
        "X-Extra: 1",
      ],
      {
        fetch: async (request) => {
          seen = request;
          body = await request.text();
          return Response.json({ actions: [] });
        },
      },
    );
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /^POST http:\/\/localhost\/hook \(signed, Basic auth\)\n/);
    assert.equal(seen?.method, "POST");
    assert.equal(seen?.url, "http://localhost/hook");
    assert.deepEqual([...seen!.headers].sort(), [
      ["authorization", basicAuthorization({ username: "bot", password: "pw" })],
      ["content-type", "application/json; charset=utf-8"],
      ["date", date],
      ["x-extra", "1"],
      ["x-hub-signature", await signature({ privateKey: KEY, date, body })],
    ]);
  });
});

describe("clustaar-webhook sample", () => {
  test("sample prints the notification send posts, with the same edits", async () => {
    let received = "";
    const { app } = webhook({ privateKey: undefined });
    const fetch = async (request: Request) => {
      received = await request.clone().text();
      return app.fetch(request);
    };
    const edits = [
      "--step-id",
      "507f191e810c19729de860ea",
      "--step-name",
      "Welcome",
      "--user-data",
      '{"action":"subscribe"}',
      "--event",
      "signup",
      "--session",
      "plan=pro",
      "--channel",
      "web",
    ];
    const sample = await cli(["sample", ...edits]);
    assert.equal(sample.code, 0, sample.err);
    assert.equal(sample.err, "");
    const printed = JSON.parse(sample.out);
    assert.match(sample.out, /^\{\n {2}"botID": "4321",\n/);
    assert.equal(printed.timestamp, NOW / 1000);
    assert.deepEqual(printed.data.step, {
      actions: [{ type: "pause_bot_action" }],
      id: "507f191e810c19729de860ea",
      name: "Welcome",
      userData: '{"action":"subscribe"}',
    });
    assert.deepEqual(printed.data.input, { type: "custom_event", name: "signup" });
    assert.deepEqual(printed.data.session, { values: { name: "tintin", plan: "pro" } });
    assert.equal(printed.data.channel, "web");

    const sent = await cli(["send", "http://localhost/", ...edits], { fetch });
    assert.equal(sent.code, 0, sent.err);
    assert.deepEqual(JSON.parse(received), printed);
  });

  test("sample edits a --file, warns like send, and reports a bad file with exit 1", async () => {
    const body = fixtureText("notifications/minimal.json");
    const files = { "n.json": body, "b.json": "[1]" };
    const plain = await cli(["sample", "-f", "n.json"], { files });
    assert.equal(plain.code, 0, plain.err);
    assert.deepEqual(JSON.parse(plain.out), JSON.parse(body));
    const edited = await cli(["sample", "-f", "n.json", "--user-data", "vip", "--text", "hi"], {
      files,
    });
    assert.equal(edited.code, 0, edited.err);
    assert.match(edited.err, /^Warning: --user-data is not a JSON object/);
    const json = JSON.parse(edited.out);
    assert.equal(json.data.step.userData, "vip");
    assert.deepEqual(json.data.input, { type: "message", text: "hi", attachments: [] });
    const bad = await cli(["sample", "-f", "b.json"], { files });
    assert.equal(bad.code, 1);
    assert.equal(bad.err, "Error: b.json must hold a JSON object\n");
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

  test("sign without a key prints the Date and Content-Type alone, which a webhook without a key accepts", async () => {
    const run = await cli(["sign", "body.json", "--date", date], { files: { "body.json": body } });
    assert.equal(run.code, 0, run.err);
    assert.equal(run.out, `Date: ${date}\nContent-Type: application/json\n`);
    assert.match(run.err, /^Note: no private key .*not signed/);

    const now = await cli(["sign", "n.json"], {
      files: { "n.json": fixtureText("notifications/minimal.json") },
    });
    assert.equal(now.code, 0, now.err);
    const headers = new Headers();
    for (const line of now.out.trimEnd().split("\n")) {
      const colon = line.indexOf(": ");
      headers.set(line.slice(0, colon), line.slice(colon + 2));
    }
    assert.equal(headers.has("x-hub-signature"), false);
    const request = () =>
      new Request("http://localhost/", {
        method: "POST",
        headers,
        body: fixtureText("notifications/minimal.json"),
      });
    const open = new Webhook({ now: () => NOW });
    open.on("conversation.step_reached", () => ({ actions: [] }));
    assert.equal((await open.fetch(request())).status, 200);
    const keyed = new Webhook({ privateKey: KEY, now: () => NOW });
    keyed.on("conversation.step_reached", () => ({ actions: [] }));
    assert.equal((await keyed.fetch(request())).status, 400);
    const later = new Webhook({ now: () => NOW + 11_000 });
    later.on("conversation.step_reached", () => ({ actions: [] }));
    assert.equal((await later.fetch(request())).status, 400);

    const curl = await cli(["sign", "body.json", "--curl", "http://localhost:8000/"], {
      files: { "body.json": body },
    });
    assert.equal(
      curl.out,
      `curl -sS -X POST http://localhost:8000/ -H 'Date: ${date}' ` +
        `-H 'Content-Type: application/json' --data-binary @body.json\n`,
    );
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
      timeout: 60_000,
    }, (error, out, err) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, out: String(out), err: String(err) });
    });
  });
}

for (const [runtime, command] of Object.entries(RUNTIMES)) {
  describe(`clustaar-webhook under ${runtime}`, () => {
    test(`clustaar-webhook send under ${runtime} round-trips with examples/server.ts and reports a valid response`, async () => {
      const server = await startServer(command("examples/server.ts"), secureExampleEnv(KEY));
      try {
        const url = `http://127.0.0.1:${server.port}/`;
        const cliCommand = command("src/cli/mod.ts");
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
        await stop(server);
      }
    });

    test(`clustaar-webhook sample and send under ${runtime} drive examples/routing.ts, a webhook without a key`, async () => {
      const server = await startServer(command("examples/routing.ts"), { PORT: "0" });
      try {
        const url = `http://127.0.0.1:${server.port}/`;
        const cliCommand = command("src/cli/mod.ts");
        const subscribe = ["--user-data", '{"action": "subscribe"}'];
        const sample = await execCli([...cliCommand, "sample", ...subscribe], {});
        assert.equal(sample.code, 0, sample.err);
        assert.equal(JSON.parse(sample.out).data.step.userData, '{"action": "subscribe"}');

        const subscribed = await execCli([...cliCommand, "send", url, ...subscribe], {});
        assert.equal(subscribed.code, 0, subscribed.out + subscribed.err);
        assert.match(subscribed.out, /\(not signed\)/);
        assert.match(subscribed.out, /"You are subscribed!"/);
        assert.match(subscribed.out, /"subscribed": true/);

        const french = await execCli([
          ...cliCommand,
          "send",
          url,
          "--session",
          "lang=fr",
          "--text",
          "hello",
        ], {});
        assert.equal(french.code, 0, french.out + french.err);
        assert.match(french.out, /"Bonjour !"/);

        const stale = await execCli([
          ...cliCommand,
          "send",
          url,
          "-H",
          "Date: Wed, 03 Jan 2018 16:58:29 GMT",
        ], {});
        assert.equal(stale.code, 1);
        assert.equal(
          stale.err,
          "Error: the webhook refused the request with 400: Request is too old\n",
        );
      } finally {
        await stop(server);
      }
    });
  });
}
