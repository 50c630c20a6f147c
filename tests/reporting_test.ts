// What the webhook says about requests: refusals are one line each through
// the logger (unless onReject or logger: null), failures one line of their
// own kind (unless onError), unknown topics a warning at registration; and
// nothing from the request reaches a message or a line raw: control
// characters (newlines, ESC) are escaped and the text capped.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { type Logger, type ReplayStore, Webhook, type WebhookOptions } from "../mod.ts";
import { escapeControls, escapeText, quote } from "../src/_text.ts";
import { createClock } from "../src/testing/mod.ts";
import { json, notificationFor, signedRequest } from "./_helpers.ts";

const STEP = "conversation.step_reached";
const NASTY = "step\n\u001b[31mINJECTED\u001b[0m\r\u2028\u202e\u0085";

/** A logger that keeps its lines by level. */
function recorder(): Logger & { warnings: string[]; errors: string[]; lines: () => string[] } {
  const warnings: string[] = [];
  const errors: string[] = [];
  return {
    warnings,
    errors,
    warn: (line) => void warnings.push(line),
    error: (line) => void errors.push(line),
    lines: () => [...warnings, ...errors],
  };
}

/** Asserts that `text` holds no control character, C1 control or bidi override. */
function assertClean(text: string): void {
  // deno-lint-ignore no-control-regex
  assert.doesNotMatch(text, /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/, text);
}

function body(topic: string, data: Record<string, unknown> = { type: "x" }): string {
  return JSON.stringify({ topic, data });
}

describe("escaping request text", () => {
  test("quote() escapes control characters, ESC, C1, bidi and line separators, and caps the length", () => {
    assert.equal(quote('a"b\\c'), '"a\\"b\\\\c"');
    const quoted = quote(NASTY);
    assertClean(quoted);
    assert.match(quoted, /\\n\\u001b\[31mINJECTED\\u001b\[0m\\r\\u2028\\u202e\\u0085/);
    assert.equal(quote("x".repeat(500)), `"${"x".repeat(100)}…"`);
    assert.equal(escapeText("x".repeat(500), 10), `${"x".repeat(10)}…`);
    // A cut never splits a surrogate pair.
    assert.equal(quote(`${"x".repeat(99)}😀y`), `"${"x".repeat(99)}…"`);
  });

  test("escapeControls() escapes what quote() escapes but leaves quotes and backslashes to be read", () => {
    const escaped = escapeControls(`say "yes" \\ ${NASTY}`);
    assertClean(escaped);
    assert.equal(escaped, `say "yes" \\ ${quote(NASTY).slice(1, -1)}`);
    assert.equal(escapeControls("x".repeat(500), 10), `${"x".repeat(10)}…`);
  });

  test("Webhook.fetch() escapes and caps the topic in the 404 and in onReject's message", async () => {
    const messages: string[] = [];
    const app = new Webhook({ onReject: ({ message }) => void messages.push(message) });
    app.on(STEP, () => ({ actions: [] }));
    const topic = `${NASTY}${"y".repeat(300)}`;
    const response = await app.fetch(await signedRequest({ body: body(topic) }));
    assert.equal(response.status, 404);
    const { error } = await json(response) as { error: string };
    assertClean(error);
    assert.ok(error.length < 200, error);
    assert.match(error, /^No route for topic "step\\n\\u001b\[31mINJECTED/);
    assert.deepEqual(messages, [error]);
  });

  test("Webhook.fetch() lists at most 10 issues of an invalid notification, then how many more", async () => {
    const notification = JSON.parse(notificationFor()) as {
      data: { step: { actions: unknown[] } };
    };
    notification.data.step.actions = Array.from({ length: 30 }, () => NASTY);
    const app = new Webhook({ logger: null });
    app.on(STEP, () => ({ actions: [] }));
    const response = await app.fetch(await signedRequest({ body: JSON.stringify(notification) }));
    assert.equal(response.status, 400);
    const { error } = await json(response) as { error: string };
    assertClean(error);
    assert.match(error, /^Invalid notification: data\.step\.actions\.0: /);
    assert.equal(error.split("; ").length, 11);
    assert.match(error, /; and 20 more$/);
  });

  test("Webhook.fetch() escapes the path and the method in refusal lines", async () => {
    const logger = recorder();
    const app = new Webhook({ logger, path: "/clustaar" });
    await app.fetch(new Request(`http://localhost/a%0A${"b".repeat(300)}`, { method: "POST" }));
    assert.equal(logger.warnings.length, 1);
    assertClean(logger.warnings[0]!);
    assert.match(
      logger.warnings[0]!,
      /^Clustaar webhook: refused POST "\/a%0Ab+…" \(404, no_route\): Not found$/,
    );
  });

  test("the default onError escapes the error's message, which may carry request text", async () => {
    const logger = recorder();
    const app = new Webhook({ logger, requestMaxAge: null });
    app.on(STEP, (_request, _response, notification) => {
      throw new Error(`bad value ${String(notification.event.session.values["x"])}`);
    });
    await app.fetch(await signedRequest({ body: notificationFor("s", { x: NASTY }) }));
    assert.equal(logger.errors.length, 1);
    const [first, ...frames] = logger.errors[0]!.split("\n");
    assertClean(first!);
    assert.match(
      first!,
      /^Clustaar webhook: the handler failed on POST "\/": bad value step\\n\\u001b/,
    );
    assert.ok(
      frames.length > 0 && frames.every((frame) => /^ {4}at /.test(frame)),
      logger.errors[0],
    );
  });
});

describe("refusal lines", () => {
  test("Webhook.fetch() writes one line per refusal through logger.warn: method, path, status, reason, message", async () => {
    const logger = recorder();
    const app = new Webhook({ logger, privateKey: "k" });
    await app.fetch(new Request("http://localhost/x", { method: "GET" }));
    await app.fetch(await signedRequest({ body: notificationFor(), url: "http://localhost/hook" }));
    assert.deepEqual(logger.warnings, [
      'Clustaar webhook: refused GET "/x" (405, method): Method not allowed: use POST',
      'Clustaar webhook: refused POST "/hook" (400, signature): The request\'s signature is missing.',
    ]);
    assert.deepEqual(logger.errors, []);
  });

  test("Webhook.fetch() writes no refusal line when onReject is set, or when logger is null", async () => {
    const logger = recorder();
    const seen: string[] = [];
    const withHook = new Webhook({ logger, onReject: ({ reason }) => void seen.push(reason) });
    await withHook.fetch(new Request("http://localhost/"));
    assert.deepEqual(seen, ["method"]);
    assert.deepEqual(logger.lines(), []);
    const silent = new Webhook({ logger: null });
    assert.equal((await silent.fetch(new Request("http://localhost/"))).status, 405);
  });

  test("Webhook.fetch() writes at most 10 refusal lines a minute, then how many it left out", async () => {
    const logger = recorder();
    const clock = createClock("2026-11-28T12:00:00Z");
    const app = new Webhook({ logger, now: clock.now });
    for (let i = 0; i < 25; i++) await app.fetch(new Request(`http://localhost/${i}`));
    assert.equal(logger.warnings.length, 10);
    clock.advance(60_000);
    await app.fetch(new Request("http://localhost/later"));
    assert.equal(logger.warnings.length, 12);
    assert.equal(
      logger.warnings[10],
      "Clustaar webhook: 15 more refusals were not logged in the minute from 2026-11-28T12:00:00.000Z (at most 10 lines a minute)",
    );
    assert.match(logger.warnings[11]!, /refused GET "\/later"/);
  });

  test("Webhook.fetch() says whether no route exists for the topic or none accepted the notification", async () => {
    const app = new Webhook({ logger: null });
    app.on(STEP, () => ({ actions: [] }), () => false);
    const declined = await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.deepEqual(await json(declined), {
      error: 'No route accepted the notification for topic "conversation.step_reached"',
    });
    const missing = await app.fetch(await signedRequest({ body: body("other.topic") }));
    assert.deepEqual(await json(missing), { error: 'No route for topic "other.topic"' });
  });
});

describe("unknown topics", () => {
  test("Webhook.on() warns about a topic outside events, with the nearest known one", () => {
    const logger = recorder();
    const app = new Webhook({ logger });
    app.on("conversation.step_reachd", () => ({}));
    assert.deepEqual(logger.warnings, [
      'Clustaar webhook: "conversation.step_reachd" is not a topic the platform sends (did you mean "conversation.step_reached"?); if it is meant, list it in the webhook\'s topics option',
    ]);
  });

  test("Webhook.on() registers the topics option's topics, and the platform's, quietly", () => {
    const logger = recorder();
    const app = new Webhook({ logger, topics: ["my.topic"] });
    app.on("my.topic", () => ({}));
    app.on(STEP, () => ({ actions: [] }));
    assert.deepEqual(logger.lines(), []);
    app.on("your.topic", () => ({}));
    assert.equal(logger.warnings.length, 1);
    assert.doesNotMatch(logger.warnings[0]!, /did you mean/);
  });

  test("new Webhook() refuses a topics option that is not a list of names", () => {
    for (const topics of ["my.topic", [""], [1], null]) {
      assert.throws(
        () => new Webhook({ topics: topics as unknown as string[] }),
        /topics must be an array of topic names/,
      );
    }
  });
});

describe("default failure lines", () => {
  async function lines(options: WebhookOptions, handler: () => unknown): Promise<string[]> {
    const logger = recorder();
    const app = new Webhook({ logger, requestMaxAge: null, ...options });
    app.on(STEP, handler as () => { actions: [] });
    await app.fetch(await signedRequest({ body: notificationFor() }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    return logger.errors;
  }

  test("a timeout that onTimeout answered is one line, without a stack, and the late result none", async () => {
    let finish!: (value: unknown) => void;
    const errors = await lines(
      { timeout: 10, onTimeout: () => ({ actions: [] }) },
      () => new Promise((resolve) => (finish = resolve)),
    );
    finish({ actions: [] });
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(errors, [
      'Clustaar webhook: TimeoutError: Handler missed the deadline: it took more than 10 ms; onTimeout answers (POST "/")',
    ]);
  });

  test("a failing replay store is its own line, not a handler failure", async () => {
    const store: ReplayStore = {
      add: () => Promise.reject(new Error("Redis is down")),
    };
    const logger = recorder();
    const app = new Webhook({ logger, privateKey: "k", replayStore: store });
    app.on(STEP, () => ({ actions: [] }));
    const response = await app.fetch(
      await signedRequest({ body: notificationFor(), privateKey: "k" }),
    );
    assert.equal(response.status, 503);
    assert.deepEqual(logger.errors, [
      'Clustaar webhook: the replay store failed; answering 503 on POST "/": Redis is down',
    ]);
  });

  test("an invalid answer is one line with its issues, and a handler's error its message and frames", async () => {
    const invalid = await lines({}, () => ({ actions: [{ type: "wait_action", duration: 99 }] }));
    assert.equal(invalid.length, 1);
    assert.match(
      invalid[0]!,
      /^Clustaar webhook: the handler's answer cannot be sent on POST "\/": ResponseValidationError: Invalid response: actions\.0\.duration/,
    );
    assert.doesNotMatch(invalid[0]!, /\n/);
    const thrown = await lines({}, () => {
      throw new TypeError("oops");
    });
    assert.match(
      thrown[0]!,
      /^Clustaar webhook: the handler failed on POST "\/": TypeError: oops\n {4}at /,
    );
  });

  test("the default lines go to logger.warn when the logger has no error method", async () => {
    const warnings: string[] = [];
    const app = new Webhook({ logger: { warn: (line) => void warnings.push(line) } });
    app.on(STEP, () => {
      throw new Error("boom");
    });
    await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /the handler failed on POST "\/": boom/);
  });

  test("an onReject that throws is a line of its own, and the refusal is still answered", async () => {
    const logger = recorder();
    const app = new Webhook({
      logger,
      onReject: () => {
        throw new Error("onReject broke");
      },
    });
    const response = await app.fetch(new Request("http://localhost/"));
    assert.equal(response.status, 405);
    assert.deepEqual(logger.errors, [
      'Clustaar webhook: onReject failed on GET "/": onReject broke',
    ]);
  });

  test("a handler that fails after its deadline is a line after the deadline's", async () => {
    let fail!: (error: Error) => void;
    const errors = await lines(
      { timeout: 10, onTimeout: () => ({ actions: [] }) },
      () => new Promise((_resolve, reject) => (fail = reject)),
    );
    fail(new Error("too late"));
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(errors.length, 2);
    assert.match(errors[0]!, /^Clustaar webhook: TimeoutError: Handler missed the deadline/);
    assert.equal(
      errors[1],
      'Clustaar webhook: a late handler failed after its deadline on POST "/": too late',
    );
  });

  test("Webhook.fetch() writes at most 60 failure lines a minute, then how many it left out", async () => {
    const logger = recorder();
    const clock = createClock("2026-11-28T12:00:00Z");
    const app = new Webhook({ logger, requestMaxAge: null, now: clock.now });
    app.on(STEP, () => {
      throw new Error("boom");
    });
    for (let i = 0; i < 75; i++) await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.equal(logger.errors.length, 60);
    clock.advance(60_000);
    await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.equal(logger.errors.length, 62);
    assert.equal(
      logger.errors[60],
      "Clustaar webhook: 15 more failures were not logged in the minute from 2026-11-28T12:00:00.000Z (at most 60 lines a minute)",
    );
    assert.match(logger.errors[61]!, /the handler failed on POST "\/": boom/);
  });
});

describe("new Webhook() checks its reporting options", () => {
  test("new Webhook() refuses a logger without warn(), and hooks that are not functions", () => {
    for (const logger of [{}, "console", { warn: "no" }]) {
      assert.throws(() => new Webhook({ logger: logger as never }), {
        name: "TypeError",
        message: "Cannot create the webhook: logger must have a warn(message) method, or be null",
      });
    }
    for (const name of ["onError", "onReject"] as const) {
      assert.throws(() => new Webhook({ [name]: "log" as never }), {
        name: "TypeError",
        message: `Cannot create the webhook: ${name} must be a function`,
      });
    }
  });
});
