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
   * `X-Hub-Signature`. Several keys may be given during a rotation. Only
   * leaving it out (or `undefined`) turns the check off: `null`, `""`, `[]`
   * or a list holding anything but non-empty strings is a `TypeError`.
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
   * private key and a max age are set; `null` disables it. A store that
   * fails, or does not answer within `timeout` (10 s without it), makes the
   * request a 503. A recorded request whose answer is not a 2xx is forgotten
   * again (with the store's `delete`), so that its retry is not a replay.
   */
  replayStore?: ReplayStore | null;
  /**
   * How far apart, in seconds, the clocks of the instances that share a
   * replay store may be (default 10): each signature is remembered until
   * `Date + requestMaxAge + clockSkew`, so that an instance whose clock is
   * behind cannot accept a replay after a faster instance's record expired.
   */
  clockSkew?: number;
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
   * replay store: a 503 (an error, or a `TimeoutError` when it did not
   * answer in time), or a `delete` that failed (default: `console.error`).
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
