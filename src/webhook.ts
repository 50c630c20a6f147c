/**
 * The webhook: options, routes and the request pipeline.
 *
 * @module
 */
import { BasicAuth } from "./basic_auth.ts";
import { type BodyRead, startBodyRead, toBytes, TOO_LARGE } from "./_body.ts";
import { describeFilter, type Filter } from "./filters.ts";
import { FreshnessCheck } from "./freshness.ts";
import { errorResponse, JSON_CONTENT_TYPE } from "./_json_response.ts";
import { MemoryReplayStore, type ReplayStore } from "./replay.ts";
import { type SignatureAlgorithm, type SignatureCheck, SignatureVerifier } from "./signature.ts";
import { serve, type ServeHandle, type ServeOptions } from "./serve.ts";
import {
  collectUnknownActions,
  formatIssues,
  ResponseValidationError,
  type StepReachedEvent,
  type StepReachedResponse,
  validateResponse,
} from "./models/mod.ts";
import { checkNotification } from "./models/_validation.ts";

/** Why a request was refused before reaching a handler. */
export type RejectReason =
  | "method"
  | "auth"
  | "too_large"
  | "unreadable_body"
  | "signature"
  | "stale"
  | "replay"
  | "bad_json"
  | "bad_notification"
  | "no_route";

/** What {@linkcode WebhookOptions.onReject} receives. */
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

/** Where the webhook writes warnings (unreachable routes, late handlers). */
export interface Logger {
  /** Writes a warning. */
  warn(message: string): void;
}

/** Options of {@linkcode Webhook}. */
export interface WebhookOptions {
  /**
   * The bot's webhook private key: when set, every request must carry a valid
   * `X-Hub-Signature`. Several keys may be given during a rotation.
   */
  privateKey?: string | readonly string[];
  /** Hash functions accepted in `X-Hub-Signature` (default `["sha1"]`, the platform's). */
  algorithms?: readonly SignatureAlgorithm[];
  /**
   * `"auto"` (default) computes signatures with the runtime's synchronous
   * built-in HMAC where there is one, else Web Crypto; `"webcrypto"` forces Web Crypto.
   */
  crypto?: "auto" | "webcrypto";
  /** HTTP Basic username; set with {@linkcode WebhookOptions.authPassword}. */
  authUsername?: string;
  /** HTTP Basic password; may contain `:`. */
  authPassword?: string;
  /** The realm named in `WWW-Authenticate` (default `"Clustaar webhook"`). */
  authRealm?: string;
  /**
   * How old (or how far in the future) a request's `Date` may be, in
   * seconds; default 10, `null` disables the check.
   */
  requestMaxAge?: number | null;
  /**
   * Remembers accepted signatures within the `Date` window so that a captured
   * request cannot be replayed (409). Default: an in-memory store when a
   * private key and a max age are set; `null` disables it.
   */
  replayStore?: ReplayStore | null;
  /** The largest body accepted, in bytes (default 1 MiB); larger gets 413. */
  maxBodyBytes?: number;
  /** Only this URL path is served (default: any path); others get 404. */
  path?: string;
  /**
   * Validate each handler's answer against the platform's schemas before
   * sending it (default `true`).
   */
  validateResponses?: boolean;
  /**
   * A deadline for asynchronous handlers, in milliseconds (default: none). A
   * synchronous handler cannot be interrupted: its answer is sent.
   */
  timeout?: number;
  /**
   * The answer sent when a handler misses the deadline; without it (or when
   * it throws, or misses a deadline of its own, the same `timeout`), a 504.
   * It sees the notification as it arrived, and its answer goes out with
   * status 200 whatever the late handler did to its `response`. The late
   * result is discarded and reported to `onError`.
   */
  onTimeout?: (notification: IncomingNotification) => unknown;
  /**
   * Called for every handler failure, every 500 and every failure of the
   * replay store (a 503) (default: `console.error`).
   */
  onError?: (error: unknown, request: Request) => void;
  /** Called for every refused request (default: nothing). */
  onReject?: (rejection: Rejection) => void;
  /** Where warnings go (default: `console`). */
  logger?: Logger;
  /** The clock, in milliseconds since the epoch (default `Date.now`). */
  now?: () => number;
}

/** What a handler receives as its third argument: the parsed notification. */
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

/** The response being built: a handler may change its status and headers. */
export interface HandlerResponse {
  /** The HTTP status (default 200). */
  status: number;
  /** Headers added to the answer. */
  headers: Headers;
}

/** Events and answers per topic, for typed handlers. */
export interface TopicTypes {
  /** A conversation reached a bot step. */
  "conversation.step_reached": { event: StepReachedEvent; response: StepReachedResponse };
}

/** The event type of a topic. */
export type EventOf<T extends string> = T extends keyof TopicTypes ? TopicTypes[T]["event"]
  : Record<string, unknown>;

/** The answer type of a topic. */
export type AnswerOf<T extends string> = T extends keyof TopicTypes ? TopicTypes[T]["response"]
  : unknown;

/**
 * A route handler: returns (or resolves to) the answer's body, or a
 * `Response` to take full control.
 */
export type Handler<T extends string = string> = (
  request: Request,
  response: HandlerResponse,
  notification: IncomingNotification<EventOf<T>>,
) => AnswerOf<T> | Response | Promise<AnswerOf<T> | Response>;

/** Filters given to {@linkcode Webhook.on}: one, a list, or the guide's `{ filters }`. */
export type RouteFilters = Filter | readonly Filter[] | { filters: Filter | readonly Filter[] };

/** A registered route, as {@linkcode Webhook.routes} shows it. */
export interface RouteInfo {
  /** The topic it answers. */
  topic: string;
  /** A readable description of each filter, in order. */
  filters: string[];
  /** The handler's name, or `"anonymous"`. */
  handler: string;
}

interface Route {
  topic: string;
  // deno-lint-ignore no-explicit-any
  handler: Handler<any>;
  filters: readonly Filter[];
}

const DEFAULT_MAX_BODY = 1024 * 1024;
const DEFAULT_MAX_AGE = 10;
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
 */
export class Webhook {
  readonly #routes: Route[] = [];
  readonly #byTopic = new Map<string, Route[]>();
  readonly #verifier: SignatureVerifier | undefined;
  readonly #auth: BasicAuth | undefined;
  readonly #authHeaders: Record<string, string>;
  readonly #freshness: FreshnessCheck | undefined;
  readonly #replay: ReplayStore | undefined;
  readonly #maxBody: number;
  readonly #path: string | undefined;
  readonly #validate: boolean;
  readonly #timeout: number | undefined;
  readonly #onTimeout: WebhookOptions["onTimeout"];
  readonly #onError: (error: unknown, request: Request) => void;
  readonly #onReject: ((rejection: Rejection) => void) | undefined;
  readonly #logger: Logger;
  readonly #now: () => number;

  /**
   * Creates a webhook; keys and credentials are prepared once, here.
   *
   * @param options Security, limits and hooks; all optional.
   * @throws {TypeError} For options of the wrong type (a username without a password, ...).
   * @throws {RangeError} For out-of-range numbers (a negative max age, ...).
   */
  constructor(options: WebhookOptions = {}) {
    if (options === null || typeof options !== "object") {
      throw new TypeError("Cannot create the webhook: options must be an object");
    }
    const { privateKey, authUsername, authPassword } = options;
    this.#now = options.now ?? Date.now;
    this.#verifier = privateKey === undefined || privateKey === null
      ? undefined
      : new SignatureVerifier({
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
    this.#maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    if (!Number.isSafeInteger(this.#maxBody) || this.#maxBody < 0) {
      throw new RangeError(
        `Cannot create the webhook: maxBodyBytes must be a whole number of bytes (got ${options.maxBodyBytes})`,
      );
    }
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
    if (
      options.timeout !== undefined &&
      (typeof options.timeout !== "number" || !(options.timeout > 0) ||
        !Number.isFinite(options.timeout))
    ) {
      throw new RangeError(
        `Cannot create the webhook: timeout must be a positive number of milliseconds (got ${options.timeout})`,
      );
    }
    this.#timeout = options.timeout;
    this.#onTimeout = options.onTimeout;
    const onError = options.onError ??
      ((error) => console.error("Clustaar webhook: handler failed:", error));
    this.#onError = (error, request) => {
      try {
        onError(error, request);
      } catch {
        // A failing onError must not turn into an unhandled rejection of fetch().
      }
    };
    this.#onReject = options.onReject;
    this.#logger = options.logger ?? console;
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
    if (typeof topic !== "string" || topic === "") {
      throw new TypeError("Cannot add a route: the topic must be a non-empty string");
    }
    if (typeof handler !== "function") {
      throw new TypeError(`Cannot add a route for "${topic}": the handler must be a function`);
    }
    const list = normalizeFilters(filters);
    const same = this.#byTopic.get(topic);
    const catchAll = same?.find((route) => route.filters.length === 0);
    if (catchAll) {
      this.#logger.warn(
        `Clustaar webhook: a route for "${topic}" can never be reached: it is registered after a route for the same topic with no filters`,
      );
    }
    const route: Route = { topic, handler, filters: list };
    this.#routes.push(route);
    if (same) same.push(route);
    else this.#byTopic.set(topic, [route]);
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
    return this.#routes.map((route) => ({
      topic: route.topic,
      filters: route.filters.map(describeFilter),
      handler: route.handler.name || "anonymous",
    }));
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
    try {
      const response = this.#receive(request);
      return response instanceof Promise ? response : Promise.resolve(response);
    } catch (error) {
      return Promise.resolve(this.#fail(error, request));
    }
  };

  /**
   * Starts a server on Deno or Bun (whichever runs this code).
   *
   * @param options Port (`0` picks a free one), hostname, an abort signal,
   * signals that shut it down gracefully.
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

  /** A 500 for an unexpected error: the error goes to `onError`, never to the caller. */
  #fail(error: unknown, request: Request): Response {
    this.#onError(error, request);
    return errorResponse(500, "Internal server error");
  }

  #reject(
    request: Request,
    reason: RejectReason,
    status: number,
    message: string,
    headers?: Record<string, string>,
  ): Response {
    if (this.#onReject) {
      try {
        this.#onReject({ reason, status, message, request });
      } catch (error) {
        this.#onError(error, request);
      }
    }
    return errorResponse(status, message, headers);
  }

  // The pipeline is written as stages that return a Response, or a promise only
  // where something really waits (the body, and whatever an option or a handler
  // makes asynchronous): with a synchronous handler and the built-in HMAC, reading
  // the body is the one wait of a request.

  /** Checks what needs no body (method, path, credentials), then reads the body. */
  #receive(request: Request): Response | Promise<Response> {
    if (request.method !== "POST") {
      return this.#reject(request, "method", 405, "Method not allowed: use POST", METHOD_HEADERS);
    }
    if (this.#path !== undefined && pathOf(request.url) !== this.#path) {
      return this.#reject(request, "no_route", 404, "Not found");
    }
    if (this.#auth && !this.#auth.check(request.headers.get("authorization"))) {
      return this.#reject(request, "auth", 401, "Invalid credentials", this.#authHeaders);
    }
    let read: typeof TOO_LARGE | Promise<BodyRead>;
    try {
      read = startBodyRead(request, this.#maxBody);
    } catch {
      return this.#unreadable(request);
    }
    if (read === TOO_LARGE) return this.#tooLarge(request);
    return read.then(
      (body) => {
        try {
          const response = this.#check(request, toBytes(body, this.#maxBody));
          return response instanceof Promise
            ? response.then(undefined, (error) => this.#fail(error, request))
            : response;
        } catch (error) {
          return this.#fail(error, request);
        }
      },
      // The client went away mid-body, or the body was already consumed: not a server failure.
      () => this.#unreadable(request),
    );
  }

  #unreadable(request: Request): Response {
    return this.#reject(request, "unreadable_body", 400, "The request's body could not be read");
  }

  #tooLarge(request: Request): Response {
    return this.#reject(
      request,
      "too_large",
      413,
      `Request body is too large: the limit is ${this.#maxBody} bytes`,
    );
  }

  /** Checks the signature, or the Date alone when there is no key. */
  #check(request: Request, body: Uint8Array | typeof TOO_LARGE): Response | Promise<Response> {
    if (body === TOO_LARGE) return this.#tooLarge(request);
    if (this.#verifier) {
      const date = request.headers.get("date");
      const check = this.#verifier.verify(request.headers.get("x-hub-signature"), date ?? "", body);
      return check instanceof Promise
        ? check.then((result) => this.#signed(request, body, date, result))
        : this.#signed(request, body, date, check);
    }
    if (this.#freshness) {
      const stale = this.#freshness.check(request.headers.get("date"), this.#now());
      if (stale !== undefined) return this.#reject(request, "stale", 400, stale);
    }
    return this.#parse(request, body);
  }

  /** After the signature: the Date window and the replay store. */
  #signed(
    request: Request,
    body: Uint8Array,
    date: string | null,
    check: SignatureCheck,
  ): Response | Promise<Response> {
    if (!check.ok) return this.#reject(request, "signature", 400, check.message);
    if (this.#freshness) {
      const stale = this.#freshness.check(date, this.#now());
      if (stale !== undefined) return this.#reject(request, "stale", 400, stale);
      if (this.#replay) {
        // The Date window still accepts the request at parse + maxAgeMs (inclusive):
        // remember it until the first millisecond the window refuses it.
        const expiresAt = this.#freshness.parse(date!) + this.#freshness.maxAgeMs + 1;
        let fresh: boolean | Promise<boolean>;
        try {
          fresh = this.#replay.add(check.id, expiresAt);
        } catch (error) {
          return this.#storeFailed(error, request);
        }
        // Any thenable, not only a native promise: a store's promise from another
        // library or realm must not pass for a truthy "first time".
        if (isThenable(fresh)) {
          return Promise.resolve(fresh).then(
            (first) => first ? this.#parse(request, body) : this.#replayed(request),
            (error) => this.#storeFailed(error, request),
          );
        }
        if (!fresh) return this.#replayed(request);
      }
    }
    return this.#parse(request, body);
  }

  /** The replay store failed (Redis down...): nothing goes through unchecked. */
  #storeFailed(error: unknown, request: Request): Response {
    this.#onError(error, request);
    return errorResponse(503, "Service unavailable: the request could not be checked for replays");
  }

  #replayed(request: Request): Response {
    return this.#reject(request, "replay", 409, "Request was already received");
  }

  /** Decodes and checks the notification, then routes it to its handler. */
  #parse(request: Request, body: Uint8Array): Response | Promise<Response> {
    let json: unknown;
    try {
      let text = lenientDecoder.decode(body);
      if (text.includes("\uFFFD")) text = decoder.decode(body); // throws on invalid UTF-8
      json = JSON.parse(text);
    } catch {
      return this.#reject(request, "bad_json", 400, "The request's body is not valid JSON");
    }
    if (json === null || typeof json !== "object" || Array.isArray(json)) {
      return this.#reject(
        request,
        "bad_notification",
        400,
        "Invalid notification: the body must be a JSON object",
      );
    }
    const parsed = checkNotification(json);
    if (!parsed.success) {
      return this.#reject(
        request,
        "bad_notification",
        400,
        `Invalid notification: ${formatIssues(parsed.issues).join("; ")}`,
      );
    }
    const notification = json as WireNotification;
    // The notification's unknown actions, which an answer may echo unchecked.
    const passthrough = parsed.unknownActions && new WeakSet(parsed.unknownActions);
    const route = this.#route(notification, request);
    return route instanceof Promise
      ? route.then((found) => this.#dispatch(found, request, notification, passthrough))
      : this.#dispatch(route, request, notification, passthrough);
  }

  #dispatch(
    route: Route | undefined,
    request: Request,
    notification: WireNotification,
    passthrough: WeakSet<object> | undefined,
  ): Response | Promise<Response> {
    if (route === undefined) {
      return this.#reject(request, "no_route", 404, `No route for topic "${notification.topic}"`);
    }
    return this.#run(route, request, notification, passthrough);
  }

  /** The first matching route; a promise only once a filter returns one. */
  #route(
    notification: WireNotification,
    request: Request,
    from = 0,
  ): Route | undefined | Promise<Route | undefined> {
    const routes = this.#byTopic.get(notification.topic);
    if (routes === undefined) return undefined;
    outer: for (let i = from; i < routes.length; i++) {
      const route = routes[i]!;
      for (let f = 0; f < route.filters.length; f++) {
        const accepted = route.filters[f]!(notification, request);
        if (isThenable(accepted)) {
          return this.#routeAsync(notification, request, i, f, Promise.resolve(accepted));
        }
        if (accepted !== true) continue outer;
      }
      return route;
    }
    return undefined;
  }

  async #routeAsync(
    notification: WireNotification,
    request: Request,
    index: number,
    filter: number,
    pending: Promise<unknown>,
  ): Promise<Route | undefined> {
    const route = this.#byTopic.get(notification.topic)![index]!;
    if ((await pending) !== true) return this.#route(notification, request, index + 1);
    for (let f = filter + 1; f < route.filters.length; f++) {
      const accepted = await route.filters[f]!(notification, request);
      if (accepted !== true) return this.#route(notification, request, index + 1);
    }
    return route;
  }

  /** Runs the handler; the answer is built without a promise when the handler is synchronous. */
  #run(
    route: Route,
    request: Request,
    wire: WireNotification,
    passthrough: WeakSet<object> | undefined,
  ): Response | Promise<Response> {
    const response = new PendingResponse();
    const notification: IncomingNotification = {
      topic: wire.topic,
      botID: wire.botID as string,
      timestamp: wire.timestamp as number,
      event: wire.data,
    };
    // onTimeout gets the notification as it arrived, not as the late handler left it.
    const pristine = this.#timeout !== undefined && this.#onTimeout
      ? snapshot(notification)
      : notification;
    // The snapshot's unknown actions are new objects: let them through too.
    if (pristine !== notification) {
      passthrough = collectUnknownActions(pristine.event, passthrough);
    }
    let result: unknown;
    try {
      result = route.handler(request, response, notification);
    } catch (error) {
      return this.#fail(error, request);
    }
    if (isThenable(result)) {
      return this.#settle(result, response, pristine, request, wire, passthrough);
    }
    return this.#answer(result, response, request, wire, passthrough);
  }

  async #settle(
    pending: PromiseLike<unknown>,
    response: PendingResponse,
    pristine: IncomingNotification,
    request: Request,
    wire: WireNotification,
    passthrough: WeakSet<object> | undefined,
  ): Promise<Response> {
    let result: unknown;
    try {
      result = this.#timeout === undefined
        ? await pending
        : await this.#deadline(Promise.resolve(pending), pristine, request);
    } catch (error) {
      if (error instanceof Deadline) return error.response;
      return this.#fail(error, request);
    }
    if (result instanceof Fallback) {
      // The late handler may still change its own response object: start afresh.
      return this.#answer(result.value, new PendingResponse(), request, wire, passthrough);
    }
    return this.#answer(result, response, request, wire, passthrough);
  }

  /** Validates and serialises a handler's result. */
  #answer(
    result: unknown,
    response: PendingResponse,
    request: Request,
    wire: WireNotification,
    passthrough: WeakSet<object> | undefined,
  ): Response {
    if (result instanceof Response) return result;
    if (this.#validate && wire.topic === STEP_REACHED) {
      const check = validateResponse(result, passthrough);
      if (!check.success) {
        const error = new ResponseValidationError(check.issues);
        this.#onError(error, request);
        return new Response(
          JSON.stringify({ error: "Invalid response", issues: formatIssues(check.issues) }),
          { status: 500, headers: { "content-type": JSON_CONTENT_TYPE } },
        );
      }
    }
    let text: string | undefined;
    try {
      text = JSON.stringify(result);
    } catch (error) {
      return this.#fail(error, request);
    }
    if (text === undefined) {
      return this.#fail(
        new TypeError("Handler returned nothing: return a response body or a Response"),
        request,
      );
    }
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
   * The answer of `onTimeout`, which gets a deadline of its own (the same
   * `timeout`): a fallback that hangs must not hold the request forever.
   */
  #fallback(notification: IncomingNotification, timeout: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`onTimeout missed the deadline: it took more than ${timeout} ms`)),
        timeout,
      );
      // Called inside a promise job, so that a synchronous throw becomes a rejection.
      Promise.resolve(notification).then((arrived) => this.#onTimeout!(arrived)).then(
        (value) => (clearTimeout(timer), resolve(value)),
        (error) => (clearTimeout(timer), reject(error)),
      );
    });
  }

  #deadline(
    result: Promise<unknown>,
    notification: IncomingNotification,
    request: Request,
  ): Promise<unknown> {
    const timeout = this.#timeout!;
    return new Promise((resolve, reject) => {
      let late = false;
      const timer = setTimeout(async () => {
        late = true;
        const error = new Error(`Handler missed the deadline: it took more than ${timeout} ms`);
        this.#onError(error, request);
        if (!this.#onTimeout) {
          reject(new Deadline(errorResponse(504, "The webhook did not answer in time")));
          return;
        }
        try {
          resolve(new Fallback(await this.#fallback(notification, timeout)));
        } catch (fallbackError) {
          // The fallback failed or was late too: still a deadline answer, not a 500.
          this.#onError(fallbackError, request);
          reject(new Deadline(errorResponse(504, "The webhook did not answer in time")));
        }
      }, timeout);
      result.then(
        (value) => {
          clearTimeout(timer);
          if (late) this.#onError(new Error("Late handler result discarded"), request);
          else resolve(value);
        },
        (error) => {
          clearTimeout(timer);
          if (late) this.#onError(error, request);
          else reject(error);
        },
      );
    });
  }
}

const JSON_HEADERS: Record<string, string> = { "content-type": JSON_CONTENT_TYPE };
// A Headers object rather than a record: a Response copies either, and a Headers
// object is the cheaper copy (about 0.1 µs per answer on Deno and Bun).
const JSON_OK: ResponseInit = { status: 200, headers: new Headers(JSON_HEADERS) };

/** The handler's `response`: its `Headers` is only built if the handler reads or sets it. */
class PendingResponse implements HandlerResponse {
  status = 200;
  #headers: Headers | undefined = undefined;

  get headers(): Headers {
    return (this.#headers ??= new Headers());
  }

  set headers(headers: Headers) {
    this.#headers = headers;
  }

  /** The headers, if the handler touched them. */
  get touchedHeaders(): Headers | undefined {
    return this.#headers;
  }
}

class Deadline {
  constructor(readonly response: Response) {}
}

class Fallback {
  constructor(readonly value: unknown) {}
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value instanceof Promise ||
    (value !== null && (typeof value === "object" || typeof value === "function") &&
      typeof (value as { then?: unknown }).then === "function");
}

function snapshot(notification: IncomingNotification): IncomingNotification {
  try {
    return { ...notification, event: structuredClone(notification.event) };
  } catch {
    return notification; // Not cloneable (a model layer's objects): share it.
  }
}

interface WireNotification {
  topic: string;
  botID?: unknown;
  timestamp?: unknown;
  type?: unknown;
  data: Record<string, unknown>;
}

function normalizeFilters(filters: RouteFilters | undefined): readonly Filter[] {
  if (filters === undefined) return [];
  const list = typeof filters === "function"
    ? [filters]
    : Array.isArray(filters)
    ? filters
    : filters !== null && typeof filters === "object" && "filters" in filters
    ? normalizeFilters((filters as { filters: Filter | readonly Filter[] }).filters)
    : undefined;
  if (list === undefined) {
    throw new TypeError(
      "Cannot add a route: filters must be a filter, an array of filters or { filters }",
    );
  }
  for (const filter of list) {
    if (typeof filter !== "function") {
      throw new TypeError("Cannot add a route: every filter must be a function");
    }
  }
  return [...list];
}

/** The path of a request URL, without building a URL object. */
function pathOf(url: string): string {
  const scheme = url.indexOf("://");
  const start = url.indexOf("/", scheme < 0 ? 0 : scheme + 3);
  if (start < 0) return "/";
  let end = url.length;
  const query = url.indexOf("?", start);
  if (query >= 0) end = query;
  const hash = url.indexOf("#", start);
  if (hash >= 0 && hash < end) end = hash;
  return url.slice(start, end);
}
