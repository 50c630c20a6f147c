/**
 * The types a webhook is configured and extended with: its options, its
 * handlers and what they receive, refusals, and the routes it lists.
 *
 * @module
 */
import type { Filter } from "./routing/filter.ts";
import type { ReplayStore } from "./security/replay.ts";
import type { SignatureAlgorithm } from "./security/signature.ts";
import type { StepReachedEvent, StepReachedResponse } from "./models/mod.ts";

/**
 * Why a request was refused before reaching a handler.
 *
 * @example Count the refusals that may be attacks
 * ```ts
 * import { type RejectReason, Webhook } from "@clustaar/webhook";
 *
 * const suspicious: ReadonlySet<RejectReason> = new Set(["auth", "signature", "replay"]);
 * let attacks = 0;
 * const app = new Webhook({
 *   privateKey: "XXXXXXXXXX",
 *   onReject: ({ reason }) => void (suspicious.has(reason) && attacks++),
 * });
 * ```
 *
 * @category Webhook
 */
export type RejectReason =
  | "method"
  | "bad_host"
  | "auth"
  | "too_large"
  | "body_timeout"
  | "unreadable_body"
  | "signature"
  | "stale"
  | "replay"
  | "bad_json"
  | "bad_notification"
  | "no_route";

/**
 * What {@linkcode WebhookOptions.onReject} receives.
 *
 * @example Log each refusal in one line
 * ```ts
 * import { type Rejection, Webhook } from "@clustaar/webhook";
 *
 * function logRefusal({ reason, status, request }: Rejection): void {
 *   console.warn(`refused ${new URL(request.url).pathname}: ${reason} (${status})`);
 * }
 * const app = new Webhook({ onReject: logRefusal });
 * ```
 *
 * @category Webhook
 */
export interface Rejection {
  /** Why the request was refused. */
  reason: RejectReason;
  /** The status sent back. */
  status: number;
  /** The message sent back in `{"error"}`. */
  message: string;
  /** The refused request. */
  request: Request;
}

/**
 * Where the webhook writes its own lines: warnings at registration
 * (unreachable route, unknown topic), refused requests when there is no
 * `onReject`, and failures when there is no `onError`. Each line is one
 * string, request text escaped; a logger may return a promise (its failure
 * is ignored).
 *
 * @example Send the webhook's lines to a structured logger
 * ```ts
 * import { type Logger, Webhook } from "@clustaar/webhook";
 *
 * const logger: Logger = {
 *   warn: (message) => console.log(JSON.stringify({ level: "warn", message })),
 *   error: (message) => console.log(JSON.stringify({ level: "error", message })),
 * };
 * const app = new Webhook({ logger });
 * ```
 *
 * @category Webhook
 */
export interface Logger {
  /** Writes a warning or a refusal. */
  warn(message: string): unknown;
  /** Writes a failure (default: `warn`). */
  error?(message: string): unknown;
}

/**
 * Options of {@linkcode Webhook}.
 *
 * All are optional: `new Webhook()` checks the method, the body size, the
 * `Date` header (10 s) and the notification's shape, and validates answers.
 *
 * @example A webhook with every check of the platform on
 * ```ts
 * import { Webhook, type WebhookOptions } from "@clustaar/webhook";
 *
 * const options: WebhookOptions = {
 *   privateKey: "XXXXXXXXXX",
 *   authUsername: "bot",
 *   authPassword: "s3cret",
 *   path: "/clustaar",
 *   timeout: 2_000,
 * };
 * const app = new Webhook(options);
 * ```
 *
 * @category Webhook
 */
export interface WebhookOptions {
  /**
   * The bot's webhook private key: when set, every request must carry a valid
   * `X-Hub-Signature`. Several keys may be given during a rotation. Only
   * leaving it out (or `undefined`) turns the check off: `null`, `""`, `[]`
   * or a list holding anything but non-empty strings is a `TypeError`.
   *
   * @example One key, or two during a rotation
   * ```ts
   * import { Webhook } from "@clustaar/webhook";
   *
   * const app = new Webhook({ privateKey: "XXXXXXXXXX" });
   * const rotating = new Webhook({ privateKey: ["old-key", "new-key"] });
   * ```
   */
  privateKey?: string | readonly string[];
  /**
   * Hash functions accepted in `X-Hub-Signature` (default `["sha1"]`, the platform's).
   *
   * @example Accept SHA-256 signatures too
   * ```ts
   * import { Webhook } from "@clustaar/webhook";
   *
   * const app = new Webhook({ privateKey: "XXXXXXXXXX", algorithms: ["sha1", "sha256"] });
   * ```
   */
  algorithms?: readonly SignatureAlgorithm[];
  /**
   * `"auto"` (default) computes signatures with the runtime's synchronous
   * built-in HMAC where there is one, else Web Crypto; `"webcrypto"` forces Web Crypto.
   *
   * @example Compute signatures with Web Crypto only
   * ```ts
   * import { Webhook } from "@clustaar/webhook";
   *
   * const app = new Webhook({ privateKey: "XXXXXXXXXX", crypto: "webcrypto" });
   * ```
   */
  crypto?: "auto" | "webcrypto";
  /**
   * HTTP Basic username; set with {@linkcode WebhookOptions.authPassword}.
   *
   * @example Require the credentials of the webhook's configuration
   * ```ts
   * import { Webhook } from "@clustaar/webhook";
   *
   * const app = new Webhook({ authUsername: "bot", authPassword: "s3cret" });
   * ```
   */
  authUsername?: string;
  /**
   * HTTP Basic password; may contain `:`.
   *
   * @example A password with a colon
   * ```ts
   * import { Webhook } from "@clustaar/webhook";
   *
   * const app = new Webhook({ authUsername: "bot", authPassword: "pass:word" });
   * ```
   */
  authPassword?: string;
  /**
   * The realm named in `WWW-Authenticate` (default `"Clustaar webhook"`).
   *
   * @example Name the realm
   * ```ts
   * import { Webhook } from "@clustaar/webhook";
   *
   * const app = new Webhook({ authUsername: "bot", authPassword: "s3cret", authRealm: "Support bot" });
   * ```
   */
  authRealm?: string;
  /**
   * How old (or how far in the future) a request's `Date` may be, in
   * seconds; default 10, `null` disables the check.
   *
   * @example A wider window, or none (for a fixed `Date`, as in load tests)
   * ```ts
   * import { Webhook } from "@clustaar/webhook";
   *
   * const tolerant = new Webhook({ privateKey: "XXXXXXXXXX", requestMaxAge: 30 });
   * const fixedDate = new Webhook({ privateKey: "XXXXXXXXXX", requestMaxAge: null });
   * ```
   */
  requestMaxAge?: number | null;
  /**
   * Remembers accepted signatures within the `Date` window so that a captured
   * request cannot be replayed (409). Default: an in-memory store when a
   * private key and a max age are set; `null` disables it. A store that
   * fails, or does not answer within `timeout` (10 s without it), makes the
   * request a 503. A recorded request whose answer is not a 2xx is forgotten
   * again (with the store's `delete`), so that its retry is not a replay.
   *
   * @example A smaller in-memory store, or none
   * ```ts
   * import { MemoryReplayStore, Webhook } from "@clustaar/webhook";
   *
   * const app = new Webhook({
   *   privateKey: "XXXXXXXXXX",
   *   replayStore: new MemoryReplayStore({ maxEntries: 100_000 }),
   * });
   * const unguarded = new Webhook({ privateKey: "XXXXXXXXXX", replayStore: null });
   * ```
   */
  replayStore?: ReplayStore | null;
  /**
   * How far apart, in seconds, the clocks of the instances that share a
   * replay store may be (default 10): each signature is remembered until
   * `Date + requestMaxAge + clockSkew`, so that an instance whose clock is
   * behind cannot accept a replay after a faster instance's record expired.
   *
   * @example Instances whose clocks may be 30 s apart
   * ```ts
   * import { Webhook } from "@clustaar/webhook";
   *
   * const app = new Webhook({ privateKey: "XXXXXXXXXX", clockSkew: 30 });
   * ```
   */
  clockSkew?: number;
  /**
   * The largest body accepted, in bytes (default 1 MiB); larger gets 413.
   *
   * @example Refuse bodies over 64 KiB
   * ```ts
   * import { Webhook } from "@clustaar/webhook";
   *
   * const app = new Webhook({ maxBodyBytes: 64 * 1024 });
   * ```
   */
  maxBodyBytes?: number;
  /**
   * How long the body may take to arrive once the headers did, in
   * milliseconds (default 10,000); later gets 408 (`body_timeout`). Bounds
   * what a client that announces a body and sends it slowly, or never, holds.
   *
   * @example Give slow networks 30 seconds
   * ```ts
   * import { Webhook } from "@clustaar/webhook";
   *
   * const app = new Webhook({ bodyTimeout: 30_000 });
   * ```
   */
  bodyTimeout?: number;
  /**
   * Only this URL path is served (default: any path); others get 404.
   *
   * @example Serve the webhook on one path of a shared server
   * ```ts
   * import { Webhook } from "@clustaar/webhook";
   *
   * const app = new Webhook({ path: "/clustaar" });
   * const response = await app.fetch(new Request("http://localhost/other", { method: "POST" }));
   * console.assert(response.status === 404);
   * ```
   */
  path?: string;
  /**
   * Validate each handler's answer against the platform's schemas before
   * sending it (default `true`).
   *
   * @example Send answers unchecked
   * ```ts
   * import { Webhook } from "@clustaar/webhook";
   *
   * const app = new Webhook({ validateResponses: false });
   * ```
   */
  validateResponses?: boolean;
  /**
   * A deadline, in milliseconds, for what the webhook waits on after the body
   * (default: none): asynchronous filters and the handler, together. A late
   * one gets a 504 (or `onTimeout`'s answer) and is reported to `onError`.
   * Synchronous code cannot be interrupted: its answer is sent. It also
   * bounds each wait for the replay store (default 10 s, then a 503) and
   * {@linkcode Webhook.explain}.
   *
   * @example Answer within 2 seconds or with a 504
   * ```ts
   * import { Webhook } from "@clustaar/webhook";
   *
   * const app = new Webhook({ timeout: 2_000 });
   * ```
   */
  timeout?: number;
  /**
   * The answer sent when the filters or the handler miss the deadline;
   * without it (or when it throws, or misses a deadline of its own, the same
   * `timeout`), a 504. It sees the notification as it arrived, and its answer
   * goes out with status 200 whatever the late handler did to its
   * `response`. The late result is discarded and reported to `onError`.
   *
   * @example Fall back on the step's own actions
   * ```ts
   * import { type StepReachedEvent, Webhook } from "@clustaar/webhook";
   *
   * const app = new Webhook({
   *   timeout: 2_000,
   *   onTimeout: (notification) => {
   *     const event = notification.event as unknown as StepReachedEvent;
   *     return { actions: event.step.actions, session: event.session };
   *   },
   * });
   * ```
   */
  onTimeout?: (notification: IncomingNotification) => unknown;
  /**
   * Called for every handler failure, every 500, every missed deadline and
   * every failure of the replay store (a 503). Default: one line per failure
   * through `logger` (its `error`, else `warn`). A promise it returns is not
   * waited for; what it throws or rejects is ignored.
   *
   * @example Report failures with the request's path
   * ```ts
   * import { Webhook } from "@clustaar/webhook";
   *
   * const app = new Webhook({
   *   onError: (error, request) => console.error(`${new URL(request.url).pathname}:`, error),
   * });
   * ```
   */
  onError?: (error: unknown, request: Request) => unknown;
  /**
   * Called for every refused request. Default: one line per refusal through
   * `logger.warn` (at most 10 a minute, then a count). A promise it returns
   * is not waited for; what it throws or rejects goes to `onError`.
   *
   * @example Count refusals by reason
   * ```ts
   * import { Webhook } from "@clustaar/webhook";
   *
   * const refused = new Map<string, number>();
   * const app = new Webhook({
   *   onReject: ({ reason }) => void refused.set(reason, (refused.get(reason) ?? 0) + 1),
   * });
   * ```
   */
  onReject?: (rejection: Rejection) => unknown;
  /**
   * Where the webhook's own lines go: warnings, and the default lines of
   * `onReject` and `onError` (default: `console`); `null` writes nothing.
   *
   * @example Prefix the webhook's lines, or write none
   * ```ts
   * import { Webhook } from "@clustaar/webhook";
   *
   * const app = new Webhook({ logger: { warn: (message) => console.warn(`[clustaar] ${message}`) } });
   * const quiet = new Webhook({ logger: null });
   * ```
   */
  logger?: Logger | null;
  /**
   * Topics outside `events` that this webhook handles on purpose:
   * `on()` registers them without the warning a misspelt topic gets.
   *
   * @example Handle a topic of your own
   * ```ts
   * import { Webhook } from "@clustaar/webhook";
   *
   * const app = new Webhook({ topics: ["acme.audit"] });
   * app.on("acme.audit", () => ({ ok: true })); // no warning
   * ```
   */
  topics?: readonly string[];
  /**
   * Traces and metrics through OpenTelemetry (default: on, which costs
   * nothing until the application registers an SDK, or runs Deno with
   * `OTEL_DENO=true`): a span `clustaar.webhook` per request, with a child
   * span per stage, and the metrics `clustaar.webhook.requests` and
   * `clustaar.webhook.duration` (seconds). `false` turns them off;
   * `{ name }` names the tracer and the meter (default `"@clustaar/webhook"`).
   * See {@linkcode TelemetryOptions}.
   *
   * @example Name the tracer and meter of one of several webhooks, or turn telemetry off
   * ```ts
   * import { Webhook } from "@clustaar/webhook";
   *
   * const support = new Webhook({ telemetry: { name: "support-bot" } });
   * const untraced = new Webhook({ telemetry: false });
   * ```
   */
  telemetry?: boolean | TelemetryOptions;
  /**
   * The clock, in milliseconds since the epoch (default `Date.now`).
   *
   * @example A clock that moves only when told, for tests
   * ```ts
   * import { Webhook } from "@clustaar/webhook";
   * import { createClock } from "@clustaar/webhook/testing";
   *
   * const clock = createClock("2018-01-03T16:58:29Z");
   * const app = new Webhook({ now: clock.now });
   * clock.advance(5_000);
   * ```
   */
  now?: () => number;
}

/**
 * Options of the webhook's telemetry ({@linkcode WebhookOptions.telemetry}).
 *
 * The webhook uses whatever OpenTelemetry SDK the application registered,
 * through any copy of `@opentelemetry/api` 1.x (it reads the API's global
 * registration itself, so a copy older than the webhook's does not turn it
 * off), and Deno's built-in OpenTelemetry (`OTEL_DENO=true`).
 *
 * Each request is a span `clustaar.webhook` (kind `SERVER`, or `INTERNAL`
 * inside another span such as Deno.serve's), whose children time the stages:
 * `clustaar.webhook.body`, `.signature`, `.replay`, `.routing`, `.handler`
 * (the handler runs with it as the active span), `.answer` (validation and
 * serialisation) and `.forget` (the replay store forgetting a failed
 * request). The request span and the metrics `clustaar.webhook.requests`
 * (a counter) and `clustaar.webhook.duration` (a histogram, in seconds) carry
 * `clustaar.outcome` (`answered`, `refused`, `failed`, `timeout`),
 * `http.response.status_code`, and when known `clustaar.topic` (`_OTHER` for
 * a topic the webhook does not know), `clustaar.step.id`, `clustaar.route`
 * (the handler's name), `clustaar.reject_reason` and `error.type` (what
 * failed: `handler`, `filter`, `answer`, `store`, `internal`, or `timeout`).
 * Nothing else of a request goes into telemetry.
 *
 * @example Register an SDK, then serve
 * ```ts ignore
 * import { trace } from "@opentelemetry/api";
 * import {
 *   BasicTracerProvider,
 *   ConsoleSpanExporter,
 *   SimpleSpanProcessor,
 * } from "@opentelemetry/sdk-trace-base";
 * import { Webhook } from "@clustaar/webhook";
 *
 * trace.setGlobalTracerProvider(
 *   new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())] }),
 * );
 * const app = new Webhook({ telemetry: { name: "support-bot" } });
 * ```
 *
 * @category Webhook
 */
export interface TelemetryOptions {
  /** The name of the tracer and the meter (the instrumentation scope); default `"@clustaar/webhook"`. */
  name?: string;
}

/**
 * What a handler receives as its third argument: the parsed notification.
 *
 * @example Read the notification in a handler
 * ```ts
 * import { events, Webhook } from "@clustaar/webhook";
 *
 * const app = new Webhook();
 * app.on(events.CONVERSATION_STEP_REACHED, (_request, _response, notification) => {
 *   console.log(notification.topic, notification.botID, new Date(notification.timestamp * 1000));
 *   return { actions: notification.event.step.actions };
 * });
 * ```
 *
 * @category Webhook
 */
export interface IncomingNotification<TEvent = Record<string, unknown>> {
  /** The event name, e.g. `"conversation.step_reached"`. */
  topic: string;
  /** The bot's id. */
  botID: string;
  /** When the platform emitted it, in Unix seconds. */
  timestamp: number;
  /** The event: the notification's `data`, as sent. Mutable. */
  event: TEvent;
}

/**
 * The response being built: a handler may change its status and headers.
 *
 * @example Add a header to the answer
 * ```ts
 * import { events, Webhook } from "@clustaar/webhook";
 *
 * const app = new Webhook();
 * app.on(events.CONVERSATION_STEP_REACHED, (_request, response) => {
 *   response.headers.set("x-handled-by", "greeter");
 *   return { actions: [] };
 * });
 * ```
 *
 * @category Webhook
 */
export interface HandlerResponse {
  /** The HTTP status (default 200). */
  status: number;
  /** Headers added to the answer. */
  headers: Headers;
}

/**
 * Events and answers per topic, for typed handlers.
 *
 * @example The types of a step-reached route
 * ```ts
 * import type { TopicTypes } from "@clustaar/webhook";
 *
 * type Step = TopicTypes["conversation.step_reached"];
 * const answer: Step["response"] = { actions: [] };
 * ```
 *
 * @category Webhook
 */
export interface TopicTypes {
  /** A conversation reached a bot step. */
  "conversation.step_reached": { event: StepReachedEvent; response: StepReachedResponse };
}

/**
 * The event type of a topic.
 *
 * @example A helper typed by topic
 * ```ts
 * import type { AnswerOf, EventOf } from "@clustaar/webhook";
 *
 * function echo(event: EventOf<"conversation.step_reached">): AnswerOf<"conversation.step_reached"> {
 *   return { actions: event.step.actions, session: event.session };
 * }
 * ```
 *
 * @category Webhook
 */
export type EventOf<T extends string> = T extends keyof TopicTypes ? TopicTypes[T]["event"]
  : Record<string, unknown>;

/**
 * The answer type of a topic.
 *
 * @example The answer of a step-reached route
 * ```ts
 * import type { AnswerOf } from "@clustaar/webhook";
 *
 * const answer: AnswerOf<"conversation.step_reached"> = { actions: [] };
 * ```
 *
 * @category Webhook
 */
export type AnswerOf<T extends string> = T extends keyof TopicTypes ? TopicTypes[T]["response"]
  : unknown;

/**
 * A route handler: returns (or resolves to) the answer's body, or a
 * `Response` to take full control.
 *
 * `Handler<T>` types a handler written apart from {@linkcode Webhook.on}:
 * its notification's event and its answer follow the topic `T`.
 *
 * @example A handler written apart from on()
 * ```ts
 * import { events, type Handler, SendTextAction, StepReachedResponse, Webhook } from "@clustaar/webhook";
 *
 * const greet: Handler<typeof events.CONVERSATION_STEP_REACHED> = (_request, _response, notification) => {
 *   const name = notification.event.session.values["name"] ?? "there";
 *   return StepReachedResponse({ actions: [SendTextAction({ alternatives: [`Hi ${name}!`] })] });
 * };
 *
 * const app = new Webhook();
 * app.on(events.CONVERSATION_STEP_REACHED, greet);
 * ```
 *
 * @category Webhook
 */
export type Handler<T extends string = string> = (
  request: Request,
  response: HandlerResponse,
  notification: IncomingNotification<EventOf<T>>,
) => AnswerOf<T> | Response | Promise<AnswerOf<T> | Response>;

/**
 * Filters given to {@linkcode Webhook.on}: one, a list, or the guide's `{ filters }`.
 *
 * @example The three forms
 * ```ts
 * import { events, JSONKeyEquals, StepName, Webhook } from "@clustaar/webhook";
 *
 * const app = new Webhook();
 * const answer = () => ({ actions: [] });
 * app.on(events.CONVERSATION_STEP_REACHED, answer, StepName("Welcome"));
 * app.on(events.CONVERSATION_STEP_REACHED, answer, [StepName("Bye"), JSONKeyEquals("data.channel", "web")]);
 * app.on(events.CONVERSATION_STEP_REACHED, answer, { filters: StepName("Help") });
 * ```
 *
 * @category Routing
 */
export type RouteFilters = Filter | readonly Filter[] | { filters: Filter | readonly Filter[] };

/**
 * A registered route, as {@linkcode Webhook.routes} shows it.
 *
 * @example Print the routes at start-up
 * ```ts
 * import { events, StepName, Webhook } from "@clustaar/webhook";
 *
 * const app = new Webhook();
 * app.on(events.CONVERSATION_STEP_REACHED, function welcome() {
 *   return { actions: [] };
 * }, StepName("Welcome"));
 * for (const { topic, handler, filters } of app.routes) console.log(topic, handler, filters);
 * ```
 *
 * @category Webhook
 */
export interface RouteInfo {
  /** The topic it answers. */
  topic: string;
  /** A readable description of each filter, in order. */
  filters: string[];
  /** The handler's name, or `"anonymous"`. */
  handler: string;
}

/**
 * How a webhook routes a notification, as {@linkcode Webhook.explain} tells it.
 *
 * @example Say why each route was passed over
 * ```ts
 * import type { RouteExplanation } from "@clustaar/webhook";
 *
 * const why = (explanation: RouteExplanation): string[] =>
 *   explanation.declined.map((d) => `${d.route.handler}: ${d.filter} declined`);
 * ```
 *
 * @category Webhook
 */
export interface RouteExplanation {
  /** The route that answers; absent when none accepts (the webhook answers 404). */
  route?: RouteInfo;
  /**
   * The routes of the notification's topic tried before it, in order, each
   * with the first filter that declined: its description and its index in
   * the route's filters.
   */
  declined: { route: RouteInfo; filter: string; index: number }[];
}
