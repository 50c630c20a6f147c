/**
 * Per-request CPU of the webhook pipeline, in one process with no socket:
 * each stage (signature, body read, parse, inbound checks, routing with
 * filters, response validation, serialisation) and the whole `app.fetch`
 * (also with a handler that reads the body again, `await request.json()`),
 * on `notifications/full.json`, the load test's 2.7 KB notification, a large
 * one (100 actions, 200 session values) and on 1 KB to 1 MB notifications
 * (to show how the cost grows with the payload).
 *
 *   deno bench -A bench/webhook_bench.ts      (or: deno task bench)
 *   bun bench/webhook_bench.ts                (same cases, printed as a table)
 *
 * @module
 */
import { bench } from "./_bench.ts";
import { handler, SECURE } from "./_example.ts";
import { AUTH, DATE, full, KEY, large, loadPayload, type Payload, sized } from "./_payloads.ts";
import { readBody } from "../src/http/_body.ts";
import {
  BasicAuth,
  events,
  InputType,
  parseNotification,
  SessionValueEquals,
  SignatureVerifier,
  StepID,
  StepUserDataKeyEquals,
  validateResponse,
  Webhook,
  type WebhookOptions,
} from "../mod.ts";

// The first filter of each refusing route of the filtered webhook.
const REFUSING = [
  StepID("507f191e810c19729de860ea"),
  InputType("message"),
  SessionValueEquals("lang", "fr"),
  StepUserDataKeyEquals("flow", "billing"),
];

function webhook(options: WebhookOptions, filtered = false): Webhook {
  const app = new Webhook({ ...options, maxBodyBytes: 2 * 1024 * 1024 });
  if (filtered) {
    // Four routes whose filters refuse the notification, then the one that answers.
    app.on(events.CONVERSATION_STEP_REACHED, handler, StepID("507f191e810c19729de860ea"));
    app.on(events.CONVERSATION_STEP_REACHED, handler, [InputType("message"), StepID("1234")]);
    app.on(events.CONVERSATION_STEP_REACHED, handler, SessionValueEquals("lang", "fr"));
    app.on(events.CONVERSATION_STEP_REACHED, handler, StepUserDataKeyEquals("flow", "billing"));
  }
  app.on(events.CONVERSATION_STEP_REACHED, handler);
  return app;
}

function request(payload: Payload, signed = true): Request {
  const headers: Record<string, string> = { "content-type": "application/json", date: DATE };
  if (signed) {
    headers["x-hub-signature"] = payload.signature;
    headers["authorization"] = AUTH;
  }
  return new Request("http://127.0.0.1:8787/", { method: "POST", headers, body: payload.body });
}

const secure = webhook(SECURE);
const secureWeb = webhook({ ...SECURE, crypto: "webcrypto" });
const open = webhook({ requestMaxAge: null });
const filtered = webhook({ requestMaxAge: null }, true);
// The same handler, after reading the body again as the Python framework's handlers can.
const reading = new Webhook({ requestMaxAge: null, maxBodyBytes: 2 * 1024 * 1024 });
reading.on(events.CONVERSATION_STEP_REACHED, async (request, response, notification) => {
  const body = await request.json() as { botID?: unknown };
  if (body.botID !== notification.botID) throw new Error("the body read again differs");
  return handler(request, response, notification);
});
const builtin = new SignatureVerifier({ keys: KEY });
const web = new SignatureVerifier({ keys: KEY, crypto: "webcrypto" });
const auth = new BasicAuth("bench", "pass");
const decoder = new TextDecoder("utf-8", { fatal: true });

async function answer(app: Webhook, req: Request): Promise<string> {
  const response = await app.fetch(req);
  if (response.status !== 200) {
    throw new Error(`status ${response.status}: ${await response.text()}`);
  }
  return await response.text();
}

function stages(payload: Payload, group: string): void {
  const json = () => JSON.parse(payload.body);
  const parsed = json();
  const checked = parseNotification(parsed);
  if (!checked.success) throw new Error("invalid bench payload");
  const reply = handler(request(payload), { status: 200, headers: new Headers() }, {
    topic: parsed.topic,
    botID: parsed.botID,
    timestamp: parsed.timestamp,
    event: parsed.data,
  });
  bench(
    `${payload.name}: app.fetch, anchors' security (built-in HMAC)`,
    { group, baseline: true },
    () => answer(secure, request(payload)),
  );
  bench(
    `${payload.name}: app.fetch, anchors' security (Web Crypto)`,
    { group },
    () => answer(secureWeb, request(payload)),
  );
  bench(
    `${payload.name}: app.fetch, no security`,
    { group },
    () => answer(open, request(payload, false)),
  );
  bench(
    `${payload.name}: app.fetch, no security, 5 routes with filters`,
    { group },
    () => answer(filtered, request(payload, false)),
  );
  bench(
    `${payload.name}: app.fetch, no security, handler reads request.json()`,
    { group },
    () => answer(reading, request(payload, false)),
  );
  bench(`${payload.name}: basic auth check`, { group }, () => auth.check(AUTH));
  bench(
    `${payload.name}: new Request + body read (readBody)`,
    { group },
    () => readBody(request(payload), 2 ** 21),
  );
  bench(
    `${payload.name}: signature, built-in HMAC`,
    { group },
    () => builtin.verify(payload.signature, DATE, payload.bytes),
  );
  bench(
    `${payload.name}: signature, Web Crypto`,
    { group },
    () => web.verify(payload.signature, DATE, payload.bytes),
  );
  bench(
    `${payload.name}: decode + JSON.parse`,
    { group },
    () => JSON.parse(decoder.decode(payload.bytes)),
  );
  bench(
    `${payload.name}: inbound checks (parseNotification)`,
    { group },
    () => parseNotification(parsed),
  );
  bench(`${payload.name}: routing filters (the 4 refusing ones)`, { group }, () => {
    let accepted = 0;
    for (const filter of REFUSING) if (filter(parsed) === true) accepted++;
    return accepted;
  });
  bench(
    `${payload.name}: response validation (validateResponse)`,
    { group },
    () => validateResponse(reply, checked.unknownActions),
  );
  bench(
    `${payload.name}: serialisation (JSON.stringify + new Response)`,
    { group },
    () =>
      new Response(JSON.stringify(reply), {
        status: 200,
        headers: { "content-type": "application/json" },
      }),
  );
}

const payloads = [full(), loadPayload(), large()];
// Warm-up check: every app answers every payload.
for (const payload of payloads) {
  for (const app of [secure, secureWeb]) await answer(app, request(payload));
  for (const app of [open, filtered, reading]) await answer(app, request(payload, false));
}
stages(payloads[0]!, "full.json");
stages(payloads[1]!, "step_reached 2.7 KB");
stages(payloads[2]!, "large");

// How the cost grows with the payload: the whole app.fetch, anchors' security.
for (const bytes of [1e3, 1e4, 1e5, 1e6]) {
  const payload = sized(bytes);
  await answer(secure, request(payload));
  bench(
    `${payload.name}: app.fetch, anchors' security`,
    { group: "size", baseline: bytes === 1e3 },
    () => answer(secure, request(payload)),
  );
}
