import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { type Rejection, SendTextAction, StepReachedResponse, Webhook } from "../mod.ts";
import { basic, fixtureText, httpDate, json, notificationFor, signedRequest } from "./_helpers.ts";

const KEY = "XXXXXXXXXX";
const STEP = "conversation.step_reached";

function echoApp(options: ConstructorParameters<typeof Webhook>[0] = {}): Webhook {
  const app = new Webhook({ onError: () => {}, ...options });
  app.on(STEP, (_request, _response, notification) =>
    StepReachedResponse({
      actions: [SendTextAction({ alternatives: ["hi"] })],
      session: notification.event.session,
    }));
  return app;
}

/** An empty body stream that records whether anything ever read from it. */
function untouchedBody(): { body: ReadableStream<Uint8Array>; pulled: () => boolean } {
  let pulled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled = true;
      controller.close();
    },
  }, { highWaterMark: 0 });
  return { body, pulled: () => pulled };
}

describe("Webhook.fetch() methods and paths", () => {
  for (const method of ["GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]) {
    test(`Webhook.fetch() answers 405 with Allow: POST to ${method}`, async () => {
      const response = await echoApp().fetch(new Request("http://localhost/", { method }));
      assert.equal(response.status, 405);
      assert.equal(response.headers.get("allow"), "POST");
      if (method !== "HEAD") {
        assert.deepEqual(await json(response), { error: "Method not allowed: use POST" });
      }
    });
  }

  test("Webhook.fetch() answers any path by default", async () => {
    const response = await echoApp().fetch(
      await signedRequest({ body: notificationFor(), url: "http://localhost/some/where?x=1" }),
    );
    assert.equal(response.status, 200);
  });

  test("Webhook.fetch() answers 404 off the configured path", async () => {
    const app = echoApp({ path: "/clustaar" });
    const off = await app.fetch(
      await signedRequest({ body: notificationFor(), url: "http://localhost/other" }),
    );
    assert.equal(off.status, 404);
    assert.deepEqual(await json(off), { error: "Not found" });
    const on = await app.fetch(
      await signedRequest({ body: notificationFor(), url: "http://localhost/clustaar?a=b" }),
    );
    assert.equal(on.status, 200);
  });
});

describe("Webhook.fetch() success", () => {
  test("Webhook.fetch() answers 200 with the handler's JSON and a JSON content type", async () => {
    const response = await echoApp().fetch(
      await signedRequest({ body: notificationFor("x", { a: 1 }) }),
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/json; charset=utf-8");
    assert.deepEqual(await json(response), {
      actions: [{ type: "send_text_action", alternatives: ["hi"] }],
      session: { values: { a: 1 } },
    });
  });

  test("Webhook.fetch() accepts both fixture notifications", async () => {
    for (const name of ["minimal", "full"]) {
      const response = await echoApp({ privateKey: KEY }).fetch(
        await signedRequest({ body: fixtureText(`notifications/${name}.json`), privateKey: KEY }),
      );
      assert.equal(response.status, 200, name);
      assert.deepEqual((await json(response)).session, { values: { name: "tintin" } });
    }
  });

  test("Webhook.fetch() does not require a JSON content type", async () => {
    const request = await signedRequest({
      body: notificationFor(),
      headers: { "content-type": "text/plain" },
    });
    assert.equal((await echoApp().fetch(request)).status, 200);
  });

  test("Webhook.fetch() sends the status and headers the handler set", async () => {
    const app = new Webhook();
    app.on(STEP, (_request, response) => {
      response.status = 202;
      response.headers.set("x-bot", "yes");
      return { actions: [] };
    });
    const response = await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.equal(response.status, 202);
    assert.equal(response.headers.get("x-bot"), "yes");
    assert.equal(response.headers.get("content-type"), "application/json; charset=utf-8");
  });

  test("Webhook.fetch() returns a Response from the handler as is", async () => {
    const app = new Webhook();
    app.on(STEP, () => new Response("raw", { status: 299 }));
    const response = await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.equal(response.status, 299);
    assert.equal(await response.text(), "raw");
  });

  test("Webhook.fetch() awaits async handlers", async () => {
    const app = new Webhook();
    app.on(STEP, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { actions: [] };
    });
    const response = await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.deepEqual(await json(response), { actions: [] });
  });

  test("Webhook.fetch() gives the handler the request and the notification's fields", async () => {
    let seen: unknown[] = [];
    const app = new Webhook();
    app.on(STEP, (request, _response, notification) => {
      seen = [
        request.headers.get("x-test"),
        notification.topic,
        notification.botID,
        notification.timestamp,
        notification.event.channel,
      ];
      return { actions: [] };
    });
    await app.fetch(
      await signedRequest({
        body: fixtureText("notifications/full.json"),
        headers: { "x-test": "1" },
      }),
    );
    assert.deepEqual(seen, ["1", STEP, "4321", 1514998709, "facebook"]);
  });
});

describe("Webhook.fetch() basic authentication", () => {
  const app = echoApp({ authUsername: "bot", authPassword: "pa:ss:word" });
  const cases: Array<[string, string | undefined]> = [
    ["no header", undefined],
    ["a Bearer token", "Bearer abc"],
    ["bad base64", "Basic !!!notbase64"],
    ["no colon", `Basic ${btoa("botpass")}`],
    ["a wrong password", basic("bot", "pa:ss")],
    ["a wrong username", basic("bob", "pa:ss:word")],
    ["an empty value", "Basic "],
    ["the scheme only", "Basic"],
  ];
  for (const [name, header] of cases) {
    test(`Webhook.fetch() answers 401 with WWW-Authenticate for ${name}`, async () => {
      const response = await app.fetch(
        await signedRequest({ body: notificationFor(), auth: header }),
      );
      assert.equal(response.status, 401);
      assert.match(
        response.headers.get("www-authenticate") ?? "",
        /^Basic realm="Clustaar webhook"/,
      );
      assert.deepEqual(await json(response), { error: "Invalid credentials" });
    });
  }

  test("Webhook.fetch() accepts a password with colons (split on the first only)", async () => {
    const response = await app.fetch(
      await signedRequest({ body: notificationFor(), auth: basic("bot", "pa:ss:word") }),
    );
    assert.equal(response.status, 200);
  });

  test("Webhook.fetch() accepts a lower-case scheme and UTF-8 credentials", async () => {
    const utf8 = echoApp({ authUsername: "héloïse", authPassword: "mot de passe ✓" });
    const header = basic("héloïse", "mot de passe ✓").replace("Basic", "basic");
    const response = await utf8.fetch(
      await signedRequest({ body: notificationFor(), auth: header }),
    );
    assert.equal(response.status, 200);
  });

  test("new Webhook() refuses a username without a password", () => {
    assert.throws(() => new Webhook({ authUsername: "x" }), TypeError);
    assert.throws(() => new Webhook({ authUsername: "a:b", authPassword: "c" }), TypeError);
  });

  test("Webhook.fetch() checks credentials before reading the body", async () => {
    const { body, pulled } = untouchedBody();
    const request = new Request(
      "http://localhost/",
      { method: "POST", body, duplex: "half" } as RequestInit,
    );
    const response = await app.fetch(request);
    assert.equal(response.status, 401);
    assert.equal(pulled(), false);
  });
});

describe("Webhook.fetch() body size", () => {
  test("Webhook.fetch() answers 413 to a 5 MiB body against a 1 MiB limit", async () => {
    const body = "x".repeat(5 * 1024 * 1024);
    const response = await echoApp().fetch(await signedRequest({ body }));
    assert.equal(response.status, 413);
    assert.deepEqual(await json(response), {
      error: "Request body is too large: the limit is 1048576 bytes",
    });
  });

  test("Webhook.fetch() answers 413 from Content-Length without reading the body", async () => {
    const { body, pulled } = untouchedBody();
    const request = new Request("http://localhost/", {
      method: "POST",
      body,
      headers: { "content-length": String(2 * 1024 * 1024) },
      duplex: "half",
    } as RequestInit);
    const response = await echoApp().fetch(request);
    assert.equal(response.status, 413);
    assert.equal(pulled(), false);
  });

  test("Webhook.fetch() stops reading a stream as soon as it passes the limit", async () => {
    let sent = 0;
    let cancelled = false;
    const chunk = new Uint8Array(64 * 1024);
    const body = new ReadableStream({
      pull(controller) {
        sent += chunk.length;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request(
      "http://localhost/",
      { method: "POST", body, duplex: "half" } as RequestInit,
    );
    const response = await echoApp({ maxBodyBytes: 1024 * 1024 }).fetch(request);
    assert.equal(response.status, 413);
    assert.ok(sent <= 1024 * 1024 + 2 * chunk.length, `read ${sent} bytes`);
    assert.equal(cancelled, true);
  });

  test("Webhook.fetch() accepts a body exactly at the limit", async () => {
    const body = notificationFor();
    const size = new TextEncoder().encode(body).length;
    const response = await echoApp({ maxBodyBytes: size }).fetch(await signedRequest({ body }));
    assert.equal(response.status, 200);
  });
});

describe("Webhook.fetch() signature", () => {
  const app = echoApp({ privateKey: KEY });
  const messages: Array<[string, (r: Request) => void, string]> = [
    ["missing", (r) => r.headers.delete("x-hub-signature"), "The request's signature is missing."],
    [
      "without =",
      (r) => r.headers.set("x-hub-signature", "abc"),
      "The request's signature format is invalid.",
    ],
    [
      "with two =",
      (r) => r.headers.set("x-hub-signature", "sha1=a=b"),
      "The request's signature format is invalid.",
    ],
    [
      "of an unknown algorithm",
      (r) => r.headers.set("x-hub-signature", "md5=abc"),
      "The request's signature hash function is invalid (should be one of ['sha1']).",
    ],
    [
      "wrong",
      (r) => r.headers.set("x-hub-signature", "sha1=" + "0".repeat(40)),
      "The request's signature is invalid.",
    ],
  ];
  for (const [name, mutate, message] of messages) {
    test(`Webhook.fetch() answers 400 when the signature is ${name}`, async () => {
      const request = await signedRequest({ body: notificationFor(), privateKey: KEY });
      mutate(request);
      const response = await app.fetch(request);
      assert.equal(response.status, 400);
      assert.deepEqual(await json(response), { error: message });
    });
  }

  test("Webhook.fetch() answers 400 when the body was altered after signing", async () => {
    const good = await signedRequest({ body: notificationFor("a"), privateKey: KEY });
    const forged = new Request(good.url, {
      method: "POST",
      headers: good.headers,
      body: notificationFor("b"),
    });
    assert.equal((await app.fetch(forged)).status, 400);
  });

  test("Webhook.fetch() accepts a request signed with any of the rotated keys", async () => {
    const rotated = echoApp({ privateKey: ["old-key", "new-key"] });
    for (const privateKey of ["old-key", "new-key"]) {
      const response = await rotated.fetch(
        await signedRequest({ body: notificationFor(privateKey), privateKey }),
      );
      assert.equal(response.status, 200, privateKey);
    }
    const response = await rotated.fetch(
      await signedRequest({ body: notificationFor("z"), privateKey: "other" }),
    );
    assert.equal(response.status, 400);
  });

  test("Webhook.fetch() verifies the same way with the Web Crypto provider", async () => {
    const web = echoApp({ privateKey: KEY, crypto: "webcrypto" });
    assert.equal(
      (await web.fetch(await signedRequest({ body: notificationFor(), privateKey: KEY }))).status,
      200,
    );
    assert.equal(
      (await web.fetch(await signedRequest({ body: notificationFor(), privateKey: "nope" })))
        .status,
      400,
    );
  });

  test("Webhook.fetch() accepts sha256 only when allowed", async () => {
    const body = notificationFor();
    const date = httpDate();
    const { sign } = await import("../mod.ts");
    const header = await sign({ privateKey: KEY, date, body, algorithm: "sha256" });
    const make = () =>
      new Request("http://localhost/", {
        method: "POST",
        body,
        headers: { date, "x-hub-signature": header },
      });
    assert.equal((await echoApp({ privateKey: KEY }).fetch(make())).status, 400);
    const both = echoApp({ privateKey: KEY, algorithms: ["sha1", "sha256"], replayStore: null });
    assert.equal((await both.fetch(make())).status, 200);
  });

  test("new Webhook() refuses an empty key list and unknown algorithms", () => {
    assert.throws(() => new Webhook({ privateKey: [] }), TypeError);
    assert.throws(() => new Webhook({ privateKey: "" }), TypeError);
    // @ts-expect-error: md5 is not an algorithm
    assert.throws(() => new Webhook({ privateKey: "k", algorithms: ["md5"] }), TypeError);
  });
});

describe("Webhook.fetch() freshness", () => {
  const now = Date.parse("Wed, 03 Jan 2018 16:58:29 GMT");
  const app = echoApp({ privateKey: KEY, now: () => now });
  const cases: Array<[string, string | null, number, string]> = [
    ["missing", null, 400, "The request's date is missing."],
    ["not a date", "yesterday", 400, "The request's date is invalid."],
    ["11 s old", httpDate(now - 11_000), 400, "Request is too old"],
    ["11 s in the future", httpDate(now + 11_000), 400, "Request is in the future"],
  ];
  for (const [name, date, status, message] of cases) {
    test(`Webhook.fetch() answers ${status} when Date is ${name}`, async () => {
      const response = await app.fetch(
        await signedRequest({ body: notificationFor(), privateKey: KEY, date }),
      );
      assert.equal(response.status, status);
      assert.deepEqual(await json(response), { error: message });
    });
  }

  test("Webhook.fetch() accepts a Date 10 s old or 10 s ahead", async () => {
    for (const offset of [-10_000, 10_000, 0]) {
      const response = await app.fetch(
        await signedRequest({
          body: notificationFor(String(offset)),
          privateKey: KEY,
          date: httpDate(now + offset),
        }),
      );
      assert.equal(response.status, 200, String(offset));
    }
  });

  test("Webhook.fetch() checks the signature before trusting Date", async () => {
    const request = await signedRequest({
      body: notificationFor(),
      privateKey: "wrong",
      date: "garbage",
    });
    assert.deepEqual(await json(await app.fetch(request)), {
      error: "The request's signature is invalid.",
    });
  });

  test("Webhook.fetch() skips the Date check when requestMaxAge is null", async () => {
    const lenient = echoApp({ requestMaxAge: null });
    assert.equal(
      (await lenient.fetch(await signedRequest({ body: notificationFor(), date: null }))).status,
      200,
    );
  });

  test("Webhook.fetch() checks Date without a private key too", async () => {
    const response = await echoApp().fetch(
      await signedRequest({ body: notificationFor(), date: httpDate(Date.now() - 60_000) }),
    );
    assert.equal(response.status, 400);
  });

  test("new Webhook() refuses a negative requestMaxAge", () => {
    assert.throws(() => new Webhook({ requestMaxAge: -1 }), RangeError);
  });
});

describe("Webhook.fetch() replays", () => {
  test("Webhook.fetch() answers 409 to a signed request seen within the window", async () => {
    const app = echoApp({ privateKey: KEY });
    const request = await signedRequest({ body: notificationFor(), privateKey: KEY });
    const copy = request.clone();
    assert.equal((await app.fetch(request)).status, 200);
    const second = await app.fetch(copy);
    assert.equal(second.status, 409);
    assert.deepEqual(await json(second), { error: "Request was already received" });
  });

  test("Webhook.fetch() accepts the same signature again once the window has passed", async () => {
    let now = Date.now();
    const app = echoApp({ privateKey: KEY, now: () => now });
    const date = httpDate(now);
    const first = await signedRequest({ body: notificationFor(), privateKey: KEY, date });
    const replay = first.clone();
    assert.equal((await app.fetch(first)).status, 200);
    now += 11_000;
    // The Date window refuses it now, the replay store having forgotten it.
    assert.deepEqual(await json(await app.fetch(replay)), { error: "Request is too old" });
  });

  test("Webhook.fetch() allows replays when replayStore is null", async () => {
    const app = echoApp({ privateKey: KEY, replayStore: null });
    const request = await signedRequest({ body: notificationFor(), privateKey: KEY });
    const copy = request.clone();
    assert.equal((await app.fetch(request)).status, 200);
    assert.equal((await app.fetch(copy)).status, 200);
  });
});

describe("Webhook.fetch() JSON and routing", () => {
  const cases: Array<[string, string, string]> = [
    ["not JSON", "{not json", "The request's body is not valid JSON"],
    ["empty", "", "The request's body is not valid JSON"],
    ["invalid UTF-8", "\uFFFF", "The request's body is not valid JSON"],
    ["an array", "[]", "Invalid notification: the body must be a JSON object"],
    ["a string", '"x"', "Invalid notification: the body must be a JSON object"],
    ["null", "null", "Invalid notification: the body must be a JSON object"],
  ];
  for (const [name, body, message] of cases) {
    test(`Webhook.fetch() answers 400 when the body is ${name}`, async () => {
      const bytes = name === "invalid UTF-8" ? new Uint8Array([0x7b, 0xff, 0x7d]) : body;
      const response = await echoApp().fetch(await signedRequest({ body: bytes }));
      assert.equal(response.status, 400);
      assert.deepEqual(await json(response), { error: message });
    });
  }

  test("Webhook.fetch() answers 400 when topic is not a string", async () => {
    const response = await echoApp().fetch(
      await signedRequest({ body: JSON.stringify({ topic: 1, data: {} }) }),
    );
    assert.equal(response.status, 400);
    assert.match(String((await json(response)).error), /topic/);
  });

  test("Webhook.fetch() answers 404 when no route matches", async () => {
    const body = JSON.stringify({
      topic: "conversation.other",
      botID: "1",
      timestamp: 1,
      data: { type: "x" },
    });
    const response = await echoApp().fetch(await signedRequest({ body }));
    assert.equal(response.status, 404);
    assert.deepEqual(await json(response), { error: 'No route for topic "conversation.other"' });
  });

  test("Webhook.fetch() takes the first route whose filters all accept", async () => {
    const app = new Webhook();
    const hits: string[] = [];
    app.on(STEP, () => (hits.push("a"), { actions: [] }), [() => true, () => false]);
    app.on(STEP, () => (hits.push("b"), { actions: [] }), {
      filters: [() => true, () => Promise.resolve(true)],
    });
    app.on(STEP, () => (hits.push("c"), { actions: [] }));
    await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.deepEqual(hits, ["b"]);
  });

  test("Webhook.fetch() awaits filters that answer with a thenable that is not a native promise", async () => {
    const app = new Webhook();
    const hits: string[] = [];
    // Promises from another library or realm: `instanceof Promise` is false.
    const later = (value: boolean) => ({ then: (resolve: (v: boolean) => void) => resolve(value) });
    const filter = (value: boolean) => (() => later(value)) as unknown as () => boolean;
    app.on(STEP, () => (hits.push("a"), { actions: [] }), [filter(false)]);
    app.on(STEP, () => (hits.push("b"), { actions: [] }), [
      () => true,
      filter(true),
      filter(false),
    ]);
    app.on(STEP, () => (hits.push("c"), { actions: [] }), [filter(true), filter(true)]);
    assert.equal((await app.fetch(await signedRequest({ body: notificationFor() }))).status, 200);
    assert.deepEqual(hits, ["c"]);
  });

  test("Webhook.fetch() gives filters the JSON body and the request", async () => {
    const app = new Webhook();
    app.on(
      STEP,
      () => ({ actions: [] }),
      (data, request) => data.botID === "4321" && request?.headers.has("x-token") === true,
    );
    assert.equal((await app.fetch(await signedRequest({ body: notificationFor() }))).status, 404);
    assert.equal(
      (await app.fetch(
        await signedRequest({ body: notificationFor(), headers: { "x-token": "t" } }),
      )).status,
      200,
    );
  });

  test("Webhook.on() rejects a non-function handler or filter", () => {
    const app = new Webhook();
    // @ts-expect-error: not a function
    assert.throws(() => app.on(STEP, "nope"), TypeError);
    // @ts-expect-error: not a filter
    assert.throws(() => app.on(STEP, () => ({ actions: [] }), [1]), TypeError);
    // @ts-expect-error: not a topic
    assert.throws(() => app.on(3, () => ({ actions: [] })), TypeError);
  });
});

describe("Webhook.fetch() handler failures", () => {
  test("Webhook.fetch() answers 500 without the error's text, reports it, then keeps serving", async () => {
    const errors: unknown[] = [];
    const app = new Webhook({ onError: (error) => errors.push(error) });
    let fail = true;
    app.on(STEP, () => {
      if (fail) throw new Error("secret database password in message");
      return { actions: [] };
    });
    const response = await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.equal(response.status, 500);
    const text = await response.text();
    assert.equal(text, '{"error":"Internal server error"}');
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /secret/);
    fail = false;
    assert.equal((await app.fetch(await signedRequest({ body: notificationFor() }))).status, 200);
  });

  test("Webhook.fetch() answers 500 when an async handler rejects", async () => {
    const errors: unknown[] = [];
    const app = new Webhook({ onError: (error) => errors.push(error) });
    app.on(STEP, () => Promise.reject(new Error("boom")));
    assert.equal((await app.fetch(await signedRequest({ body: notificationFor() }))).status, 500);
    assert.equal(errors.length, 1);
  });

  test("Webhook.fetch() answers 500 when a filter throws", async () => {
    const errors: unknown[] = [];
    const app = new Webhook({ onError: (error) => errors.push(error) });
    app.on(STEP, () => ({ actions: [] }), () => {
      throw new Error("filter bug");
    });
    const response = await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.equal(response.status, 500);
    assert.deepEqual(await json(response), { error: "Internal server error" });
    assert.equal(errors.length, 1);
  });

  test("Webhook.fetch() answers 500 when the handler returns nothing or something not JSON", async () => {
    const errors: unknown[] = [];
    const app = new Webhook({ onError: (error) => errors.push(error), validateResponses: false });
    let answer: unknown = undefined;
    app.on("t", () => answer);
    const body = JSON.stringify({ topic: "t", data: { type: "x" } });
    assert.equal((await app.fetch(await signedRequest({ body }))).status, 500);
    answer = { n: 1n };
    assert.equal((await app.fetch(await signedRequest({ body }))).status, 500);
    assert.equal(errors.length, 2);
  });
});

describe("Webhook options hooks", () => {
  test("onReject() receives the reason and status of every refusal", async () => {
    const seen: Array<Pick<Rejection, "reason" | "status">> = [];
    const app = echoApp({
      privateKey: KEY,
      authUsername: "u",
      authPassword: "p",
      onReject: ({ reason, status }) => seen.push({ reason, status }),
    });
    const auth = basic("u", "p");
    await app.fetch(new Request("http://localhost/"));
    await app.fetch(await signedRequest({ body: notificationFor(), privateKey: KEY }));
    await app.fetch(
      await signedRequest({ body: "x".repeat(2 * 1024 * 1024), privateKey: KEY, auth }),
    );
    await app.fetch(await signedRequest({ body: notificationFor(), privateKey: "bad", auth }));
    await app.fetch(
      await signedRequest({ body: notificationFor(), privateKey: KEY, auth, date: httpDate(0) }),
    );
    await app.fetch(await signedRequest({ body: "{", privateKey: KEY, auth }));
    await app.fetch(await signedRequest({ body: "[]", privateKey: KEY, auth }));
    await app.fetch(
      await signedRequest({
        body: JSON.stringify({ topic: "none", data: { type: "x" } }),
        privateKey: KEY,
        auth,
      }),
    );
    const ok = await signedRequest({ body: notificationFor(), privateKey: KEY, auth });
    const again = ok.clone();
    await app.fetch(ok);
    await app.fetch(again);
    assert.deepEqual(seen, [
      { reason: "method", status: 405 },
      { reason: "auth", status: 401 },
      { reason: "too_large", status: 413 },
      { reason: "signature", status: 400 },
      { reason: "stale", status: 400 },
      { reason: "bad_json", status: 400 },
      { reason: "bad_notification", status: 400 },
      { reason: "no_route", status: 404 },
      { reason: "replay", status: 409 },
    ]);
  });

  test("Webhook.on() warns when a route can never be reached", () => {
    const warnings: string[] = [];
    const app = new Webhook({ logger: { warn: (message) => warnings.push(message) } });
    app.on(STEP, () => ({ actions: [] }), () => true);
    app.on(STEP, () => ({ actions: [] }));
    assert.equal(warnings.length, 0);
    app.on(STEP, () => ({ actions: [] }), () => true);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /can never be reached/);
  });

  test("Webhook.routes lists topics, filters and handlers in order", async () => {
    const { StepID } = await import("../mod.ts");
    const app = new Webhook();
    app.on(STEP, function welcome() {
      return { actions: [] };
    }, StepID("507f191e810c19729de860ea"));
    app.on(STEP, () => ({ actions: [] }));
    assert.deepEqual(app.routes, [
      { topic: STEP, filters: ['StepID("507f191e810c19729de860ea")'], handler: "welcome" },
      { topic: STEP, filters: [], handler: "anonymous" },
    ]);
  });

  test("Webhook.fetch is bound and can be passed around", async () => {
    const { fetch } = echoApp();
    assert.equal((await fetch(await signedRequest({ body: notificationFor() }))).status, 200);
  });
});

describe("Webhook deadlines", () => {
  const slow = (ms: number) => () =>
    new Promise<{ actions: [] }>((resolve) => setTimeout(() => resolve({ actions: [] }), ms));

  test("Webhook.fetch() answers 504 when the handler misses the deadline", async () => {
    const errors: unknown[] = [];
    const app = new Webhook({ timeout: 20, onError: (error) => errors.push(error) });
    app.on(STEP, slow(200));
    const response = await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.equal(response.status, 504);
    assert.deepEqual(await json(response), { error: "The webhook did not answer in time" });
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(errors.length, 2, "the deadline and the late result are both reported");
  });

  test("Webhook.fetch() sends onTimeout's fallback when the handler is slow", async () => {
    const app = new Webhook({
      timeout: 20,
      onError: () => {},
      onTimeout: (notification) => ({
        actions: (notification.event as { step: { actions: unknown[] } }).step.actions,
      }),
    });
    app.on(STEP, slow(200));
    const response = await app.fetch(
      await signedRequest({ body: fixtureText("notifications/full.json") }),
    );
    assert.equal(response.status, 200);
    assert.deepEqual(await json(response), { actions: [{ type: "pause_bot_action" }] });
  });

  test("Webhook.fetch() answers in time handlers normally under a deadline", async () => {
    const app = new Webhook({ timeout: 500 });
    app.on(STEP, slow(5));
    assert.equal((await app.fetch(await signedRequest({ body: notificationFor() }))).status, 200);
  });
});
