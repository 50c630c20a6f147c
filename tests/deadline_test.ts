// The handler deadline (`timeout`, `onTimeout`): edge cases. Handlers wait on
// gates the tests open, never on guessed durations; only the deadline itself
// is a (short) timer.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { type IncomingNotification, type StepReachedResponse, Webhook } from "../mod.ts";
import { fixtureText, json, notificationFor, signedRequest } from "./_helpers.ts";

const STEP = "conversation.step_reached";
const TIMEOUT = 15;

/** A promise and its resolver. */
function gate<T = void>(): {
  promise: Promise<T>;
  open: (value: T) => void;
  fail: (error: unknown) => void;
} {
  let open!: (value: T) => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => ((open = resolve), (fail = reject)));
  return { promise, open, fail };
}

/** Collects onError calls and lets a test wait for the n-th. */
function errorLog() {
  const errors: unknown[] = [];
  const waiters: Array<[number, () => void]> = [];
  return {
    errors,
    onError: (error: unknown) => {
      errors.push(error);
      for (const [count, wake] of waiters) if (errors.length >= count) wake();
    },
    until: (count: number) =>
      new Promise<void>((resolve) =>
        errors.length >= count ? resolve() : waiters.push([count, resolve])
      ),
  };
}

type Step = { step: { actions: unknown[] }; session: { values: Record<string, unknown> } };

describe("Webhook deadline edge cases", () => {
  test("Webhook.fetch() answers 504 with a JSON error when onTimeout throws, and reports both failures", async () => {
    const log = errorLog();
    const late = gate<{ actions: [] }>();
    const app = new Webhook({
      timeout: TIMEOUT,
      onError: log.onError,
      onTimeout: () => {
        throw new Error("fallback broken");
      },
    });
    app.on(STEP, () => late.promise);
    const response = await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.equal(response.status, 504);
    assert.deepEqual(await json(response), { error: "The webhook did not answer in time" });
    assert.match(String(log.errors[0]), /missed the deadline/);
    assert.match(String(log.errors[1]), /fallback broken/);
    late.open({ actions: [] });
    await log.until(3);
    assert.match(String(log.errors[2]), /Late handler result discarded/);
  });

  test("Webhook.fetch() answers 504 when an async onTimeout rejects", async () => {
    const late = gate<{ actions: [] }>();
    const app = new Webhook({
      timeout: TIMEOUT,
      onError: () => {},
      onTimeout: () => Promise.reject(new Error("no")),
    });
    app.on(STEP, () => late.promise);
    assert.equal((await app.fetch(await signedRequest({ body: notificationFor() }))).status, 504);
    late.open({ actions: [] });
  });

  test("Webhook.fetch() answers 504 when onTimeout itself misses the deadline, and reports it", async () => {
    const log = errorLog();
    const late = gate<{ actions: [] }>();
    const lateFallback = gate<{ actions: [] }>();
    const app = new Webhook({
      timeout: TIMEOUT,
      onError: log.onError,
      onTimeout: () => lateFallback.promise,
    });
    app.on(STEP, () => late.promise);
    const response = await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.equal(response.status, 504);
    assert.deepEqual(await json(response), { error: "The webhook did not answer in time" });
    assert.match(String(log.errors[0]), /Handler missed the deadline/);
    assert.match(String(log.errors[1]), new RegExp(`onTimeout missed the deadline.*${TIMEOUT} ms`));
    lateFallback.open({ actions: [] });
    late.open({ actions: [] });
    await log.until(3);
    assert.match(String(log.errors[2]), /Late handler result discarded/);
  });

  test("Webhook.fetch() reports a handler that rejects after the deadline, without an unhandled rejection", async () => {
    const log = errorLog();
    const late = gate<{ actions: [] }>();
    const app = new Webhook({ timeout: TIMEOUT, onError: log.onError });
    app.on(STEP, () => late.promise);
    const response = await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.equal(response.status, 504);
    late.fail(new Error("database down, too late"));
    await log.until(2);
    assert.match(String(log.errors[1]), /database down, too late/);
  });

  test("Webhook.fetch() answers 500 when the handler rejects before the deadline", async () => {
    const log = errorLog();
    const app = new Webhook({
      timeout: 10_000,
      onError: log.onError,
      onTimeout: () => ({ actions: [] }),
    });
    app.on(STEP, () => Promise.reject(new Error("early failure")));
    const response = await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.equal(response.status, 500);
    assert.equal(log.errors.length, 1);
  });

  test("Webhook.fetch() sends a synchronous handler's answer even when it ran past the deadline", async () => {
    const log = errorLog();
    const app = new Webhook({
      timeout: 1,
      onError: log.onError,
      onTimeout: () => ({ actions: [{ type: "pause_bot_action" }] }),
    });
    app.on(STEP, () => {
      const until = Date.now() + 20; // Blocks the thread: no timer can fire meanwhile.
      while (Date.now() < until) { /* busy */ }
      return { actions: [] };
    });
    const response = await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.equal(response.status, 200);
    assert.deepEqual(await json(response), { actions: [] });
    assert.equal(log.errors.length, 0);
  });

  test("Webhook.fetch() sends the fallback with status 200 and no header set by the late handler", async () => {
    const late = gate<{ actions: [] }>();
    const app = new Webhook({
      timeout: TIMEOUT,
      onError: () => {},
      onTimeout: () => ({ actions: [] }),
    });
    app.on(STEP, async (_request, response) => {
      response.status = 418;
      response.headers.set("x-half-done", "yes");
      return await late.promise;
    });
    const response = await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("x-half-done"), null);
    assert.deepEqual(await json(response), { actions: [] });
    late.open({ actions: [] });
  });

  test("Webhook.fetch() gives onTimeout the notification as it arrived, not as the late handler changed it", async () => {
    const late = gate<{ actions: [] }>();
    let seen: IncomingNotification | undefined;
    const app = new Webhook({
      timeout: TIMEOUT,
      onError: () => {},
      onTimeout: (notification) => {
        seen = notification;
        const event = notification.event as Step;
        return { actions: event.step.actions, session: event.session };
      },
    });
    app.on(STEP, async (_request, _response, notification) => {
      notification.event.session.values["half"] = "written";
      notification.event.step.actions.length = 0;
      return await late.promise;
    });
    const response = await app.fetch(
      await signedRequest({ body: fixtureText("notifications/full.json") }),
    );
    assert.deepEqual(await json(response), {
      actions: [{ type: "pause_bot_action" }],
      session: { values: { name: "tintin" } },
    });
    assert.equal(seen?.topic, STEP);
    assert.equal(seen?.botID, "4321");
    late.open({ actions: [] });
  });

  test("Webhook.fetch() sends a Response returned by onTimeout as is", async () => {
    const late = gate<{ actions: [] }>();
    const app = new Webhook({
      timeout: TIMEOUT,
      onError: () => {},
      onTimeout: () => new Response("busy", { status: 503, headers: { "retry-after": "1" } }),
    });
    app.on(STEP, () => late.promise);
    const response = await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.equal(response.status, 503);
    assert.equal(response.headers.get("retry-after"), "1");
    assert.equal(await response.text(), "busy");
    late.open({ actions: [] });
  });

  test("Webhook.fetch() awaits an async onTimeout and keeps the late result out of the answer", async () => {
    const log = errorLog();
    const late = gate<StepReachedResponse>();
    const app = new Webhook({
      timeout: TIMEOUT,
      onError: log.onError,
      onTimeout: async () => {
        await Promise.resolve();
        return { actions: [{ type: "pause_bot_action" }] };
      },
    });
    app.on(STEP, () => late.promise);
    const response = await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.deepEqual(await json(response), { actions: [{ type: "pause_bot_action" }] });
    late.open({ actions: [{ type: "send_text_action", alternatives: ["too late"] }] });
    await log.until(2);
    assert.match(String(log.errors[1]), /Late handler result discarded/);
  });

  test("Webhook.fetch() applies the deadline to a handler returning a thenable", async () => {
    const app = new Webhook({ timeout: TIMEOUT, onError: () => {} });
    app.on(STEP, () => ({ then: () => {} }) as unknown as Promise<{ actions: [] }>);
    assert.equal((await app.fetch(await signedRequest({ body: notificationFor() }))).status, 504);
    const prompt = new Webhook();
    prompt.on(
      STEP,
      () =>
        ({
          then: (resolve: (v: unknown) => void) => resolve({ actions: [] }),
        }) as unknown as Promise<{ actions: [] }>,
    );
    const response = await prompt.fetch(await signedRequest({ body: notificationFor() }));
    assert.deepEqual(await json(response), { actions: [] });
  });

  test("Webhook.fetch() serves the next requests normally after a missed deadline", async () => {
    const late = gate<{ actions: [] }>();
    let slow = true;
    const app = new Webhook({ timeout: TIMEOUT, onError: () => {} });
    app.on(STEP, () => slow ? late.promise : Promise.resolve({ actions: [] }));
    assert.equal((await app.fetch(await signedRequest({ body: notificationFor() }))).status, 504);
    slow = false;
    assert.equal((await app.fetch(await signedRequest({ body: notificationFor() }))).status, 200);
    late.open({ actions: [] });
  });

  test("new Webhook() refuses a timeout that is not a positive finite number", () => {
    for (
      const timeout of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, "10" as unknown as number]
    ) {
      assert.throws(() => new Webhook({ timeout }), RangeError, String(timeout));
    }
  });
});

describe("Webhook deadline over asynchronous filters", () => {
  test("Webhook.fetch() answers 504 when an async filter never answers, reports it, and never runs the handler", async () => {
    const log = errorLog();
    let ran = false;
    const app = new Webhook({ timeout: TIMEOUT, onError: log.onError });
    app.on(STEP, () => {
      ran = true;
      return { actions: [] };
    }, () => new Promise<boolean>(() => {}));
    const response = await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.equal(response.status, 504);
    assert.deepEqual(await json(response), { error: "The webhook did not answer in time" });
    assert.equal(log.errors.length, 1);
    assert.equal((log.errors[0] as Error).name, "TimeoutError");
    assert.match(
      String(log.errors[0]),
      /A filter missed the deadline: routing took more than 15 ms/,
    );
    assert.equal(ran, false);
  });

  test("Webhook.fetch() sends onTimeout's answer when the filters miss the deadline", async () => {
    const app = new Webhook({
      timeout: TIMEOUT,
      onError: () => {},
      onTimeout: (notification) => ({
        actions: [],
        session: { values: { topic: notification.topic } },
      }),
    });
    app.on(STEP, () => ({ actions: [] }), () => new Promise<boolean>(() => {}));
    const response = await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.equal(response.status, 200);
    assert.deepEqual(await json(response), { actions: [], session: { values: { topic: STEP } } });
  });

  test("Webhook.fetch() does not start the handler once a late filter accepts, and reports nothing more", async () => {
    const log = errorLog();
    const filter = gate<boolean>();
    let ran = false;
    const app = new Webhook({ timeout: TIMEOUT, onError: log.onError });
    app.on(STEP, () => {
      ran = true;
      return { actions: [] };
    }, () => filter.promise);
    assert.equal((await app.fetch(await signedRequest({ body: notificationFor() }))).status, 504);
    filter.open(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(ran, false);
    assert.equal(log.errors.length, 1);
  });

  test("Webhook.fetch() gives the filters and the handler one deadline together", async () => {
    const log = errorLog();
    const handler = gate<{ actions: [] }>();
    const app = new Webhook({ timeout: TIMEOUT, onError: log.onError });
    app.on(STEP, () => handler.promise, () => Promise.resolve(true));
    const response = await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.equal(response.status, 504);
    assert.match(String(log.errors[0]), /Handler missed the deadline/);
    handler.open({ actions: [] });
    await log.until(2);
    assert.match(String(log.errors[1]), /Late handler result discarded/);
  });

  test("Webhook.fetch() answers 500 when an async filter rejects within the deadline", async () => {
    const log = errorLog();
    const app = new Webhook({ timeout: 10_000, onError: log.onError });
    app.on(STEP, () => ({ actions: [] }), () => Promise.reject(new Error("lookup failed")));
    const response = await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.equal(response.status, 500);
    assert.match(String(log.errors[0]), /lookup failed/);
  });

  test("Webhook.fetch() answers 404 when late-answering filters decline within the deadline", async () => {
    const app = new Webhook({ timeout: 10_000, logger: null });
    app.on(STEP, () => ({ actions: [] }), () => Promise.resolve(false));
    const response = await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.equal(response.status, 404);
  });
});

describe("Webhook.explain() under timeout", () => {
  test("Webhook.explain() rejects with a TimeoutError when a filter outlasts the timeout", async () => {
    const app = new Webhook({ timeout: 20 });
    app.on(STEP, () => ({ actions: [] }), () => new Promise<boolean>(() => {}));
    await assert.rejects(app.explain(JSON.parse(notificationFor())), {
      name: "TimeoutError",
      message: "Cannot explain the route: the filters took more than 20 ms",
    });
  });

  test("Webhook.explain() answers within the timeout as without one", async () => {
    const app = new Webhook({ timeout: 1_000 });
    app.on(STEP, function declined() {
      return { actions: [] };
    }, () => Promise.resolve(false));
    app.on(STEP, function answers() {
      return { actions: [] };
    });
    const explanation = await app.explain(JSON.parse(notificationFor()));
    assert.equal(explanation.route?.handler, "answers");
    assert.equal(explanation.declined[0]?.route.handler, "declined");
  });
});
