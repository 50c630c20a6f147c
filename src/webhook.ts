/**
 * The webhook: its options, its routes and the request's path through the
 * checks, top to bottom: method, Host, path, credentials, body, signature,
 * freshness, replay, parse, route, handler, answer.
 *
 * @module
 */
import { Deadline, Fallback, HandlerDeadline, type Race, SKIPPED, snapshot } from "./_deadline.ts";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "./_json_depth.ts";
import { type FailureKind, Reporter } from "./_reporting.ts";
import { type RequestTrace, SCOPE, STAGES, Telemetry } from "./_telemetry.ts";
import { escapeText, quote } from "./_text.ts";
import { isThenable } from "./_thenable.ts";
import { BodyReader, type BodyResult, TIMED_OUT, TOO_LARGE } from "./http/_body.ts";
import { keepBody, keptRequest } from "./http/_kept_body.ts";
import {
  closeAfter,
  errorResponse,
  JSON_CONTENT_TYPE,
  JSON_HEADERS,
  JSON_OK,
  PendingResponse,
} from "./http/_json_response.ts";
import { isValidHost, pathOf } from "./http/_path.ts";
import { serve, type ServeHandle, type ServeOptions } from "./http/serve.ts";
import { checkNotification } from "./models/_validation.ts";
import {
  collectUnknownActions,
  formatIssues,
  ResponseValidationError,
  validateResponse,
  type ValidationIssue,
} from "./models/mod.ts";
import { type Route, RouteTable } from "./routing/_routes.ts";
import { BasicAuth } from "./security/basic_auth.ts";
import { FreshnessCheck } from "./security/freshness.ts";
import { MemoryReplayStore, type ReplayStore } from "./security/replay.ts";
import { within } from "./security/_wait.ts";
import { keyProblem, type SignatureCheck, SignatureVerifier } from "./security/signature.ts";
import type {
  Handler,
  IncomingNotification,
  RejectReason,
  RouteExplanation,
  RouteFilters,
  RouteInfo,
  TelemetryOptions,
  TopicTypes,
  WebhookOptions,
} from "./webhook_types.ts";

export type {
  AnswerOf,
  EventOf,
  Handler,
  HandlerResponse,
  IncomingNotification,
  Logger,
  Rejection,
  RejectReason,
  RouteExplanation,
  RouteFilters,
  RouteInfo,
  TelemetryOptions,
  TopicTypes,
  WebhookOptions,
} from "./webhook_types.ts";

const DEFAULT_MAX_BODY = 1024 * 1024;
const DEFAULT_BODY_TIMEOUT = 10_000;
const DEFAULT_MAX_AGE = 10;
const DEFAULT_CLOCK_SKEW = 10;
// How long the replay store may take without `timeout`: nothing waits forever.
const DEFAULT_STORE_WAIT = 10_000;
/** How many issues a refusal or a 500 lists, at most. */
const MAX_ISSUES = 10;
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
// Decoding without the fatal flag is 4x cheaper on Deno; it gives U+FFFD for
// bad bytes, so only a text holding U+FFFD is decoded again, strictly.
const lenientDecoder = new TextDecoder("utf-8", { ignoreBOM: false });

const METHOD_HEADERS = { allow: "POST" };
const STEP_REACHED = "conversation.step_reached";

/**
 * A Clustaar webhook: register handlers with {@linkcode Webhook.on}, then
 * serve {@linkcode Webhook.fetch} with any web server, or call
 * {@linkcode Webhook.serve}.
 *
 * @example The guide's minimal webhook
 * ```ts
 * import { ConversationSession, events, StepReachedResponse, Webhook } from "@clustaar/webhook";
 *
 * const app = new Webhook();
 * app.on(events.CONVERSATION_STEP_REACHED, () =>
 *   StepReachedResponse({
 *     actions: [],
 *     session: ConversationSession({ values: { name: "John" } }),
 *   }));
 * ```
 *
 * @category Webhook
 */
export class Webhook {
  readonly #routes: RouteTable;
  readonly #verifier: SignatureVerifier | undefined;
  readonly #auth: BasicAuth | undefined;
  readonly #authHeaders: Record<string, string>;
  readonly #freshness: FreshnessCheck | undefined;
  readonly #replay: ReplayStore | undefined;
  /** What is added to `Date + requestMaxAge` for the store's expiry, in ms. */
  readonly #replayMargin: number;
  readonly #storeWait: number;
  readonly #maxBody: number;
  readonly #bodies: BodyReader;
  readonly #path: string | undefined;
  readonly #validate: boolean;
  readonly #deadline: HandlerDeadline | undefined;
  readonly #reporter: Reporter;
  /** Absent when `telemetry: false`. */
  readonly #telemetry: Telemetry | undefined;
  readonly #now: () => number;

  /**
   * Creates a webhook; keys and credentials are prepared once, here.
   *
   * @param options Security, limits and hooks; all optional.
   * @throws {TypeError} For options of the wrong type (a username without a password, ...).
   * @throws {RangeError} For out-of-range numbers (a negative max age, ...).
   *
   * @example A webhook that checks the platform's signature and credentials
   * ```ts
   * import { Webhook } from "@clustaar/webhook";
   *
   * const app = new Webhook({
   *   privateKey: "XXXXXXXXXX",
   *   authUsername: "bot",
   *   authPassword: "s3cret",
   * });
   * ```
   */
  constructor(options: WebhookOptions = {}) {
    if (options === null || typeof options !== "object") {
      throw new TypeError("Cannot create the webhook: options must be an object");
    }
    const { privateKey, authUsername, authPassword } = options;
    this.#now = options.now ?? Date.now;
    // Only a missing key turns the signature check off: null, "" or [] are mistakes.
    const keyError = privateKey === undefined ? undefined : keyProblem(privateKey);
    if (keyError !== undefined) throw new TypeError(`Cannot create the webhook: ${keyError}`);
    this.#verifier = privateKey === undefined ? undefined : new SignatureVerifier({
      keys: privateKey,
      algorithms: options.algorithms,
      crypto: options.crypto,
    });
    if ((authUsername === undefined) !== (authPassword === undefined)) {
      throw new TypeError(
        "Cannot create the webhook: authUsername and authPassword must be given together",
      );
    }
    this.#auth = authUsername === undefined
      ? undefined
      : new BasicAuth(authUsername, authPassword!);
    const realm = (options.authRealm ?? "Clustaar webhook").replaceAll(/["\\]/g, "");
    this.#authHeaders = { "www-authenticate": `Basic realm="${realm}", charset="UTF-8"` };
    const maxAge = options.requestMaxAge === undefined ? DEFAULT_MAX_AGE : options.requestMaxAge;
    this.#freshness = maxAge === null ? undefined : new FreshnessCheck(maxAge);
    this.#replay = options.replayStore === null || !this.#verifier || !this.#freshness
      ? undefined
      : options.replayStore ?? new MemoryReplayStore({ now: this.#now });
    const skew = options.clockSkew === undefined ? DEFAULT_CLOCK_SKEW : options.clockSkew;
    if (typeof skew !== "number" || !Number.isFinite(skew) || skew < 0) {
      throw new RangeError(
        `Cannot create the webhook: clockSkew must be a number of seconds, 0 or more (got ${
          String(options.clockSkew)
        })`,
      );
    }
    // Until the first millisecond no instance's Date window accepts the request:
    // the window's end (inclusive), plus how far behind another instance's clock may be.
    this.#replayMargin = Math.ceil(skew * 1000) + 1;
    this.#maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    if (!Number.isSafeInteger(this.#maxBody) || this.#maxBody < 0) {
      throw new RangeError(
        `Cannot create the webhook: maxBodyBytes must be a whole number of bytes (got ${options.maxBodyBytes})`,
      );
    }
    this.#bodies = new BodyReader(
      this.#maxBody,
      milliseconds("bodyTimeout", options.bodyTimeout) ?? DEFAULT_BODY_TIMEOUT,
    );
    if (
      options.path !== undefined &&
      (typeof options.path !== "string" || !options.path.startsWith("/"))
    ) {
      throw new TypeError(
        `Cannot create the webhook: path must start with "/" (got ${String(options.path)})`,
      );
    }
    this.#path = options.path;
    this.#validate = options.validateResponses ?? true;
    const timeout = milliseconds("timeout", options.timeout);
    this.#storeWait = timeout ?? DEFAULT_STORE_WAIT;
    const logger = options.logger === undefined ? console : options.logger;
    if (logger !== null && (typeof logger !== "object" || typeof logger.warn !== "function")) {
      throw new TypeError(
        "Cannot create the webhook: logger must have a warn(message) method, or be null",
      );
    }
    for (const [name, hook] of [["onError", options.onError], ["onReject", options.onReject]]) {
      if (hook !== undefined && typeof hook !== "function") {
        throw new TypeError(`Cannot create the webhook: ${name} must be a function`);
      }
    }
    this.#reporter = new Reporter({
      logger,
      onError: options.onError,
      onReject: options.onReject,
      now: this.#now,
    });
    this.#deadline = timeout === undefined
      ? undefined
      : new HandlerDeadline(timeout, options.onTimeout, this.#report);
    this.#routes = new RouteTable(
      topicList(options.topics),
      (message) => this.#reporter.warn(message),
    );
    this.#telemetry = telemetryOf(options.telemetry, this.#routes);
  }

  /**
   * Registers a handler for a topic. Routes are tried in registration order;
   * the first whose topic matches and whose filters all accept wins.
   *
   * @param topic The topic, e.g. `events.CONVERSATION_STEP_REACHED`.
   * @param handler Called with the request, the response being built and the notification.
   * @param filters A filter, a list of filters, or `{ filters }` as in the Python guide.
   * @returns The webhook, for chaining.
   * @throws {TypeError} When the topic is not a string or the handler or a filter not a function.
   *
   * @example Route one step by its id
   * ```ts
   * import { events, JSONKeyEquals, SendTextAction, Webhook } from "@clustaar/webhook";
   *
   * const app = new Webhook();
   * app.on(
   *   events.CONVERSATION_STEP_REACHED,
   *   () => ({ actions: [SendTextAction({ alternatives: ["Welcome!"] })] }),
   *   { filters: JSONKeyEquals("data.step.id", "507f191e810c19729de860ea") },
   * );
   * ```
   */
  on<K extends keyof TopicTypes>(topic: K, handler: Handler<K>, filters?: RouteFilters): this;
  /**
   * Registers a handler for a topic this module has no types for: the event
   * is a plain record and the answer is not checked at compile time.
   *
   * @param topic The topic.
   * @param handler Called with the request, the response being built and the notification.
   * @param filters A filter, a list of filters, or `{ filters }`.
   * @returns The webhook, for chaining.
   */
  on<T extends string>(
    topic: T & (T extends keyof TopicTypes ? never : unknown),
    handler: Handler<string>,
    filters?: RouteFilters,
  ): this;
  // deno-lint-ignore no-explicit-any
  on(topic: string, handler: Handler<any>, filters?: RouteFilters): this {
    this.#routes.add(topic, handler, filters);
    return this;
  }

  /**
   * The registered routes in order, with readable filters, for logs and tests.
   *
   * @example List the routes
   * ```ts
   * import { events, StepID, Webhook } from "@clustaar/webhook";
   * const app = new Webhook();
   * app.on(events.CONVERSATION_STEP_REACHED, function welcome() {
   *   return { actions: [] };
   * }, StepID("507f191e810c19729de860ea"));
   * console.log(app.routes);
   * ```
   */
  get routes(): RouteInfo[] {
    return this.#routes.info();
  }

  /**
   * Answers one HTTP request: a bound function, so `Deno.serve(app.fetch)`,
   * `Bun.serve({ fetch: app.fetch })` and `export default app` all work.
   *
   * @example Serve with Deno
   * ```ts ignore
   * import { Webhook } from "@clustaar/webhook";
   * const app = new Webhook({ privateKey: "XXXXXXXXXX" });
   * Deno.serve(app.fetch);
   * ```
   */
  readonly fetch = (request: Request): Promise<Response> => {
    // Without an SDK, `t` is undefined and every stage's `t?.` does nothing.
    const t = this.#telemetry?.start();
    try {
      const response = this.#receive(request, t);
      return t === undefined ? Promise.resolve(response) : t.finish(response);
    } catch (error) {
      const response = this.#fail("internal", error, request, t);
      return t === undefined ? Promise.resolve(response) : t.finish(response);
    }
  };

  /**
   * Starts a server on Deno or Bun (whichever runs this code).
   *
   * @param options Port (`0` picks a free one), hostname, an abort signal,
   * signals that shut it down gracefully, and the grace period of a shutdown.
   * @returns A handle with the bound port and `shutdown()`.
   *
   * @example Serve on port 8000
   * ```ts ignore
   * import { Webhook } from "@clustaar/webhook";
   * const app = new Webhook();
   * const server = app.serve({ port: 8000, shutdownOn: ["SIGINT", "SIGTERM"] });
   * await server.finished;
   * ```
   */
  serve(options: ServeOptions = {}): ServeHandle {
    return serve(this.fetch, options);
  }

  /** Reports a failure: to `onError`, or a line of its kind through the logger. */
  readonly #report = (kind: FailureKind, error: unknown, request: Request): void => {
    this.#reporter.error(kind, error, keptRequest(request));
  };

  /** Reports a failure of the replay store stage (a 503): it has a line of its own. */
  #storeError(error: unknown, request: Request): void {
    this.#report("store", error, request);
  }

  /** A 500 for an unexpected error: the error goes to `onError`, never to the caller. */
  #fail(
    kind: FailureKind,
    error: unknown,
    request: Request,
    t: RequestTrace | undefined,
  ): Response {
    t?.failed(kind);
    this.#report(kind, error, request);
    return errorResponse(500, "Internal server error");
  }

  #reject(
    request: Request,
    t: RequestTrace | undefined,
    reason: RejectReason,
    status: number,
    message: string,
    headers?: Record<string, string>,
  ): Response {
    t?.refused(reason);
    this.#reporter.reject({ reason, status, message, request: keptRequest(request) });
    return errorResponse(status, message, headers);
  }

  // The pipeline is written as stages that return a Response, or a promise only
  // where something really waits (the body, and whatever an option or a handler
  // makes asynchronous): with a synchronous handler and the built-in HMAC, reading
  // the body is the one wait of a request. Each stage passes on `t`, the
  // request's trace, which is undefined unless an OpenTelemetry SDK records.

  /** Checks what needs no body (method, Host, path, credentials), then reads the body. */
  #receive(request: Request, t: RequestTrace | undefined): Response | Promise<Response> {
    if (request.method !== "POST") {
      return this.#reject(
        request,
        t,
        "method",
        405,
        "Method not allowed: use POST",
        METHOD_HEADERS,
      );
    }
    // Before the path: Deno builds request.url from Host, so a malformed Host could move it.
    const host = request.headers.get("host");
    if (host !== null && !isValidHost(host)) {
      return this.#reject(request, t, "bad_host", 400, "The request's Host header is malformed");
    }
    if (this.#path !== undefined && pathOf(request.url) !== this.#path) {
      return this.#reject(request, t, "no_route", 404, "Not found");
    }
    if (this.#auth && !this.#auth.check(request.headers.get("authorization"))) {
      return this.#reject(request, t, "auth", 401, "Invalid credentials", this.#authHeaders);
    }
    t?.enter(STAGES.body);
    let read: typeof TOO_LARGE | Promise<Response>;
    try {
      read = this.#bodies.read(
        keptRequest(request), // kept: a request given to fetch() again
        (body) => this.#received(request, body, t),
        // The client went away mid-body, or the body was already consumed: not a server failure.
        () => this.#unreadable(request, t),
      );
    } catch {
      return this.#unreadable(request, t);
    }
    return read === TOO_LARGE ? this.#tooLarge(request, t) : read;
  }

  /** The body arrived (or did not): keeps it readable for the handler, then checks it. Never throws. */
  #received(
    request: Request,
    body: BodyResult,
    t: RequestTrace | undefined,
  ): Response | Promise<Response> {
    t?.leave();
    try {
      if (body === TOO_LARGE) return this.#tooLarge(request, t);
      if (body === TIMED_OUT) {
        return closeAfter(this.#reject(
          request,
          t,
          "body_timeout",
          408,
          `Request timeout: the body did not arrive within ${this.#bodies.timeout} ms`,
        ));
      }
      keepBody(request, body);
      const response = this.#check(request, body, t);
      return response instanceof Promise
        ? response.then(undefined, (error) => this.#fail("internal", error, request, t))
        : response;
    } catch (error) {
      return this.#fail("internal", error, request, t);
    }
  }

  #unreadable(request: Request, t: RequestTrace | undefined): Response {
    return closeAfter(
      this.#reject(request, t, "unreadable_body", 400, "The request's body could not be read"),
    );
  }

  #tooLarge(request: Request, t: RequestTrace | undefined): Response {
    return this.#reject(
      request,
      t,
      "too_large",
      413,
      `Request body is too large: the limit is ${this.#maxBody} bytes`,
    );
  }

  /** Checks the signature, or the Date alone when there is no key. */
  #check(
    request: Request,
    body: Uint8Array,
    t: RequestTrace | undefined,
  ): Response | Promise<Response> {
    if (this.#verifier) {
      const date = request.headers.get("date");
      t?.enter(STAGES.signature);
      const check = this.#verifier.verify(request.headers.get("x-hub-signature"), date, body);
      return check instanceof Promise
        ? check.then((result) => this.#signed(request, body, date, result, t))
        : this.#signed(request, body, date, check, t);
    }
    if (this.#freshness) {
      const stale = this.#freshness.check(request.headers.get("date"), this.#now());
      if (stale !== undefined) return this.#reject(request, t, "stale", 400, stale);
    }
    return this.#parse(request, body, t);
  }

  /** After the signature: the Date window and the replay store. */
  #signed(
    request: Request,
    body: Uint8Array,
    date: string | null,
    check: SignatureCheck,
    t: RequestTrace | undefined,
  ): Response | Promise<Response> {
    t?.leave();
    if (!check.ok) return this.#reject(request, t, "signature", 400, check.message);
    if (this.#freshness) {
      const stale = this.#freshness.check(date, this.#now());
      if (stale !== undefined) return this.#reject(request, t, "stale", 400, stale);
      if (this.#replay) {
        const expiresAt = this.#freshness.parse(date!) + this.#freshness.maxAgeMs +
          this.#replayMargin;
        return this.#record(request, body, check.id, expiresAt, t);
      }
    }
    return this.#parse(request, body, t);
  }

  /**
   * The replay stage: records the signature, then forgets it again if this
   * request's own answer is not a 2xx, so that the platform's retry of a
   * failed request is not taken for a replay. A refused copy (409) never
   * touches the record that refused it.
   */
  #record(
    request: Request,
    body: Uint8Array,
    id: string,
    expiresAt: number,
    t: RequestTrace | undefined,
  ): Response | Promise<Response> {
    t?.enter(STAGES.replay);
    let fresh: boolean | PromiseLike<boolean>;
    try {
      fresh = this.#replay!.add(id, expiresAt);
    } catch (error) {
      return this.#storeFailed(error, request, t);
    }
    // Any thenable, not only a native promise: a store's promise from another
    // library or realm must not pass for a truthy "first time".
    if (isThenable(fresh)) {
      const answer = within(
        fresh,
        this.#storeWait,
        `Cannot check the request for replays: the replay store did not answer within ${this.#storeWait} ms`,
        // Recorded after the 503 was sent: forget it, or the platform's retry would be a 409.
        (first) => first && this.#forget(id, request, undefined),
      );
      return answer.then(
        (first) => first ? this.#handle(request, body, id, t) : this.#replayed(request, t),
        (error) => this.#storeFailed(error, request, t),
      );
    }
    return fresh ? this.#handle(request, body, id, t) : this.#replayed(request, t);
  }

  /** Runs the rest of the pipeline for a recorded request, and forgets it unless it succeeded. */
  #handle(
    request: Request,
    body: Uint8Array,
    id: string,
    t: RequestTrace | undefined,
  ): Response | Promise<Response> {
    t?.leave();
    let response: Response | Promise<Response>;
    try {
      response = this.#parse(request, body, t);
    } catch (error) {
      response = this.#fail("internal", error, request, t);
    }
    if (response instanceof Promise) {
      return response.then(
        (answer) => this.#settled(answer, id, request, t),
        (error) => this.#settled(this.#fail("internal", error, request, t), id, request, t),
      );
    }
    return this.#settled(response, id, request, t);
  }

  #settled(
    answer: Response,
    id: string,
    request: Request,
    t: RequestTrace | undefined,
  ): Response | Promise<Response> {
    if (answer.status >= 200 && answer.status < 300) return answer;
    const forgotten = this.#forget(id, request, t);
    return forgotten === undefined ? answer : forgotten.then(() => answer);
  }

  /**
   * Asks the store to forget `id` (when it can), within the store's bound; a
   * failure goes to `onError` and never changes the answer.
   */
  #forget(id: string, request: Request, t: RequestTrace | undefined): Promise<void> | undefined {
    const store = this.#replay!;
    if (typeof store.delete !== "function") return undefined;
    t?.enter(STAGES.forget);
    let done: void | PromiseLike<void>;
    try {
      done = store.delete(id);
    } catch (error) {
      this.#storeError(error, request);
      return undefined;
    }
    if (!isThenable(done)) return undefined;
    return within(
      done,
      this.#storeWait,
      `Cannot forget a failed request in the replay store: it did not answer within ${this.#storeWait} ms`,
    ).then(() => t?.leave(), (error) => (t?.leave(), this.#storeError(error, request)));
  }

  /** The replay store failed or timed out (Redis down...): nothing goes through unchecked. */
  #storeFailed(error: unknown, request: Request, t: RequestTrace | undefined): Response {
    t?.failed("store");
    this.#storeError(error, request);
    return errorResponse(503, "Service unavailable: the request could not be checked for replays");
  }

  #replayed(request: Request, t: RequestTrace | undefined): Response {
    return this.#reject(request, t, "replay", 409, "Request was already received");
  }

  /** Decodes and checks the notification, then routes it to its handler. */
  #parse(
    request: Request,
    body: Uint8Array,
    t: RequestTrace | undefined,
  ): Response | Promise<Response> {
    let json: unknown;
    try {
      let text = lenientDecoder.decode(body);
      if (text.includes("\uFFFD")) text = decoder.decode(body); // throws on invalid UTF-8
      if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
        return this.#reject(
          request,
          t,
          "bad_json",
          400,
          `The request's body is nested too deeply: the limit is ${MAX_JSON_DEPTH} levels`,
        );
      }
      json = JSON.parse(text);
    } catch {
      return this.#reject(request, t, "bad_json", 400, "The request's body is not valid JSON");
    }
    if (json === null || typeof json !== "object" || Array.isArray(json)) {
      return this.#reject(
        request,
        t,
        "bad_notification",
        400,
        "Invalid notification: the body must be a JSON object",
      );
    }
    const parsed = checkNotification(json);
    if (!parsed.success) {
      return this.#reject(
        request,
        t,
        "bad_notification",
        400,
        `Invalid notification: ${issueList(parsed.issues).join("; ")}`,
      );
    }
    const notification = json as WireNotification;
    // The notification's unknown actions, which an answer may echo unchecked.
    const passthrough = parsed.unknownActions && new WeakSet(parsed.unknownActions);
    const route = t === undefined
      ? this.#routes.match(notification, keptRequest(request))
      : this.#tracedMatch(t, notification, request);
    return route instanceof Promise
      ? this.#routeLater(route, request, notification, passthrough, t)
      : this.#dispatch(route, request, notification, passthrough, t);
  }

  /** Routing under a trace: a stage span, active while the filters run. */
  #tracedMatch(
    t: RequestTrace,
    notification: WireNotification,
    request: Request,
  ): Route | undefined | Promise<Route | undefined> {
    t.notification(notification.topic, notification.data);
    t.enter(STAGES.routing);
    return t.run(() => this.#routes.match(notification, keptRequest(request)));
  }

  #dispatch(
    route: Route | undefined,
    request: Request,
    notification: WireNotification,
    passthrough: WeakSet<object> | undefined,
    t: RequestTrace | undefined,
  ): Response | Promise<Response> {
    t?.leave();
    if (route === undefined) return this.#noRoute(request, notification, t);
    return this.#run(route, request, notification, passthrough, t);
  }

  #noRoute(
    request: Request,
    notification: WireNotification,
    t: RequestTrace | undefined,
  ): Response {
    const topic = quote(notification.topic);
    return this.#reject(
      request,
      t,
      "no_route",
      404,
      this.#routes.has(notification.topic)
        ? `No route accepted the notification for topic ${topic}`
        : `No route for topic ${topic}`,
    );
  }

  /** Runs the handler; the answer is built without a promise when the handler is synchronous. */
  #run(
    route: Route,
    request: Request,
    wire: WireNotification,
    passthrough: WeakSet<object> | undefined,
    t: RequestTrace | undefined,
  ): Response | Promise<Response> {
    const response = new PendingResponse();
    const notification = incoming(wire);
    // onTimeout gets the notification as it arrived, not as the late handler left it.
    const pristine = this.#deadline?.onTimeout ? snapshot(notification) : notification;
    let result: unknown;
    try {
      result = callHandler(t, route, keptRequest(request), response, notification);
    } catch (error) {
      return this.#fail("handler", error, request, t);
    }
    if (isThenable(result)) {
      if (this.#deadline === undefined) {
        return Promise.resolve(result).then(
          (value) => this.#answer(value, response, request, wire, passthrough, t),
          (error) => this.#fail("handler", error, request, t),
        );
      }
      const race: Race = { late: false, stage: "handler", notification: pristine };
      return this.#deadline.race(Promise.resolve(result), race, request).then(
        (value) => this.#raced(value, race, response, request, wire, passthrough, t),
        (error) => this.#missed(error, race, request, t),
      );
    }
    return this.#answer(result, response, request, wire, passthrough, t);
  }

  /**
   * Routing that waits on a filter: under `timeout`, the filters and then the
   * handler share one deadline, and a handler is never started once it passed.
   */
  #routeLater(
    pending: Promise<Route | undefined>,
    request: Request,
    wire: WireNotification,
    passthrough: WeakSet<object> | undefined,
    t: RequestTrace | undefined,
  ): Promise<Response> {
    if (this.#deadline === undefined) {
      return pending.then(
        (route) => this.#dispatch(route, request, wire, passthrough, t),
        (error) => this.#fail("filter", error, request, t),
      );
    }
    const onTimeout = this.#deadline.onTimeout;
    const response = new PendingResponse();
    const notification = incoming(wire);
    const race: Race = { late: false, stage: "filters", notification };
    const work = pending.then((route) => {
      if (race.late) return SKIPPED;
      if (route === undefined) return NO_ROUTE;
      race.stage = "handler";
      if (onTimeout) race.notification = snapshot(notification);
      return callHandler(t, route, keptRequest(request), response, notification);
    });
    return this.#deadline.race(work, race, request).then(
      (value) =>
        value === NO_ROUTE
          ? (t?.leave(), this.#noRoute(request, wire, t))
          : this.#raced(value, race, response, request, wire, passthrough, t),
      (error) => this.#missed(error, race, request, t),
    );
  }

  /** The result of raced work: the handler's, or onTimeout's for a late one. */
  #raced(
    result: unknown,
    race: Race,
    response: PendingResponse,
    request: Request,
    wire: WireNotification,
    passthrough: WeakSet<object> | undefined,
    t: RequestTrace | undefined,
  ): Response {
    if (result instanceof Fallback) {
      t?.timedOut();
      // onTimeout may echo the snapshot's unknown actions, which are new objects: let them through too.
      if (race.notification.event !== wire.data) {
        passthrough = collectUnknownActions(race.notification.event, passthrough);
      }
      // The late handler may still change its own response object: start afresh.
      return this.#answer(result.value, new PendingResponse(), request, wire, passthrough, t);
    }
    return this.#answer(result, response, request, wire, passthrough, t);
  }

  /** Raced work failed: the deadline's 504, or a 500 for what failed. */
  #missed(error: unknown, race: Race, request: Request, t: RequestTrace | undefined): Response {
    if (error instanceof Deadline) {
      t?.timedOut();
      return error.response;
    }
    return this.#fail(race.stage === "handler" ? "handler" : "filter", error, request, t);
  }

  /** Validates and serialises a handler's result. */
  #answer(
    result: unknown,
    response: PendingResponse,
    request: Request,
    wire: WireNotification,
    passthrough: WeakSet<object> | undefined,
    t: RequestTrace | undefined,
  ): Response {
    if (result instanceof Response) return result;
    t?.enter(STAGES.answer);
    if (this.#validate && wire.topic === STEP_REACHED) {
      const check = validateResponse(result, passthrough);
      if (!check.success) {
        const error = new ResponseValidationError(check.issues);
        t?.failed("answer");
        this.#report("answer", error, request);
        return new Response(
          JSON.stringify({ error: "Invalid response", issues: issueList(check.issues) }),
          { status: 500, headers: { "content-type": JSON_CONTENT_TYPE } },
        );
      }
    }
    let text: string | undefined;
    try {
      text = JSON.stringify(result);
    } catch (error) {
      return this.#fail("answer", error, request, t);
    }
    if (text === undefined) {
      return this.#fail(
        "answer",
        new TypeError("Handler returned nothing: return a response body or a Response"),
        request,
        t,
      );
    }
    t?.leave();
    const status = response.status;
    const headers = response.touchedHeaders;
    // The common answer: no header set by the handler, no Headers object built.
    if (headers === undefined && status === 200) return new Response(text, JSON_OK);
    const init: ResponseInit = { status, headers: headers ?? JSON_HEADERS };
    if (headers !== undefined && !headers.has("content-type")) {
      headers.set("content-type", JSON_CONTENT_TYPE);
    }
    // 204, 205 and 304 carry no body: Deno refuses one (a 500), Bun drops it.
    const empty = status === 204 || status === 205 || status === 304;
    return new Response(empty ? null : text, init);
  }

  /**
   * Tells which route would answer a notification and, for each route of its
   * topic tried before it, the filter that declined. The filters are called
   * again, in order, and awaited; nothing else runs (no checks, no handler).
   * With the `timeout` option, they share that deadline, as in `fetch`: past
   * it, the promise rejects with a `TimeoutError`.
   *
   * @param notification The notification as parsed from its JSON body.
   * @param request The request the filters see (default: a POST of the notification).
   * @returns The answering route (absent when none accepts) and the declined routes.
   * @throws {TypeError} When the notification is not an object with a string `topic`.
   *
   * @example See why a route was not taken
   * ```ts
   * import { events, StepName, Webhook } from "@clustaar/webhook";
   *
   * const app = new Webhook();
   * app.on(events.CONVERSATION_STEP_REACHED, function welcome() {
   *   return { actions: [] };
   * }, StepName("welcome"));
   * app.on(events.CONVERSATION_STEP_REACHED, function fallback() {
   *   return { actions: [] };
   * });
   * const why = await app.explain({
   *   topic: "conversation.step_reached",
   *   data: { step: { name: "goodbye" } },
   * });
   * console.assert(why.route?.handler === "fallback");
   * console.assert(why.declined[0]?.filter === 'StepName("welcome")');
   * ```
   */
  explain(notification: unknown, request?: Request): Promise<RouteExplanation> {
    if (
      notification === null || typeof notification !== "object" ||
      typeof (notification as { topic?: unknown }).topic !== "string"
    ) {
      return Promise.reject(
        new TypeError("Cannot explain the route: the notification must have a string topic"),
      );
    }
    const explained = this.#routes.explain(
      notification as { topic: string },
      request ?? new Request("http://localhost/", {
        method: "POST",
        headers: { "content-type": JSON_CONTENT_TYPE },
        body: JSON.stringify(notification),
      }),
    );
    const timeout = this.#deadline?.timeout;
    return timeout === undefined ? explained : within(
      explained,
      timeout,
      `Cannot explain the route: the filters took more than ${timeout} ms`,
    );
  }
}

/**
 * Calls a route's handler; under a trace, inside a stage span that is active
 * while it runs (without one, no closure is made for it).
 */
function callHandler(
  t: RequestTrace | undefined,
  route: Route,
  request: Request,
  response: PendingResponse,
  notification: IncomingNotification,
): unknown {
  if (t === undefined) return route.handler(request, response, notification);
  t.routed(route.handler);
  t.enter(STAGES.handler);
  return t.run(() => route.handler(request, response, notification));
}

/** What routing that waited resolves to when no route accepted the notification. */
const NO_ROUTE: unique symbol = Symbol("no route");

/** The notification as a handler receives it. */
function incoming(wire: WireNotification): IncomingNotification {
  return {
    topic: wire.topic,
    botID: wire.botID as string,
    timestamp: wire.timestamp as number,
    event: wire.data,
  };
}

/**
 * Issues as lines for a message: their paths hold the request's own keys, so
 * each line is escaped and capped, and at most {@linkcode MAX_ISSUES} are listed.
 */
function issueList(issues: readonly ValidationIssue[]): string[] {
  const lines = formatIssues(issues.slice(0, MAX_ISSUES)).map((line) => escapeText(line, 200));
  if (issues.length > MAX_ISSUES) lines.push(`and ${issues.length - MAX_ISSUES} more`);
  return lines;
}

/** The `telemetry` option: `false` turns it off; `{ name }` names the tracer and the meter. */
function telemetryOf(option: unknown, routes: RouteTable): Telemetry | undefined {
  if (option === false) return undefined;
  let name: unknown = undefined;
  if (option !== undefined && option !== true) {
    if (option === null || typeof option !== "object") {
      throw new TypeError(
        "Cannot create the webhook: telemetry must be true, false or an object such as { name }",
      );
    }
    name = (option as TelemetryOptions).name;
    if (name !== undefined && (typeof name !== "string" || name === "")) {
      throw new TypeError("Cannot create the webhook: telemetry.name must be a non-empty string");
    }
  }
  return new Telemetry((name as string | undefined) ?? SCOPE, (topic) => routes.knows(topic));
}

/** An optional positive, finite number of milliseconds. */
function milliseconds(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(
      `Cannot create the webhook: ${name} must be a positive number of milliseconds (got ${
        String(value)
      })`,
    );
  }
  return value;
}

/** The `topics` option: topic names, checked. */
function topicList(topics: unknown): readonly string[] {
  if (topics === undefined) return [];
  if (
    !Array.isArray(topics) ||
    !topics.every((topic) => typeof topic === "string" && topic !== "")
  ) {
    throw new TypeError("Cannot create the webhook: topics must be an array of topic names");
  }
  return topics;
}

/** The notification as the pipeline sees it after the inbound check. */
interface WireNotification {
  topic: string;
  botID?: unknown;
  timestamp?: unknown;
  type?: unknown;
  data: Record<string, unknown>;
}
