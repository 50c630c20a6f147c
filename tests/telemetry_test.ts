// The webhook's traces and metrics through OpenTelemetry, with an SDK
// registered the way an application registers it: through the application's
// own copy of @opentelemetry/api, one older in minor than the webhook's copy
// (which the standard API would ignore: the webhook's telemetry would be
// silently off) and one newer, with the SDK's in-memory exporter.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace as libraryTrace } from "@opentelemetry/api";
import { AlwaysOffSampler, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { events, type ReplayStore, StepID, Webhook, type WebhookOptions } from "../mod.ts";
import { basic, fixture, httpDate, signedRequest } from "./_helpers.ts";
import {
  APP_APIS,
  type AppApi,
  type CollectedMetric,
  installSdk,
  LIBRARY_API_VERSION,
  type Sdk,
} from "./_otel.ts";

const STEP = events.CONVERSATION_STEP_REACHED;
const KEY = "telemetry-key-Zq81";
const USER = "bot-user-Xk29";
const PASSWORD = "pass-Wv47";
const AUTH = basic(USER, PASSWORD);
const PATH = "/clustaar";
const URL_SECRET = "url-secret-Rt31";
const SESSION_SECRET = "session-Hp63qT";
const ERROR_SECRET = "handler-error-Vb28";

const STEPS = {
  answer: "5a0000000000000000000001",
  fails: "5a0000000000000000000002",
  slow: "5a0000000000000000000003",
  invalid: "5a0000000000000000000004",
  lookup: "5a0000000000000000000005",
  declined: "5a0000000000000000000006",
} as const;

const REQUEST_SPAN = "clustaar.webhook";
const STAGE = {
  body: "clustaar.webhook.body",
  signature: "clustaar.webhook.signature",
  replay: "clustaar.webhook.replay",
  routing: "clustaar.webhook.routing",
  handler: "clustaar.webhook.handler",
  answer: "clustaar.webhook.answer",
  forget: "clustaar.webhook.forget",
};

/** A notification for `stepId` whose every value but the topic and step id is a secret. */
function notification(stepId: string, topic: string = STEP): string {
  const full = fixture<Record<string, Record<string, Record<string, unknown>>>>(
    "notifications/full.json",
  );
  full.topic = topic as never;
  full.botID = "bot-Jx72" as never;
  full.data!.step!.id = stepId;
  full.data!.step!.name = "Secret step Lq90";
  full.data!.session!.values = { secret: SESSION_SECRET };
  full.data!.input = { type: "message", text: "user-said-Mn55" };
  full.data!.interlocutor!.email = "tintin-Ke40@moulinsart.fr";
  return JSON.stringify(full);
}

/** What a request, its body and the webhook's configuration hold that telemetry must not. */
const SECRETS = [
  KEY,
  USER,
  PASSWORD,
  AUTH,
  AUTH.slice("Basic ".length),
  URL_SECRET,
  SESSION_SECRET,
  ERROR_SECRET,
  "bot-Jx72",
  "Secret step Lq90",
  "user-said-Mn55",
  "tintin-Ke40@moulinsart.fr",
  "wrong-pass-Ys66",
  "bad-json-Zt08",
  "secret-topic-Pw11",
  "moulinsart",
];

/** The webhook of these tests: every check on, one route per behaviour. */
function webhook(options: WebhookOptions = {}, api?: AppApi): Webhook {
  const app = new Webhook({
    privateKey: KEY,
    authUsername: USER,
    authPassword: PASSWORD,
    path: PATH,
    timeout: 50,
    logger: null,
    maxBodyBytes: 16 * 1024,
    bodyTimeout: 100,
    ...options,
  });
  app.on(STEP, function greet(_request, _response, { event }) {
    return { actions: [], session: event.session };
  }, StepID(STEPS.answer));
  app.on(STEP, function explode(_request, _response, { event }) {
    throw new Error(`${ERROR_SECRET} ${String(event.session.values["secret"])}`);
  }, StepID(STEPS.fails));
  app.on(STEP, function dawdle() {
    return new Promise<never>(() => {});
  }, StepID(STEPS.slow));
  app.on(STEP, function misspell() {
    return { actions: [{ type: `send_${SESSION_SECRET}` }] } as never;
  }, StepID(STEPS.invalid));
  // A filter and a handler that start spans of their own, through the application's API.
  app.on(
    STEP,
    function lookup() {
      api?.trace.getTracer("app").startSpan("app.lookup", {}, api.context.active()).end();
      return { actions: [] };
    },
    async (json) => {
      await Promise.resolve();
      api?.trace.getTracer("app").startSpan("app.filter", {}, api.context.active()).end();
      return (json as { data: { step: { id: string } } }).data.step.id === STEPS.lookup;
    },
  );
  return app;
}

interface Send {
  stepId?: string;
  topic?: string;
  body?: string | Uint8Array;
  auth?: string;
  date?: string;
  headers?: Record<string, string>;
  path?: string;
  method?: string;
  /** An X-Hub-Signature of its own, instead of the right one. */
  signature?: string;
}

/** A request as the platform sends it: signed, with the credentials, on PATH. */
async function platformRequest(send: Send = {}): Promise<Request> {
  const body = send.body ?? notification(send.stepId ?? STEPS.answer, send.topic);
  const request = await signedRequest({
    body,
    privateKey: KEY,
    date: send.date,
    auth: send.auth ?? AUTH,
    headers: send.headers,
    method: send.method,
    url: `http://localhost${send.path ?? PATH}?token=${URL_SECRET}`,
  });
  if (send.signature === undefined) return request;
  const headers = new Headers(request.headers);
  headers.set("x-hub-signature", send.signature);
  return new Request(request, { headers });
}

/** A request whose body is a stream: it never ends, or it fails. */
function streamed(kind: "stuck" | "failing"): Request {
  return new Request(`http://localhost${PATH}`, {
    method: "POST",
    headers: { authorization: AUTH, date: httpDate() },
    body: new ReadableStream<Uint8Array>({
      pull(controller) {
        if (kind === "failing") controller.error(new Error("the client went away"));
        else return new Promise(() => {});
      },
    }),
    duplex: "half",
  } as RequestInit);
}

/** The request spans, and the children of each by name. */
function requestSpans(sdk: Sdk): ReadableSpan[] {
  return sdk.spans().filter((span) => span.name === REQUEST_SPAN);
}

/** The spans whose parent is `parent`. */
function childrenOf(sdk: Sdk, parent: ReadableSpan): ReadableSpan[] {
  const id = parent.spanContext().spanId;
  return sdk.spans().filter((span) => span.parentSpanContext?.spanId === id);
}

function metric(metrics: CollectedMetric[], name: string): CollectedMetric {
  const found = metrics.find((candidate) => candidate.name === name);
  assert.ok(found, `no metric ${name} in ${metrics.map((m) => m.name)}`);
  return found;
}

/** The counter's value for points with exactly these attributes. */
function count(metrics: CollectedMetric[], attributes: Record<string, unknown>): number {
  const points = metric(metrics, "clustaar.webhook.requests").points.filter((point) =>
    isDeepStrictEqual(point.attributes, attributes)
  );
  return points.reduce((sum, point) => sum + (point.value as number), 0);
}

/** The histogram's count for points with exactly these attributes. */
function timed(metrics: CollectedMetric[], attributes: Record<string, unknown>): number {
  const points = metric(metrics, "clustaar.webhook.duration").points.filter((point) =>
    isDeepStrictEqual(point.attributes, attributes)
  );
  return points.reduce((sum, point) => sum + (point.value as { count: number }).count, 0);
}

/** Runs `work` with an SDK registered through `api`, and unregisters it whatever happens. */
async function withSdk(
  api: AppApi,
  work: (sdk: Sdk) => Promise<void>,
  options?: Parameters<typeof installSdk>[1],
): Promise<void> {
  const sdk = installSdk(api, options);
  try {
    await work(sdk);
  } finally {
    await sdk.uninstall();
  }
}

for (const { label, version, api } of APP_APIS) {
  describe(`telemetry, with the SDK registered through ${label} (the webhook's is ${LIBRARY_API_VERSION})`, () => {
    test("Webhook.fetch() traces an answered request: a SERVER span, a child span per stage, and its metric points", async () => {
      await withSdk(api, async (sdk) => {
        const app = webhook();
        const response = await app.fetch(await platformRequest());
        assert.equal(response.status, 200);
        const [span, ...others] = requestSpans(sdk);
        assert.ok(span, "a request span");
        assert.equal(others.length, 0);
        assert.equal(span.kind, SpanKind.SERVER);
        assert.equal(span.parentSpanContext, undefined);
        assert.equal(span.instrumentationScope.name, "@clustaar/webhook");
        const attributes = {
          "clustaar.outcome": "answered",
          "http.response.status_code": 200,
          "clustaar.topic": STEP,
          "clustaar.step.id": STEPS.answer,
          "clustaar.route": "greet",
        };
        assert.deepEqual({ ...span.attributes }, attributes);
        assert.equal(span.status.code, SpanStatusCode.UNSET);
        const stages = childrenOf(sdk, span);
        assert.deepEqual(
          stages.map((stage) => stage.name),
          [STAGE.body, STAGE.signature, STAGE.replay, STAGE.routing, STAGE.handler, STAGE.answer],
        );
        for (const stage of stages) {
          assert.equal(stage.kind, SpanKind.INTERNAL);
          assert.equal(stage.spanContext().traceId, span.spanContext().traceId);
          assert.deepEqual({ ...stage.attributes }, {});
          assert.ok(stage.ended, stage.name);
        }
        const metrics = await sdk.metrics();
        assert.equal(count(metrics, attributes), 1);
        assert.equal(timed(metrics, attributes), 1);
        const duration = metric(metrics, "clustaar.webhook.duration");
        assert.equal(duration.unit, "s");
        assert.equal(metric(metrics, "clustaar.webhook.requests").unit, "{request}");
        assert.equal(duration.scope, "@clustaar/webhook");
      });
    });

    test("Webhook.fetch() traces each kind of refusal with its reason and status, and counts it", async () => {
      await withSdk(api, async (sdk) => {
        const app = webhook();
        const replayed = await platformRequest();
        const copy = replayed.clone();
        assert.equal((await app.fetch(replayed)).status, 200);
        const cases: [string, number, Request | Promise<Request>, Record<string, unknown>][] = [
          ["method", 405, platformRequest({ method: "PUT" }), {}],
          ["bad_host", 400, platformRequest({ headers: { host: "a b" } }), {}],
          ["no_route", 404, platformRequest({ path: "/elsewhere" }), {}],
          ["auth", 401, platformRequest({ auth: basic(USER, "wrong-pass-Ys66") }), {}],
          ["too_large", 413, platformRequest({ body: "x".repeat(20 * 1024) }), {}],
          ["body_timeout", 408, streamed("stuck"), {}],
          ["unreadable_body", 400, streamed("failing"), {}],
          [
            "signature",
            400,
            platformRequest({ signature: "sha1=" + "0".repeat(40) }),
            {},
          ],
          ["stale", 400, platformRequest({ date: httpDate(Date.now() - 3_600_000) }), {}],
          ["replay", 409, copy, {}],
          ["bad_json", 400, platformRequest({ body: '{"bad-json-Zt08": ' }), {}],
          ["bad_notification", 400, platformRequest({ body: '{"topic": 1}' }), {}],
          [
            "no_route",
            404,
            platformRequest({ stepId: STEPS.declined }),
            { "clustaar.topic": STEP, "clustaar.step.id": STEPS.declined },
          ],
          [
            "no_route",
            404,
            platformRequest({ topic: "acme.secret-topic-Pw11" }),
            { "clustaar.topic": "_OTHER", "clustaar.step.id": STEPS.answer },
          ],
        ];
        for (const [reason, status, request, known] of cases) {
          const before = requestSpans(sdk).length;
          const response = await app.fetch(await request);
          assert.equal(response.status, status, reason);
          const spans = requestSpans(sdk);
          assert.equal(spans.length, before + 1, reason);
          const span = spans.at(-1)!;
          const attributes = {
            "clustaar.outcome": "refused",
            "clustaar.reject_reason": reason,
            "http.response.status_code": status,
            ...known,
          };
          assert.deepEqual({ ...span.attributes }, attributes, reason);
          // A refusal is the client's error, not the server's.
          assert.equal(span.status.code, SpanStatusCode.UNSET, reason);
          assert.equal(span.kind, SpanKind.SERVER);
        }
        const metrics = await sdk.metrics();
        for (const [reason, status, , known] of cases) {
          const attributes = {
            "clustaar.outcome": "refused",
            "clustaar.reject_reason": reason,
            "http.response.status_code": status,
            ...known,
          };
          assert.equal(count(metrics, attributes), 1, reason);
          assert.equal(timed(metrics, attributes), 1, reason);
        }
        // The stages a refusal reached: the signature's refusal read the body and checked it.
        const signature = requestSpans(sdk).find((span) =>
          span.attributes["clustaar.reject_reason"] === "signature"
        )!;
        assert.deepEqual(childrenOf(sdk, signature).map((stage) => stage.name), [
          STAGE.body,
          STAGE.signature,
        ]);
        // A refusal after the replay stage forgets the request again (a retry is not a replay).
        const declined = requestSpans(sdk).find((span) =>
          span.attributes["clustaar.step.id"] === STEPS.declined
        )!;
        assert.deepEqual(childrenOf(sdk, declined).map((stage) => stage.name), [
          STAGE.body,
          STAGE.signature,
          STAGE.replay,
          STAGE.routing,
          STAGE.forget,
        ]);
      });
    });

    test("Webhook.fetch() traces a failing handler as failed (error.type handler), without the error's text", async () => {
      await withSdk(api, async (sdk) => {
        const response = await webhook().fetch(await platformRequest({ stepId: STEPS.fails }));
        assert.equal(response.status, 500);
        const [span] = requestSpans(sdk);
        assert.ok(span);
        const attributes = {
          "clustaar.outcome": "failed",
          "error.type": "handler",
          "http.response.status_code": 500,
          "clustaar.topic": STEP,
          "clustaar.step.id": STEPS.fails,
          "clustaar.route": "explode",
        };
        assert.deepEqual({ ...span.attributes }, attributes);
        assert.equal(span.status.code, SpanStatusCode.ERROR);
        assert.equal(span.status.message, undefined);
        for (const each of sdk.spans()) assert.deepEqual(each.events, [], each.name);
        assert.deepEqual(childrenOf(sdk, span).map((stage) => stage.name), [
          STAGE.body,
          STAGE.signature,
          STAGE.replay,
          STAGE.routing,
          STAGE.handler,
          STAGE.forget,
        ]);
        const metrics = await sdk.metrics();
        assert.equal(count(metrics, attributes), 1);
        assert.equal(timed(metrics, attributes), 1);
      });
    });

    test("Webhook.fetch() traces a handler that misses the deadline as a timeout, with the 504 or onTimeout's answer", async () => {
      await withSdk(api, async (sdk) => {
        const late = await webhook().fetch(await platformRequest({ stepId: STEPS.slow }));
        assert.equal(late.status, 504);
        const fallback = webhook({ onTimeout: () => ({ actions: [] }) });
        const answered = await fallback.fetch(await platformRequest({ stepId: STEPS.slow }));
        assert.equal(answered.status, 200);
        const spans = requestSpans(sdk);
        assert.equal(spans.length, 2);
        const common = {
          "clustaar.outcome": "timeout",
          "error.type": "timeout",
          "clustaar.topic": STEP,
          "clustaar.step.id": STEPS.slow,
          "clustaar.route": "dawdle",
        };
        assert.deepEqual({ ...spans[0]!.attributes }, {
          ...common,
          "http.response.status_code": 504,
        });
        assert.deepEqual({ ...spans[1]!.attributes }, {
          ...common,
          "http.response.status_code": 200,
        });
        for (const span of spans) {
          assert.equal(span.status.code, SpanStatusCode.ERROR);
          assert.ok(childrenOf(sdk, span).some((stage) => stage.name === STAGE.handler));
        }
        const metrics = await sdk.metrics();
        assert.equal(count(metrics, { ...common, "http.response.status_code": 504 }), 1);
        assert.equal(count(metrics, { ...common, "http.response.status_code": 200 }), 1);
      });
    });

    test("Webhook.fetch() traces a failing replay store (503) and an invalid answer (500) as failed", async () => {
      await withSdk(api, async (sdk) => {
        const broken: ReplayStore = {
          add: () => Promise.reject(new Error(`redis down ${KEY}`)),
        };
        const down = await webhook({ replayStore: broken }).fetch(await platformRequest());
        assert.equal(down.status, 503);
        const invalid = await webhook().fetch(await platformRequest({ stepId: STEPS.invalid }));
        assert.equal(invalid.status, 500);
        const [store, answer] = requestSpans(sdk);
        assert.deepEqual({ ...store!.attributes }, {
          "clustaar.outcome": "failed",
          "error.type": "store",
          "http.response.status_code": 503,
        });
        assert.deepEqual(childrenOf(sdk, store!).map((stage) => stage.name), [
          STAGE.body,
          STAGE.signature,
          STAGE.replay,
        ]);
        assert.deepEqual({ ...answer!.attributes }, {
          "clustaar.outcome": "failed",
          "error.type": "answer",
          "http.response.status_code": 500,
          "clustaar.topic": STEP,
          "clustaar.step.id": STEPS.invalid,
          "clustaar.route": "misspell",
        });
        assert.ok(childrenOf(sdk, answer!).some((stage) => stage.name === STAGE.answer));
        for (const span of [store!, answer!]) assert.equal(span.status.code, SpanStatusCode.ERROR);
      });
    });

    test("Webhook.fetch() runs the filters and the handler with their stage's span active", async () => {
      await withSdk(api, async (sdk) => {
        const response = await webhook({}, api).fetch(
          await platformRequest({ stepId: STEPS.lookup }),
        );
        assert.equal(response.status, 200);
        const [span] = requestSpans(sdk);
        assert.equal(span!.attributes["clustaar.route"], "lookup");
        const stages = childrenOf(sdk, span!);
        const routing = stages.find((stage) => stage.name === STAGE.routing)!;
        const handler = stages.find((stage) => stage.name === STAGE.handler)!;
        // The asynchronous filter of the route before is tried for every step: one span each time.
        assert.ok(childrenOf(sdk, routing).every((child) => child.name === "app.filter"));
        assert.equal(childrenOf(sdk, routing).length, 1);
        assert.deepEqual(childrenOf(sdk, handler).map((child) => child.name), ["app.lookup"]);
      });
    });

    test("Webhook.fetch() inside another span is an INTERNAL child of it (a server that traces its requests)", async () => {
      await withSdk(api, async (sdk) => {
        const app = webhook();
        const outer = api.trace.getTracer("server").startSpan("POST", { kind: SpanKind.SERVER });
        const inside = api.trace.setSpan(api.context.active(), outer);
        const request = await platformRequest();
        const response = await api.context.with(inside, () => app.fetch(request));
        outer.end();
        assert.equal(response.status, 200);
        const [span] = requestSpans(sdk);
        assert.equal(span!.kind, SpanKind.INTERNAL);
        assert.equal(span!.parentSpanContext?.spanId, outer.spanContext().spanId);
        assert.equal(span!.spanContext().traceId, outer.spanContext().traceId);
      });
    });

    test("Webhook.fetch() sends no key, credential, URL, session value, body text or error text to telemetry", async () => {
      await withSdk(api, async (sdk) => {
        const app = webhook({}, api);
        const broken = webhook({ replayStore: { add: () => Promise.reject(new Error(KEY)) } });
        const requests: [Webhook, Request | Promise<Request>][] = [
          [app, platformRequest()],
          [app, platformRequest({ stepId: STEPS.fails })],
          [app, platformRequest({ stepId: STEPS.slow })],
          [app, platformRequest({ stepId: STEPS.invalid })],
          [app, platformRequest({ stepId: STEPS.lookup })],
          [app, platformRequest({ auth: basic(USER, "wrong-pass-Ys66") })],
          [app, platformRequest({ signature: `sha1=${KEY}` })],
          [app, platformRequest({ body: '{"bad-json-Zt08": ' })],
          [app, platformRequest({ topic: "acme.secret-topic-Pw11" })],
          [broken, platformRequest()],
        ];
        const signatures: string[] = [];
        for (const [webhook, pending] of requests) {
          const request = await pending;
          signatures.push(request.headers.get("x-hub-signature") ?? "");
          await webhook.fetch(request);
        }
        const secrets = [...SECRETS, ...signatures.map((header) => header.slice("sha1=".length))];
        const texts: string[] = [];
        for (const span of sdk.spans()) {
          texts.push(span.name, span.status.message ?? "");
          collect(span.attributes, texts);
          for (const event of span.events) texts.push(event.name), collect(event.attributes, texts);
          for (const link of span.links) collect(link.attributes, texts);
        }
        for (const entry of await sdk.metrics()) {
          texts.push(entry.name, entry.description, entry.unit, entry.scope);
          for (const point of entry.points) collect(point.attributes, texts);
        }
        assert.ok(texts.length > 100, `${texts.length} values scanned`);
        for (const text of texts) {
          for (const secret of secrets) {
            assert.ok(!text.includes(secret), `${JSON.stringify(text)} holds a secret`);
          }
        }
        // What a request gave telemetry: the topic, the step ids and the routes, no more.
        const fromRequests = new Set(
          sdk.spans().flatMap((span) =>
            ["clustaar.topic", "clustaar.step.id"].map((name) => span.attributes[name])
          ).filter((value) => value !== undefined),
        );
        assert.deepEqual(
          [...fromRequests].sort(),
          [STEP, "_OTHER", STEPS.answer, STEPS.fails, STEPS.slow, STEPS.invalid, STEPS.lookup]
            .sort(),
        );
      });
    });

    test(
      `the webhook's own copy of the API alone would ${
        minor(version) < minor(LIBRARY_API_VERSION) ? "be off" : "record too"
      }: why the webhook reads the global registration itself`,
      async () => {
        await withSdk(api, async (sdk) => {
          const standard = libraryTrace.getTracer("standard").startSpan("probe");
          const recording = standard.isRecording();
          standard.end();
          const older = minor(version) < minor(LIBRARY_API_VERSION);
          assert.equal(recording, !older);
          await webhook().fetch(await platformRequest());
          assert.equal(requestSpans(sdk).length, 1);
        });
      },
    );
  });
}

// One application copy is enough for what follows.
const { api } = APP_APIS[0]!;

describe("telemetry options and lifecycle", () => {
  test("Webhook({ telemetry: false }) records nothing; { name } names the tracer and the meter", async () => {
    await withSdk(api, async (sdk) => {
      const off = webhook({ telemetry: false });
      assert.equal((await off.fetch(await platformRequest())).status, 200);
      assert.equal(sdk.spans().length, 0);
      const named = webhook({ telemetry: { name: "support-bot" } });
      assert.equal((await named.fetch(await platformRequest())).status, 200);
      const [span] = requestSpans(sdk);
      assert.equal(span!.instrumentationScope.name, "support-bot");
      const metrics = await sdk.metrics();
      assert.deepEqual(
        [...new Set(metrics.map((entry) => entry.scope))],
        ["support-bot"],
        "only the named webhook's metrics",
      );
      assert.equal(
        metrics.reduce((sum, entry) => sum + entry.points.length, 0),
        2,
        "one point per instrument",
      );
    });
  });

  test("Webhook() refuses a telemetry option of the wrong type", () => {
    for (const telemetry of [null, "on", 1, { name: "" }, { name: 7 }]) {
      assert.throws(
        () => new Webhook({ telemetry: telemetry as never }),
        (error: unknown) =>
          error instanceof TypeError && /^Cannot create the webhook: telemetry/.test(error.message),
        String(telemetry),
      );
    }
    for (const telemetry of [undefined, true, false, {}, { name: "bot" }]) {
      new Webhook({ telemetry });
    }
  });

  test("Webhook.fetch() uses an SDK registered after the webhook was created, and the next one after it", async () => {
    const app = webhook({ replayStore: null }); // the same request, again and again
    assert.equal((await app.fetch(await platformRequest())).status, 200);
    for (const { api: each } of APP_APIS) {
      await withSdk(each, async (sdk) => {
        assert.equal((await app.fetch(await platformRequest())).status, 200);
        assert.equal(requestSpans(sdk).length, 1);
        const metrics = await sdk.metrics();
        assert.equal(metric(metrics, "clustaar.webhook.requests").points.length, 1);
      });
    }
    // Unregistered: nothing records, nothing fails.
    assert.equal((await app.fetch(await platformRequest())).status, 200);
  });

  test("Webhook.fetch() still counts a request whose trace is sampled out", async () => {
    await withSdk(api, async (sdk) => {
      const response = await webhook().fetch(await platformRequest());
      assert.equal(response.status, 200);
      assert.equal(sdk.spans().length, 0);
      const metrics = await sdk.metrics();
      assert.equal(
        count(metrics, {
          "clustaar.outcome": "answered",
          "http.response.status_code": 200,
          "clustaar.topic": STEP,
          "clustaar.step.id": STEPS.answer,
          "clustaar.route": "greet",
        }),
        1,
      );
    }, { sampler: new AlwaysOffSampler() });
  });

  test("Webhook.fetch() traces with a tracer provider alone, and counts with a meter provider alone", async () => {
    await withSdk(api, async (sdk) => {
      await webhook().fetch(await platformRequest());
      assert.equal(requestSpans(sdk).length, 1);
    }, { noMetrics: true });
    await withSdk(api, async (sdk) => {
      await webhook().fetch(await platformRequest());
      assert.equal(sdk.spans().length, 0);
      const metrics = await sdk.metrics();
      assert.equal(metric(metrics, "clustaar.webhook.requests").points.length, 1);
    }, { noTraces: true });
  });

  test("Webhook.fetch() caps step ids and route names at 64 characters", async () => {
    await withSdk(api, async (sdk) => {
      const app = new Webhook({ logger: null, requestMaxAge: null });
      const name = "h".repeat(100);
      const handler = { [name]: () => ({ actions: [] }) }[name]!;
      app.on(STEP, handler);
      const stepId = "s".repeat(100);
      const response = await app.fetch(
        new Request("http://localhost/", { method: "POST", body: notification(stepId) }),
      );
      assert.equal(response.status, 200);
      const [span] = requestSpans(sdk);
      assert.equal(span!.attributes["clustaar.step.id"], "s".repeat(64));
      assert.equal(span!.attributes["clustaar.route"], "h".repeat(64));
    });
  });

  test("Webhook.fetch() answers as usual when the SDK throws", async () => {
    const key = Symbol.for("opentelemetry.js.api.1");
    const failing = () => {
      throw new Error("broken SDK");
    };
    const globals = globalThis as Record<symbol, unknown>;
    for (
      const broken of [
        { version: "1.9.0", trace: { getTracer: failing } },
        { version: "1.9.0", trace: { getTracer: () => ({ startSpan: failing }) } },
        {
          version: "1.9.0",
          metrics: {
            getMeter: () => ({
              createCounter: () => ({ add: failing }),
              createHistogram: () => ({ record: failing }),
            }),
          },
        },
        {
          version: "1.9.0",
          trace: {
            getTracer: () => ({
              startSpan: () => ({
                isRecording: () => true,
                end: failing,
                setAttributes: failing,
                setStatus: failing,
              }),
            }),
          },
          context: { active: failing, with: failing },
        },
        // A context manager whose with() fails: the handler still runs, once.
        {
          version: "1.9.0",
          trace: {
            getTracer: () => ({
              startSpan: () => ({
                isRecording: () => true,
                end() {},
                setAttributes() {},
                setStatus() {},
              }),
            }),
          },
          context: { active: () => ROOT_CONTEXT, with: failing },
        },
      ]
    ) {
      globals[key] = broken;
      try {
        const app = webhook();
        assert.equal((await app.fetch(await platformRequest())).status, 200);
        assert.equal((await app.fetch(await platformRequest({ stepId: STEPS.fails }))).status, 500);
        assert.equal((await app.fetch(await platformRequest({ method: "PUT" }))).status, 405);
      } finally {
        delete globals[key];
      }
    }
  });
});

/** Every string of an attribute set (its keys and values), into `into`. */
function collect(attributes: Record<string, unknown> | undefined, into: string[]): void {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    into.push(name);
    for (const item of Array.isArray(value) ? value : [value]) into.push(String(item));
  }
}

/** The minor version of a version number. */
function minor(version: string): number {
  return Number(version.split(".")[1]);
}
