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

/** Why a request was refused before reaching a handler. */
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
 */
export interface Logger {
  /** Writes a warning or a refusal. */
  warn(message: string): unknown;
  /** Writes a failure (default: `warn`). */
  error?(message: string): unknown;
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
  /**
   * How long the body may take to arrive once the headers did, in
   * milliseconds (default 10,000); later gets 408 (`body_timeout`). Bounds
   * what a client that announces a body and sends it slowly, or never, holds.
   */
  bodyTimeout?: number;
  /** Only this URL path is served (default: any path); others get 404. */
  path?: string;
  /**
   * Validate each handler's answer against the platform's schemas before
   * sending it (default `true`).
   */
  validateResponses?: boolean;
  /**
   * A deadline, in milliseconds, for what the webhook waits on after the body
   * (default: none): asynchronous filters and the handler, together. A late
   * one gets a 504 (or `onTimeout`'s answer) and is reported to `onError`.
   * Synchronous code cannot be interrupted: its answer is sent.
   */
  timeout?: number;
  /**
   * The answer sent when the filters or the handler miss the deadline;
   * without it (or when it throws, or misses a deadline of its own, the same
   * `timeout`), a 504. It sees the notification as it arrived, and its answer
   * goes out with status 200 whatever the late handler did to its
   * `response`. The late result is discarded and reported to `onError`.
   */
  onTimeout?: (notification: IncomingNotification) => unknown;
  /**
   * Called for every handler failure, every 500, every missed deadline and
   * every failure of the replay store (a 503). Default: one line per failure
   * through `logger` (its `error`, else `warn`). A promise it returns is not
   * waited for; what it throws or rejects is ignored.
   */
  onError?: (error: unknown, request: Request) => unknown;
  /**
   * Called for every refused request. Default: one line per refusal through
   * `logger.warn` (at most 10 a minute, then a count). A promise it returns
   * is not waited for; what it throws or rejects goes to `onError`.
   */
  onReject?: (rejection: Rejection) => unknown;
  /**
   * Where the webhook's own lines go: warnings, and the default lines of
   * `onReject` and `onError` (default: `console`); `null` writes nothing.
   */
  logger?: Logger | null;
  /**
   * Topics outside `events` that this webhook handles on purpose:
   * `on()` registers them without the warning a misspelt topic gets.
   */
  topics?: readonly string[];
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
