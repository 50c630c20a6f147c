// The playground (clustaar-webhook dev): its JSON API over one conversation
// with examples/routing.ts in process, what it refuses, "Copy as test" (the
// generated test type-checks and passes under Deno and Bun), and the dev
// command itself, in memory for its errors and as a real process.
// tests/browser/playground.node.mjs drives the page in a real browser.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../src/cli/mod.ts";
import type { CliIO } from "../src/cli/mod.ts";
import { createPlayground, type PlaygroundOptions } from "../src/cli/playground/_server.ts";
import { testCode } from "../src/cli/playground/_test_code.ts";
import { createConversation, type Turn } from "../src/testing/mod.ts";
import app from "../examples/routing.ts";
import routingBot from "../examples/routing.bot.json" with { type: "json" };
import { ROOT } from "./_helpers.ts";
import { RUNTIME, RUNTIMES, startServer } from "./_process.ts";

const HOST = "127.0.0.1:8790";

interface Answer {
  turn?: Turn;
  error?: string;
  code?: string;
  state?: {
    turnCount: number;
    turns?: Turn[];
    session: { values: Record<string, unknown> };
    step?: { name: string };
    bot: { steps: { name: string }[]; start?: string };
  };
}

function playground(overrides: Partial<PlaygroundOptions> = {}) {
  const conversation = createConversation(app, { bot: routingBot });
  const handler = createPlayground({
    conversation,
    target: { kind: "module", label: "examples/routing.ts" },
    botPath: "examples/routing.bot.json",
    signed: false,
    auth: false,
    hosts: new Set([HOST]),
    test: {
      target: { kind: "module", specifier: "../examples/routing.ts" },
      bot: "../examples/routing.bot.json",
      testing: "../src/testing/mod.ts",
    },
    ...overrides,
  });
  const call = async (
    path: string,
    body?: unknown,
    method = body === undefined ? "GET" : "POST",
    headers: Record<string, string> = {},
  ): Promise<{ status: number; answer: Answer; response: Response }> => {
    const response = await handler(
      new Request(`http://${HOST}${path}`, {
        method,
        headers: {
          host: HOST,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    const type = response.headers.get("content-type") ?? "";
    const answer = type.startsWith("application/json") ? await response.clone().json() : {};
    return { status: response.status, answer, response };
  };
  return { call, conversation, handler };
}

describe("the playground's API", () => {
  test("serves the page, its script and its style sheet, with a policy that runs only its own script", async () => {
    const { call } = playground();
    const page = await call("/");
    assert.equal(page.status, 200);
    assert.equal(page.response.headers.get("content-type"), "text/html; charset=utf-8");
    const policy = page.response.headers.get("content-security-policy") ?? "";
    assert.match(policy, /script-src 'self'/);
    assert.match(policy, /default-src 'none'/);
    const html = await page.response.text();
    assert.match(html, /<script type="module" src="\/app.js"><\/script>/);
    assert.doesNotMatch(html, /https?:\/\//, "no CDN, no external font");
    const script = await call("/app.js");
    assert.equal(script.response.headers.get("content-type"), "text/javascript; charset=utf-8");
    assert.ok((await script.response.text()).length > 1000);
    const style = await call("/style.css");
    assert.equal(style.response.headers.get("content-type"), "text/css; charset=utf-8");
    assert.doesNotMatch(await style.response.text(), /@import|url\(http/);
    assert.equal((await call("/nowhere")).status, 404);
  });

  test("plays a conversation: say, click, reach a step of the file or a typed id, with the routes", async () => {
    const { call } = playground();
    const initial = await call("/api/state");
    assert.equal(initial.answer.state?.bot.start, "welcome");
    assert.equal(initial.answer.state?.bot.steps.length, 8);
    assert.deepEqual(initial.answer.state?.turns, []);

    const hello = await call("/api/say", { text: "hello" });
    assert.equal(hello.status, 200);
    assert.deepEqual(hello.answer.turn?.texts, [
      "Hello! We send a newsletter every Monday.",
      "Would you like it?",
    ]);
    assert.equal(hello.answer.turn?.exchanges[0]?.routing?.route?.handler, "fallback");

    const yes = await call("/api/click", { title: "Yes please" });
    assert.deepEqual(yes.answer.turn?.texts, ["You are subscribed!"]);
    const routing = yes.answer.turn?.exchanges[0]?.routing;
    assert.equal(routing?.route?.handler, "subscribe");
    assert.deepEqual(yes.answer.state?.session, { values: { subscribed: true } });

    const about = await call("/api/reach", { step: "about" });
    assert.deepEqual(about.answer.turn?.texts, [
      '<b>Every Monday</b>: the week\'s news in <em>five</em> minutes. <script>alert("gotcha")</script>',
    ]);
    assert.deepEqual(about.answer.turn?.buttons.map((b) => [b.title, b.card]), [
      ["Subscribe", "Issue 42"],
      ["Read it", "Issue 42"],
    ]);
    const read = await call("/api/click", { title: "Read it", card: "Issue 42" });
    assert.deepEqual(read.answer.turn?.events, [
      { type: "open_url", url: "https://example.com/newsletter/42" },
    ]);

    const typed = await call("/api/reach", { step: "5f1c0a0000000000000000ff" });
    assert.equal(typed.answer.turn?.ok, true);
    assert.deepEqual(typed.answer.turn?.user, {
      type: "reach",
      step: { id: "5f1c0a0000000000000000ff", name: "5f1c0a0000000000000000ff", actions: [] },
    });
    assert.equal(typed.answer.state?.step?.name, "5f1c0a0000000000000000ff");

    const all = await call("/api/state");
    assert.equal(all.answer.state?.turns?.length, 5);
    assert.equal(all.answer.state?.turnCount, 5);
  });

  test("says why an act cannot be played, as an error the page shows, and records no turn", async () => {
    const { call } = playground();
    const early = await call("/api/click", { title: "Yes please" });
    assert.equal(early.status, 400);
    assert.equal(early.answer.error, 'Cannot click "Yes please": no answer yet');
    await call("/api/say", { text: "hello" });
    const wrong = await call("/api/click", { title: "Maybe" });
    assert.equal(wrong.status, 400);
    assert.equal(
      wrong.answer.error,
      'Cannot click "Maybe": the last answer has no such button; its buttons: "Yes please", "No thanks", "En français"',
    );
    assert.equal(wrong.answer.state?.turnCount, 1);
    const missing = await call("/api/say", {});
    assert.equal(missing.status, 400);
    assert.equal(missing.answer.error, "text must be a string (got undefined)");
  });

  test("a failed turn comes back as a turn, with its error and the issues by path", async () => {
    const { call } = playground({
      conversation: createConversation("http://127.0.0.1:9/", { bot: routingBot, timeout: 2000 }),
      target: { kind: "url", label: "http://127.0.0.1:9/" },
    });
    const down = await call("/api/say", { text: "hello" });
    assert.equal(down.status, 200);
    assert.equal(down.answer.turn?.ok, false);
    assert.match(down.answer.turn?.error ?? "", /^cannot reach http:\/\/127\.0\.0\.1:9\//);
  });

  test("sets the session and the interlocutor between turns, and refuses invalid ones with the reason", async () => {
    const { call, conversation } = playground();
    const bad = await call("/api/session", { session: { values: [] } }, "PUT");
    assert.equal(bad.status, 400);
    assert.match(bad.answer.error ?? "", /^Cannot set the session: invalid session: values: /);
    const good = await call("/api/session", { session: { values: { lang: "fr" } } }, "PUT");
    assert.equal(good.status, 200);
    assert.deepEqual(good.answer.state?.session, { values: { lang: "fr" } });
    const greeting = await call("/api/say", { text: "bonjour" });
    assert.deepEqual(greeting.answer.turn?.texts, ["Bonjour !"]);

    const badPerson = await call("/api/interlocutor", { interlocutor: { email: 3 } }, "PUT");
    assert.equal(badPerson.status, 400);
    assert.match(
      badPerson.answer.error ?? "",
      /^Cannot set the interlocutor: invalid interlocutor: email/,
    );
    const person = await call(
      "/api/interlocutor",
      { interlocutor: { firstName: "Tintin" } },
      "PUT",
    );
    assert.equal(person.status, 200);
    assert.equal(conversation.interlocutor.firstName, "Tintin");
    assert.equal((await call("/api/session", { session: {} })).status, 405);
  });

  test("restarts: no turns, the bot file's session, and the test starts afresh", async () => {
    const { call } = playground();
    await call("/api/say", { text: "hello" });
    await call("/api/click", { title: "Yes please" });
    const restarted = await call("/api/restart", {});
    assert.equal(restarted.answer.state?.turnCount, 0);
    assert.deepEqual(restarted.answer.state?.session, { values: {} });
    const code = (await call("/api/test")).answer.code ?? "";
    assert.match(code, /: 0 turns with the webhook/);
    assert.doesNotMatch(code, /conversation\.say/);
  });

  test("refuses other hosts (DNS rebinding), other sites' pages, and bodies that are not small JSON", async () => {
    const { call } = playground();
    const rebound = await call("/api/state", undefined, "GET", { host: "evil.example:8790" });
    assert.equal(rebound.status, 403);
    assert.equal(
      rebound.answer.error,
      "Forbidden: the playground does not answer to the host evil.example:8790",
    );
    const page = await call("/", undefined, "GET", { host: "evil.example:8790" });
    assert.equal(page.status, 403);
    const crossSite = await call("/api/say", { text: "x" }, "POST", {
      origin: "http://evil.example",
    });
    assert.equal(crossSite.status, 403);
    assert.equal(crossSite.answer.error, "Forbidden: only the playground's own page may do this");
    const fetchSite = await call("/api/restart", {}, "POST", { "sec-fetch-site": "cross-site" });
    assert.equal(fetchSite.status, 403);
    const sameOrigin = await call("/api/say", { text: "hello" }, "POST", {
      origin: `http://${HOST}`,
      "sec-fetch-site": "same-origin",
    });
    assert.equal(sameOrigin.status, 200);
    const form = await call("/api/say", undefined, "POST", { "content-type": "text/plain" });
    assert.equal(form.status, 415);
    const huge = await call("/api/say", { text: "x".repeat(1_000_001) });
    assert.equal(huge.status, 413);
    const broken = await call("/api/say", undefined, "POST", {
      "content-type": "application/json",
    });
    assert.equal(broken.status, 400);
    assert.equal((await call("/api/state", {}, "POST")).status, 405);
  });

  test("refuses a streamed body over the limit with 413, without waiting for its end", async () => {
    const { handler } = playground();
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const endless = new ReadableStream<Uint8Array>({ pull: (c) => c.enqueue(chunk) });
    const response = await handler(
      new Request(`http://${HOST}/api/say`, {
        method: "POST",
        headers: { host: HOST, "content-type": "application/json" },
        body: endless,
        duplex: "half",
      } as RequestInit),
    );
    assert.equal(response.status, 413);
    assert.deepEqual(await response.json(), { error: "The body is too large" });
  });

  test("refuses to set the session or the interlocutor while a turn is running with 409", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let called!: () => void;
    const calling = new Promise<void>((resolve) => (called = resolve));
    const slow = {
      fetch: async () => {
        called();
        await gate;
        return Response.json({ actions: [] });
      },
    };
    const conversation = createConversation(slow, {
      bot: { steps: [{ id: "a1a1a1a1a1a1a1a1a1a1a1a1", name: "a", actions: [] }] },
    });
    const { call } = playground({ conversation });
    const turn = call("/api/reach", { step: "a" });
    await calling;
    const session = await call("/api/session", { session: { values: { a: 1 } } }, "PUT");
    assert.equal(session.status, 409);
    assert.match(session.answer.error ?? "", /^Cannot set the session: a turn is running/);
    const person = await call("/api/interlocutor", { interlocutor: { firstName: "x" } }, "PUT");
    assert.equal(person.status, 409);
    release();
    assert.equal((await turn).status, 200);
    assert.equal(conversation.turns.length, 1);
    assert.deepEqual(conversation.session, { values: {} });
  });

  test("refuses a bad interlocutor with 400 even when its issue names a key running", async () => {
    const { call } = playground();
    const bad = await call(
      "/api/interlocutor",
      { interlocutor: { customAttributes: { running: 1 } } },
      "PUT",
    );
    assert.equal(bad.status, 400);
    assert.match(bad.answer.error ?? "", /^Cannot set the interlocutor: invalid interlocutor: /);
  });
});

/** Runs a program to its end: its exit status and what it printed. */
function run(program: string, args: string[]): Promise<{ status: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      program,
      args,
      { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ status, out: `${stdout}${stderr}` });
      },
    );
  });
}

describe("Copy as test", () => {
  const scratch = mkdtempSync(join(ROOT, ".playground-test-"));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  test("the conversation so far, as a test that type-checks and passes under Deno and Bun", {
    timeout: 120_000,
  }, async () => {
    const { call } = playground();
    await call("/api/say", { text: "hello" });
    await call("/api/click", { title: "Yes please" });
    await call("/api/session", { session: { values: { subscribed: true, lang: "fr" } } }, "PUT");
    await call("/api/reach", { step: "welcome" });
    await call("/api/reach", { step: "about" });
    const code = (await call("/api/test")).answer.code ?? "";
    assert.match(code, /^\/\/ Recorded in the clustaar-webhook playground: 4 turns/);
    assert.match(code, /import app from "\.\.\/examples\/routing\.ts";/);
    assert.match(code, /const turn2 = await conversation\.click\("Yes please"\);/);
    assert.match(code, /conversation\.session = \{ values: \{ subscribed: true, lang: "fr" \} \};/);
    assert.match(
      code,
      /assert\.deepEqual\(turn3\.texts, \["Bonjour !"\], conversation\.transcript\);/,
    );

    const file = join(scratch, "recorded_test.ts");
    writeFileSync(file, code);
    const deno = join(ROOT, "node_modules/.bin/deno");
    const check = await run(deno, ["check", file]);
    assert.equal(check.status, 0, check.out);
    const denoRun = await run(deno, ["test", "--allow-all", file]);
    assert.equal(denoRun.status, 0, denoRun.out);
    assert.match(denoRun.out, /ok \| 1 passed \| 0 failed/);
    const bunRun = await run(join(ROOT, "node_modules/.bin/bun"), ["test", file]);
    assert.equal(bunRun.status, 0, bunRun.out);
    assert.match(bunRun.out, /\b1 pass\b/);
  });

  test("a failed turn becomes an expected ConversationError; a URL target reads its secrets from the environment", () => {
    const turn = {
      number: 1,
      user: { type: "say", text: "hello" },
      ok: false,
      error: "cannot reach http://127.0.0.1:9/: Connection refused\nmore",
    } as unknown as Turn;
    const code = testCode({
      turns: [turn],
      edits: [],
      target: { kind: "url", url: "http://127.0.0.1:8000/" },
      bot: "./bot.json",
      testing: "jsr:@clustaar/webhook/testing",
      signed: true,
      auth: true,
    });
    assert.equal(
      code,
      [
        "// Recorded in the clustaar-webhook playground: 1 turn with the webhook at http://127.0.0.1:8000/.",
        "// Run it with CLUSTAAR_PRIVATE_KEY, CLUSTAAR_AUTH_USERNAME, CLUSTAAR_AUTH_PASSWORD set as for the playground.",
        "// Start the webhook at http://127.0.0.1:8000/ first.",
        "// Save it in the directory the playground was started in: its imports are relative to it.",
        'import assert from "node:assert/strict";',
        'import process from "node:process";',
        'import { test } from "node:test";',
        'import { createConversation } from "jsr:@clustaar/webhook/testing";',
        'import bot from "./bot.json" with { type: "json" };',
        "",
        'test("the conversation recorded in the playground", async () => {',
        '  const conversation = createConversation("http://127.0.0.1:8000/", {',
        "    bot,",
        "    privateKey: process.env.CLUSTAAR_PRIVATE_KEY,",
        "    auth: {",
        '      username: process.env.CLUSTAAR_AUTH_USERNAME ?? "",',
        '      password: process.env.CLUSTAAR_AUTH_PASSWORD ?? "",',
        "    },",
        "  });",
        "",
        "  // Turn 1 failed: cannot reach http://127.0.0.1:9/: Connection refused",
        '  await assert.rejects(conversation.say("hello"), { name: "ConversationError" });',
        "});",
        "",
      ].join("\n"),
    );
  });
});

/** Runs the CLI in memory, with the real file system. */
async function cli(args: string[], env: Record<string, string> = {}) {
  let out = "";
  let err = "";
  const io: CliIO = {
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    env: (name) => env[name],
    readFile: async (path) => new Uint8Array(await readFile(path)),
  };
  const code = await main(args, io);
  return { code, out, err };
}

describe("clustaar-webhook dev", () => {
  const scratch = mkdtempSync(join(tmpdir(), "clustaar-playground-dev-"));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const mod = new URL("../mod.ts", import.meta.url).href;

  test("dev --help and help dev print the command's help; the tool's help lists it", async () => {
    const help = await cli(["dev", "--help"]);
    assert.equal(help.code, 0);
    assert.match(help.out, /^Usage: clustaar-webhook dev <url \| module> \[options\]/);
    assert.match(help.out, /--host <host>/);
    assert.equal((await cli(["help", "dev"])).out, help.out);
    assert.match(
      (await cli(["help"])).out,
      /dev <url \| module> {5}a web page to talk to the webhook/,
    );
  });

  test("dev says what is wrong with its arguments, the module or the bot file", async () => {
    const none = await cli(["dev"]);
    assert.equal(none.code, 2);
    assert.match(
      none.err,
      /^Error: dev needs the webhook: a URL, or a module whose default export is a Webhook\n/,
    );
    assert.equal((await cli(["dev", "a", "b"])).code, 2);
    const port = await cli(["dev", "http://127.0.0.1:8000/", "--port", "http"]);
    assert.equal(port.code, 2);
    assert.match(port.err, /--port must be an integer from 0 to 65535 \(got http\)/);
    const scheme = await cli(["dev", "ftp://example.com/"]);
    assert.match(scheme.err, /the URL must be http or https: ftp:\/\/example\.com\//);
    const auth = await cli(["dev", "http://127.0.0.1:8000/", "--auth", "nobody"]);
    assert.match(auth.err, /--auth must be user:password/);
    const host = await cli(["dev", "http://127.0.0.1:8000/", "--host", ""]);
    assert.equal(host.code, 2);
    assert.match(host.err, /^Error: --host needs an interface, such as 127\.0\.0\.1\n/);

    const missing = await cli(["dev", join(scratch, "missing.ts")]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /^Error: cannot import .*missing\.ts: /);

    const named = join(scratch, "named.ts");
    writeFileSync(named, `import { Webhook } from "${mod}";\nexport const hook = new Webhook();\n`);
    const notDefault = await cli(["dev", named]);
    assert.equal(notDefault.code, 1);
    assert.match(
      notDefault.err,
      /the default export of .*named\.ts is not a Webhook \(it is undefined\): add "export default hook;" to the module\n$/,
    );
    const other = join(scratch, "other.ts");
    writeFileSync(other, "export default { fetch: () => new Response('ok') };\n");
    const notWebhook = await cli(["dev", other]);
    assert.match(
      notWebhook.err,
      /is not a Webhook \(it is an object with the keys fetch\): export the webhook as the module's default export \(export default app\)/,
    );

    const bot = join(scratch, "bot.json");
    writeFileSync(
      bot,
      JSON.stringify({ steps: [{ id: "a", name: "a", actions: [{ type: "send_text_action" }] }] }),
    );
    const badBot = await cli(["dev", "examples/routing.ts", "--bot", bot]);
    assert.equal(badBot.code, 1);
    assert.match(
      badBot.err,
      /bot\.json: Invalid bot file: steps\.0\.actions\.0\.alternatives: required/,
    );
    writeFileSync(bot, "{ not json");
    assert.match(
      (await cli(["dev", "examples/routing.ts", "--bot", bot])).err,
      /is not valid JSON/,
    );
    const absent = await cli(["dev", "examples/routing.ts", "--bot", join(scratch, "none.json")]);
    assert.match(absent.err, /cannot read the bot file .*none\.json/);
  });

  test(`dev serves the playground for examples/routing.ts under ${RUNTIME}, on 127.0.0.1 only, and stops on SIGTERM`, async () => {
    const command = RUNTIMES[RUNTIME]("src/cli/mod.ts");
    const server = await startServer([...command, "dev", "examples/routing.ts", "--port", "0"], {
      CLUSTAAR_PRIVATE_KEY: "dev-secret",
    });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      assert.match(server.output(), /^Playground: http:\/\/127\.0\.0\.1:\d+\/\n/);
      for (let i = 0; i < 200 && !server.output().includes("Press Ctrl+C"); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50)); // the lines after the first
      }
      assert.match(
        server.output(),
        /\nWebhook: examples\/routing\.ts \(in this process, signed\)\n/,
      );
      assert.match(
        server.output(),
        /\nBot file: examples\/routing\.bot\.json \(8 steps, found next to the module\)\n/,
      );
      const page = await fetch(`${base}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<h2 id="chat-title">Conversation<\/h2>/);
      const turn = await fetch(`${base}/api/say`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: "hello" }),
      });
      const answer = await turn.json() as Answer;
      assert.deepEqual(answer.turn?.texts, [
        "Hello! We send a newsletter every Monday.",
        "Would you like it?",
      ]);
      assert.match(answer.turn?.exchanges[0]?.request.headers["X-Hub-Signature"] ?? "", /^sha1=/);
    } finally {
      process.kill(server.child.pid!, "SIGTERM");
    }
    assert.equal(await server.exited, 0, server.output());
  });
});
