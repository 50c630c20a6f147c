// The testing kit (@clustaar/webhook/testing): sample notifications, signed
// requests checked against the platform's signature fixtures, running a
// handler without HTTP, and the manual clock driving freshness and replays.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as v from "valibot";
import { type RejectReason, SendTextAction, StepReachedResponse, Webhook } from "../mod.ts";
import { NotificationSchema, parseNotification } from "../src/models/mod.ts";
import {
  basicAuthorization,
  createClock,
  createNotification,
  createSignedRequest,
  runHandler,
  signature,
} from "../src/testing/mod.ts";
import { fixture, signatureCases } from "./_helpers.ts";

const SIGNATURES = signatureCases();
const STEP = "507f191e810c19729de860ea";

describe("createNotification()", () => {
  test("createNotification() without overrides equals the platform's full example", () => {
    assert.deepEqual(createNotification(), fixture("notifications/full.json"));
  });

  test("createNotification() is valid for the strict schema and the webhook's lenient check", () => {
    assert.equal(v.is(NotificationSchema, createNotification()), true);
    assert.equal(parseNotification(createNotification()).success, true);
  });

  test("createNotification() merges deep overrides and keeps the other keys", () => {
    const n = createNotification({
      botID: "bot-2",
      data: {
        step: { id: STEP },
        session: { values: { plan: "pro" } },
        interlocutor: { firstName: "Milou" },
      },
    });
    assert.equal(n.botID, "bot-2");
    assert.equal(n.data.step.id, STEP);
    assert.equal(n.data.step.name, "A step");
    assert.deepEqual(n.data.step.actions, [{ type: "pause_bot_action" }]);
    assert.deepEqual(n.data.session.values, { name: "tintin", plan: "pro" });
    assert.equal(n.data.interlocutor.firstName, "Milou");
    assert.equal(n.data.interlocutor.email, "tintin@moulinsart.fr");
  });

  test("createNotification() replaces arrays and removes keys overridden with undefined", () => {
    const n = createNotification({
      type: undefined,
      data: { input: undefined, step: { actions: [SendTextAction({ alternatives: ["hi"] })] } },
    });
    assert.equal("type" in n, false);
    assert.equal("input" in n.data, false);
    assert.deepEqual(n.data.step.actions, [{ type: "send_text_action", alternatives: ["hi"] }]);
    assert.equal(parseNotification(n).success, true);
  });

  test("createNotification() replaces an object whose type changes instead of merging it", () => {
    const n = createNotification({
      data: { input: { type: "message", text: "hi", attachments: [] } },
    });
    assert.deepEqual(n.data.input, { type: "message", text: "hi", attachments: [] });
    const same = createNotification({ data: { input: { type: "custom_event", name: "other" } } });
    assert.deepEqual(same.data.input, { type: "custom_event", name: "other" });
  });

  test("createNotification() returns new objects on every call", () => {
    const a = createNotification();
    a.data.session.values.name = "changed";
    assert.equal(createNotification().data.session.values.name, "tintin");
  });

  test("createNotification() ignores __proto__ in overrides", () => {
    const overrides = JSON.parse(
      '{"__proto__": {"polluted": true}, "data": {"__proto__": {"x": 1}}}',
    );
    const n = createNotification(overrides);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((n as unknown as Record<string, unknown>).polluted, undefined);
  });

  test("createNotification() refuses overrides that are not an object", () => {
    assert.throws(() => createNotification([] as never), TypeError);
  });
});

describe("signature()", () => {
  for (const [index, c] of SIGNATURES.entries()) {
    if (c.header === null) continue;
    test(`signature() ${c.valid ? "matches" : "differs from"} fixture ${index} (${c.name})`, async () => {
      const computed = await signature({ privateKey: c.privateKey, date: c.date, body: c.body });
      assert.equal(computed === c.header, c.valid);
    });
  }
});

describe("createSignedRequest()", () => {
  for (const [index, c] of SIGNATURES.entries()) {
    if (!c.valid) continue;
    test(`createSignedRequest() signs fixture ${index} as the platform and the webhook accepts it`, async () => {
      const request = await createSignedRequest({
        body: c.body,
        privateKey: c.privateKey,
        date: c.date,
      });
      assert.equal(request.headers.get("x-hub-signature"), c.header);
      assert.equal(request.headers.get("date"), c.date);
      assert.equal(await request.clone().text(), c.body);
      const reasons: RejectReason[] = [];
      const app = new Webhook({
        privateKey: c.privateKey,
        requestMaxAge: null,
        onReject: ({ reason }) => reasons.push(reason),
      });
      await app.fetch(request);
      assert.equal(reasons.includes("signature"), false);
    });
  }

  test("createSignedRequest() sends the sample notification as JSON with a current Date by default", async () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const request = await createSignedRequest();
    assert.equal(request.method, "POST");
    assert.equal(request.url, "http://localhost/");
    assert.equal(request.headers.get("content-type"), "application/json");
    assert.equal(request.headers.has("x-hub-signature"), false);
    assert.equal(request.headers.has("authorization"), false);
    assert.ok(Date.parse(request.headers.get("date")!) >= before);
    assert.deepEqual(await request.json(), createNotification());
  });

  test("createSignedRequest() adds Basic credentials, formats dates and applies extra headers", async () => {
    const request = await createSignedRequest({
      notification: { hello: "wörld" },
      auth: { username: "bot", password: "p:w" },
      date: 0,
      url: "https://example.com/hook?x=1",
      headers: { "x-extra": "1" },
    });
    assert.equal(
      request.headers.get("authorization"),
      basicAuthorization({ username: "bot", password: "p:w" }),
    );
    assert.equal(request.headers.get("authorization"), `Basic ${btoa("bot:p:w")}`);
    assert.equal(request.headers.get("date"), "Thu, 01 Jan 1970 00:00:00 GMT");
    assert.equal(request.headers.get("x-extra"), "1");
    assert.equal(request.url, "https://example.com/hook?x=1");
    assert.deepEqual(await request.json(), { hello: "wörld" });
  });

  test("createSignedRequest() can omit the Date header", async () => {
    const request = await createSignedRequest({ date: null, privateKey: "k" });
    assert.equal(request.headers.has("date"), false);
    assert.equal(
      request.headers.get("x-hub-signature"),
      await signature({ privateKey: "k", date: null, body: JSON.stringify(createNotification()) }),
    );
  });

  test("createSignedRequest({ date: null }) signs over date=None, as the platform, and the webhook accepts it", async () => {
    const body = '{"topic":"conversation.step_reached"}';
    const request = await createSignedRequest({ date: null, privateKey: "XXXXXXXXXX", body });
    // Computed with Python's hmac over "date=None\n" + body.
    assert.equal(
      request.headers.get("x-hub-signature"),
      "sha1=e3008181a21e89c28d0d27d124c77aaf58e260d7",
    );
    const app = new Webhook({ privateKey: "k", requestMaxAge: null });
    app.on("conversation.step_reached", () => ({ actions: [] }));
    const response = await app.fetch(await createSignedRequest({ date: null, privateKey: "k" }));
    assert.equal(response.status, 200);
  });

  test("createSignedRequest() refuses both a notification and a body", async () => {
    await assert.rejects(createSignedRequest({ notification: {}, body: "{}" }), TypeError);
  });

  test("createSignedRequest() requests pass every check of a fully configured webhook", async () => {
    const app = new Webhook({ privateKey: "secret", authUsername: "bot", authPassword: "p:w" });
    app.on("conversation.step_reached", (_request, _response, n) => ({
      actions: [SendTextAction({ alternatives: [n.event.step.id] })],
    }));
    const response = await app.fetch(
      await createSignedRequest({
        notification: createNotification({ data: { step: { id: STEP } } }),
        privateKey: "secret",
        auth: { username: "bot", password: "p:w" },
      }),
    );
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      actions: [{ type: "send_text_action", alternatives: [STEP] }],
    });
  });
});

describe("runHandler()", () => {
  test("runHandler() gives the handler's answer and a valid verdict", async () => {
    const result = await runHandler((_request, response, notification) => {
      response.headers.set("x-handled", "yes");
      const values = notification.event.session.values;
      return StepReachedResponse({
        actions: [SendTextAction({ alternatives: [`Hi ${values.name}`] })],
        session: { values: { ...values, seen: true } },
      });
    }, {
      notification: createNotification({ data: { session: { values: { name: "Haddock" } } } }),
    });
    assert.equal(result.valid, true, result.errors.join("\n"));
    assert.equal(result.status, 200);
    assert.equal(result.headers.get("x-handled"), "yes");
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.body, {
      actions: [{ type: "send_text_action", alternatives: ["Hi Haddock"] }],
      session: { values: { name: "Haddock", seen: true } },
    });
  });

  test("runHandler() reports invalid answers with their paths", async () => {
    const result = await runHandler(() => ({
      actions: [SendTextAction({ alternatives: [] }), { type: "no_such_action" } as never],
    }));
    assert.equal(result.valid, false);
    assert.equal(result.issues.length, result.errors.length);
    assert.ok(
      result.errors.some((line) => line.startsWith("actions.0.alternatives: ")),
      result.errors.join("\n"),
    );
    assert.ok(result.errors.some((line) => line.startsWith("actions.1")), result.errors.join("\n"));
  });

  test("runHandler() accepts echoed step actions of unknown types, as the webhook does", async () => {
    const notification = createNotification({
      data: { step: { actions: [{ type: "future_action", x: 1 } as never] } },
    });
    const echo = await runHandler((_r, _s, n) => ({ actions: n.event.step.actions }), {
      notification,
    });
    assert.equal(echo.valid, true, echo.errors.join("\n"));
    const copy = await runHandler(() => ({ actions: [{ type: "future_action", x: 1 } as never] }), {
      notification,
    });
    assert.equal(copy.valid, false);
  });

  test("runHandler() gives the handler a fresh copy of the notification", async () => {
    const notification = createNotification();
    await runHandler((_r, _s, n) => {
      n.event.session.values.name = "changed";
      assert.equal(n.topic, "conversation.step_reached");
      assert.equal(n.botID, "4321");
      assert.equal(n.timestamp, 1514998709);
      return { actions: [] };
    }, { notification });
    assert.equal(notification.data.session.values.name, "tintin");
  });

  test("runHandler() reads a returned Response and judges its status and JSON body", async () => {
    const ok = await runHandler(() => Response.json({ actions: [] }, { status: 200 }));
    assert.equal(ok.valid, true);
    assert.deepEqual(ok.body, { actions: [] });
    const refused = await runHandler(() => Response.json({ actions: [] }, { status: 418 }));
    assert.equal(refused.valid, false);
    assert.deepEqual(refused.errors, ["expected a 2xx status"]);
    const text = await runHandler(() => new Response("ok"));
    assert.equal(text.valid, false);
    assert.equal(text.body, "ok");
    assert.deepEqual(text.errors, ["expected a JSON body"]);
  });

  test("runHandler() lets a handler's error through", async () => {
    await assert.rejects(
      runHandler(() => {
        throw new RangeError("boom");
      }),
      RangeError,
    );
  });

  test("runHandler() refuses a notification the webhook would refuse", async () => {
    await assert.rejects(
      runHandler(() => ({ actions: [] }), { notification: { topic: 1 } }),
      TypeError,
    );
  });
});

describe("createClock()", () => {
  test("createClock() starts at the sample's timestamp and moves only when told", () => {
    const clock = createClock();
    assert.equal(clock.now(), 1514998709_000);
    assert.equal(clock.httpDate(), "Wed, 03 Jan 2018 16:58:29 GMT");
    clock.advance(1500);
    assert.equal(clock.now(), 1514998710_500);
    clock.set("Thu, 01 Jan 1970 00:00:10 GMT");
    assert.equal(clock.now(), 10_000);
    assert.throws(() => clock.set("not a date"), RangeError);
    assert.throws(() => clock.advance(Number.NaN), RangeError);
  });

  test("Webhook with a test clock refuses stale and future dates without waiting", async () => {
    const clock = createClock();
    const reasons: RejectReason[] = [];
    const app = new Webhook({
      privateKey: "k",
      requestMaxAge: 10,
      now: clock.now,
      onReject: ({ reason }) => reasons.push(reason),
    });
    app.on("conversation.step_reached", () => ({ actions: [] }));
    const date = clock.httpDate();
    clock.advance(10_000);
    assert.equal(
      (await app.fetch(await createSignedRequest({ privateKey: "k", date }))).status,
      200,
    );
    clock.advance(1_000);
    const old = await app.fetch(
      await createSignedRequest({ privateKey: "k", date, notification: { a: 1 } }),
    );
    assert.equal(old.status, 400);
    const future = await app.fetch(
      await createSignedRequest({ privateKey: "k", date: clock.now() + 11_000 }),
    );
    assert.equal(future.status, 400);
    assert.deepEqual(reasons, ["stale", "stale"]);
  });

  test("Webhook with a test clock refuses a replay within the window and forgets it after", async () => {
    const clock = createClock();
    const reasons: RejectReason[] = [];
    const app = new Webhook({
      privateKey: "k",
      now: clock.now,
      onReject: ({ reason }) => reasons.push(reason),
    });
    app.on("conversation.step_reached", () => ({ actions: [] }));
    const request = await createSignedRequest({ privateKey: "k", date: clock.now() });
    assert.equal((await app.fetch(request.clone())).status, 200);
    clock.advance(5_000);
    const replay = await app.fetch(request.clone());
    assert.equal(replay.status, 409);
    assert.deepEqual(await replay.json(), { error: "Request was already received" });
    clock.advance(6_000);
    assert.equal((await app.fetch(request.clone())).status, 400); // now stale, not a replay
    assert.deepEqual(reasons, ["replay", "stale"]);
  });
});
