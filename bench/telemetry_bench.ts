/**
 * What the webhook's OpenTelemetry traces and metrics cost per request, in
 * one process with no socket: the whole `app.fetch` on the load test's
 * 2.7 KB notification with an SDK registered whose exporters drop what they
 * get (bench/_otel_sdk.ts: a BatchSpanProcessor, a meter provider), with
 * every trace recorded or the trace sampled out (the metrics only), against
 * the same webhook with `telemetry: false`. Without any SDK (the default),
 * the cost is the one of bench/webhook_bench.ts.
 *
 *   deno bench -A bench/telemetry_bench.ts
 *   bun bench/telemetry_bench.ts
 *
 * @module
 */
import { bench } from "./_bench.ts";
import { handler, SECURE } from "./_example.ts";
import { AUTH, DATE, loadPayload, type Payload } from "./_payloads.ts";
import { registerDroppingSdk } from "./_otel_sdk.ts";
import { events, Webhook, type WebhookOptions } from "../mod.ts";

function webhook(options: WebhookOptions): Webhook {
  const app = new Webhook(options);
  app.on(events.CONVERSATION_STEP_REACHED, handler);
  return app;
}

function request(payload: Payload, signed: boolean): Request {
  const headers: Record<string, string> = { "content-type": "application/json", date: DATE };
  if (signed) {
    headers["x-hub-signature"] = payload.signature;
    headers["authorization"] = AUTH;
  }
  return new Request("http://127.0.0.1:8787/", { method: "POST", headers, body: payload.body });
}

async function answer(app: Webhook, req: Request): Promise<string> {
  const response = await app.fetch(req);
  if (response.status !== 200) throw new Error(`status ${response.status}`);
  return await response.text();
}

/** Whether the next request's trace is recorded (the sampler asks). */
let sampled = true;
const sdk = registerDroppingSdk(undefined, () => sampled);
const payload = loadPayload();
const apps = {
  secureOff: webhook({ ...SECURE, telemetry: false }),
  secureOn: webhook(SECURE),
  openOff: webhook({ requestMaxAge: null, telemetry: false }),
  openOn: webhook({ requestMaxAge: null }),
};
for (const [name, app] of Object.entries(apps)) {
  await answer(app, request(payload, name.startsWith("secure")));
}
await sdk.flush();
// Each traced request: its span, and a span per stage (no replay store: requestMaxAge is null).
if (sdk.spans.count !== 6 + 5) throw new Error(`${sdk.spans.count} spans instead of 11`);

bench(
  `${payload.name}: app.fetch, anchors' security, telemetry: false`,
  { group: "secure", baseline: true },
  () => answer(apps.secureOff, request(payload, true)),
);
bench(
  `${payload.name}: app.fetch, anchors' security, SDK on (6 spans, 2 metric points)`,
  { group: "secure" },
  () => answer(apps.secureOn, request(payload, true)),
);
bench(
  `${payload.name}: app.fetch, anchors' security, SDK on, trace sampled out (2 metric points)`,
  { group: "secure" },
  () => {
    sampled = false;
    const answered = answer(apps.secureOn, request(payload, true));
    sampled = true; // the sampler was asked when fetch() started
    return answered;
  },
);
bench(
  `${payload.name}: app.fetch, no security, telemetry: false`,
  { group: "open", baseline: true },
  () => answer(apps.openOff, request(payload, false)),
);
bench(
  `${payload.name}: app.fetch, no security, SDK on (5 spans, 2 metric points)`,
  { group: "open" },
  () => answer(apps.openOn, request(payload, false)),
);
