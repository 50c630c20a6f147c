// The conversation harness against running webhooks, over real HTTP:
// examples/routing.ts as a process, signed and authenticated as the
// platform would, and servers that refuse, fail, answer no JSON, are down
// or do not answer in time.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { events, StepName, Webhook } from "../mod.ts";
import { ConversationError, createConversation, signature } from "../src/testing/mod.ts";
import routingBot from "../examples/routing.bot.json" with { type: "json" };
import { RUNTIME, RUNTIMES, secureExampleEnv, startServer, stop } from "./_process.ts";
import { echo, newsletterRoundTrip, say, step } from "./_conversation.ts";

const KEY = "conversation-secret";
const AUTH = { username: "bot", password: "p:w" };

describe("createConversation() with a URL", () => {
  test(`a conversation with examples/routing.ts running under ${RUNTIME}, signed and authenticated`, async () => {
    const server = await startServer(
      RUNTIMES[RUNTIME]("examples/routing.ts"),
      secureExampleEnv(KEY),
    );
    let code: number | null;
    try {
      const url = `http://127.0.0.1:${server.port}/`;
      const conversation = createConversation(url, {
        bot: routingBot,
        privateKey: KEY,
        auth: AUTH,
      });
      assert.equal(conversation.target, url);

      const bye = await newsletterRoundTrip(conversation);

      const exchange = bye.exchanges[0]!;
      assert.equal(exchange.request.url, url);
      assert.equal(exchange.status, 200);
      assert.equal(exchange.statusText, "OK");
      assert.equal(exchange.request.headers.Authorization, "Basic Ym90OnA6dw==");
      assert.equal(
        exchange.request.headers["X-Hub-Signature"],
        await signature({
          privateKey: KEY,
          date: exchange.request.headers.Date!,
          body: exchange.request.body,
        }),
      );
      assert.equal(exchange.routing, undefined, "a URL cannot tell its routes");
      assert.match(
        conversation.transcript,
        new RegExp(`^Conversation with the webhook at ${url.replaceAll(".", "\\.")}\n`),
      );

      const unsigned = createConversation(url, { bot: routingBot, auth: AUTH });
      await assert.rejects(unsigned.reach(), {
        name: "ConversationError",
        message:
          /^Turn 1 failed: the webhook refused the notification of step "welcome" with 400: The request's signature is missing\./,
      });
      const stranger = createConversation(url, { bot: routingBot, privateKey: KEY });
      await assert.rejects(stranger.reach(), {
        message:
          /^Turn 1 failed: the webhook refused the notification of step "welcome" with 401: Invalid credentials\n/,
      });
    } finally {
      code = await stop(server);
    }
    assert.equal(code, 0, server.output());
  });

  test("a running webhook that fails, answers no JSON or gives an invalid answer fails the turn clearly", async () => {
    const app = new Webhook({ privateKey: KEY, onError: () => {} });
    app.on(events.CONVERSATION_STEP_REACHED, () => {
      throw new Error("secret detail");
    }, StepName("crash"));
    app.on(events.CONVERSATION_STEP_REACHED, () =>
      new Response("Bad gateway page", {
        headers: { "content-type": "text/plain" },
      }), StepName("text"));
    app.on(
      events.CONVERSATION_STEP_REACHED,
      () => ({ actions: [{ type: "send_txt_action" }] }) as never,
      StepName("invalid"),
    );
    const server = app.serve({ port: 0, hostname: "127.0.0.1" });
    try {
      const conversation = createConversation(`http://127.0.0.1:${server.port}/`, {
        bot: { steps: [step(1, "crash"), step(2, "text"), step(3, "invalid")] },
        privateKey: KEY,
      });
      await assert.rejects(conversation.reach("crash"), (error: unknown) => {
        assert.ok(error instanceof ConversationError);
        assert.match(
          error.message,
          /^Turn 1 failed: the webhook refused the notification of step "crash" with 500: Internal server error\n/,
        );
        assert.equal(error.turn.status, 500);
        assert.equal(error.turn.exchanges[0]!.text, '{"error":"Internal server error"}');
        return true;
      });
      await assert.rejects(conversation.reach("text"), {
        message:
          /^Turn 2 failed: the answer for step "text" is not JSON \(text\/plain\): Bad gateway page\n/,
      });
      await assert.rejects(conversation.reach("invalid"), (error: unknown) => {
        assert.ok(error instanceof ConversationError);
        assert.deepEqual(error.issues, [{
          path: "actions.0.type",
          message: "expected a known type",
        }]);
        assert.match(
          error.message,
          /^Turn 3 failed: the webhook refused to send its answer for step "invalid" \(500\): the answer is invalid:\n {2}- actions\.0\.type: expected a known type\n/,
        );
        return true;
      });
    } finally {
      await server.shutdown();
    }
  });

  test("a webhook that is down fails the turn with the address it could not reach", async () => {
    const server = echo().serve({ port: 0, hostname: "127.0.0.1" });
    const url = `http://127.0.0.1:${server.port}/`;
    await server.shutdown();
    const conversation = createConversation(url, { bot: { steps: [step(1, "a", [say("a")])] } });
    await assert.rejects(conversation.reach("a"), (error: unknown) => {
      assert.ok(error instanceof ConversationError);
      assert.ok(error.message.startsWith(`Turn 1 failed: cannot reach ${url}: `), error.message);
      assert.equal(error.turn.status, undefined);
      assert.equal(error.turn.exchanges[0]!.status, undefined);
      return true;
    });
    assert.match(
      conversation.transcript,
      /step "a": webhook: cannot reach http:\/\/127\.0\.0\.1:\d+\/: .* \(\d+ ms\)\n {2}FAILED: cannot reach/,
    );
  });

  test("a webhook that does not answer in time fails the turn", async () => {
    let release = () => {};
    const app = new Webhook();
    app.on(events.CONVERSATION_STEP_REACHED, () =>
      new Promise((resolve) => {
        release = () => resolve({ actions: [] });
      }));
    const server = app.serve({ port: 0, hostname: "127.0.0.1" });
    try {
      const url = `http://127.0.0.1:${server.port}/`;
      const conversation = createConversation(url, {
        bot: { steps: [step(1, "a")] },
        timeout: 100,
      });
      await assert.rejects(conversation.reach("a"), {
        message: new RegExp(
          `^Turn 1 failed: no answer from ${url.replaceAll(".", "\\.")} within 0\\.1 s\n`,
        ),
      });
    } finally {
      release();
      await server.shutdown();
    }
  });
});
