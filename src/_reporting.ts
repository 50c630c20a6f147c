// Where failures and refusals go: the webhook's `onError` and `onReject`
// hooks, or, without them, one concise line each through `logger`. A hook's
// promise is awaited for its failure only (a refusal or an answer never
// waits on a hook): onReject's failure goes to onError, onError's and the
// logger's are swallowed, and none becomes an unhandled rejection. Default
// lines are rate-limited so that an attack cannot flood the log.
import { isThenable, quietly } from "./_thenable.ts";
import { escapeText, quote } from "./_text.ts";
import { requestPath } from "./http/_path.ts";
import type { Logger, Rejection } from "./webhook_types.ts";

/** What failed, for the default line of `onError`. */
export type FailureKind =
  /** The handler threw or rejected: a 500. */
  | "handler"
  /** A filter threw or rejected: a 500. */
  | "filter"
  /** The handler or the filters missed `timeout`: a 504 or onTimeout's answer. */
  | "timeout"
  /** A late handler's result, discarded. */
  | "late"
  /** A late handler's failure, after its deadline. */
  | "late_failure"
  /** onTimeout threw, rejected or missed its own deadline: a 504. */
  | "fallback"
  /** The handler's answer is invalid or cannot be sent: a 500. */
  | "answer"
  /** The replay store failed: a 503. */
  | "store"
  /** onReject failed. */
  | "hook"
  /** Anything else: a 500. */
  | "internal";

/** What the default `onError` writes first for each kind (`null`: nothing). */
const FAILURE_LINES: Record<FailureKind, string | null> = {
  handler: "the handler failed",
  filter: "a filter failed",
  timeout: "",
  late: null, // The deadline's line said it all; a user's onError still hears it.
  late_failure: "a late handler failed after its deadline",
  fallback: "onTimeout failed",
  answer: "the handler's answer cannot be sent",
  store: "the replay store failed; answering 503",
  hook: "onReject failed",
  internal: "the request failed",
};

/** Kinds whose line carries the error's stack: the ones that are bugs to find. */
const WITH_STACK: ReadonlySet<FailureKind> = new Set(["handler", "filter", "internal"]);

/** How many default lines of each family a minute may hold, before a count instead. */
const REFUSALS_PER_MINUTE = 10;
const FAILURES_PER_MINUTE = 60;
const MINUTE = 60_000;

const PREFIX = "Clustaar webhook: ";

/** Counts lines per minute; past the budget, counts what it did not write. */
class LineBudget {
  #windowStart = -Infinity;
  #written = 0;
  #dropped = 0;

  constructor(readonly perMinute: number, readonly what: string) {}

  /** Whether a line may be written now; writes the previous minute's count first when due. */
  take(now: number, write: (line: string) => void): boolean {
    if (now - this.#windowStart >= MINUTE || now < this.#windowStart) {
      if (this.#dropped > 0) {
        write(
          `${PREFIX}${this.#dropped} more ${this.what} were not logged in the minute from ${
            new Date(this.#windowStart).toISOString()
          } (at most ${this.perMinute} lines a minute)`,
        );
      }
      this.#windowStart = now;
      this.#written = 0;
      this.#dropped = 0;
    }
    if (this.#written < this.perMinute) {
      this.#written++;
      return true;
    }
    this.#dropped++;
    return false;
  }
}

/** The method and path of a request, escaped, for a line. */
export function describeRequest(request: Request): string {
  try {
    const path = requestPath(request.url, request.headers.get("host"));
    return `${escapeText(request.method, 20)} ${quote(path)}`;
  } catch {
    return "a request";
  }
}

/** An error as one escaped line, with the frames of its stack when asked. */
export function describeError(error: unknown, withStack: boolean): string {
  if (!(error instanceof Error)) return escapeText(safeString(error), 300);
  const head = error.name === "Error" ? error.message : `${error.name}: ${error.message}`;
  let line = escapeText(head, 300);
  if (withStack && typeof error.stack === "string") {
    // The frames only: the stack's first lines repeat the message, which may
    // hold request text and newlines.
    const frames = error.stack.split("\n").filter((frame) => /^\s+at /.test(frame));
    for (const frame of frames.slice(0, 10)) line += `\n    ${escapeText(frame.trim(), 300)}`;
  }
  return line;
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return "a value that cannot be shown";
  }
}

/** The reporting of one webhook. */
export class Reporter {
  readonly #logger: Logger | null;
  readonly #onError: ((error: unknown, request: Request) => unknown) | undefined;
  readonly #onReject: ((rejection: Rejection) => unknown) | undefined;
  readonly #now: () => number;
  readonly #refusals = new LineBudget(REFUSALS_PER_MINUTE, "refusals");
  readonly #failures = new LineBudget(FAILURES_PER_MINUTE, "failures");

  constructor(options: {
    logger: Logger | null;
    onError: ((error: unknown, request: Request) => unknown) | undefined;
    onReject: ((rejection: Rejection) => unknown) | undefined;
    now: () => number;
  }) {
    this.#logger = options.logger;
    this.#onError = options.onError;
    this.#onReject = options.onReject;
    this.#now = options.now;
  }

  /** Writes a warning (unreachable route, unknown topic...) through the logger. */
  warn(message: string): void {
    const logger = this.#logger;
    if (logger !== null) quietly(() => logger.warn(message));
  }

  /** A failure: to onError, or a default line. */
  error(kind: FailureKind, error: unknown, request: Request): void {
    const onError = this.#onError;
    if (onError !== undefined) {
      quietly(() => onError(error, request));
      return;
    }
    const logger = this.#logger;
    const first = FAILURE_LINES[kind];
    if (logger === null || first === null) return;
    const write = (line: string) =>
      quietly(() => (logger.error ? logger.error(line) : logger.warn(line)));
    if (!this.#failures.take(this.#clock(), write)) return;
    const detail = describeError(error, WITH_STACK.has(kind));
    const where = describeRequest(request);
    write(
      first === "" ? `${PREFIX}${detail} (${where})` : `${PREFIX}${first} on ${where}: ${detail}`,
    );
  }

  /** A refusal: to onReject (its failure to onError), or a refusal line. */
  reject(rejection: Rejection): void {
    const onReject = this.#onReject;
    if (onReject !== undefined) {
      try {
        const result = onReject(rejection);
        if (isThenable(result)) {
          Promise.resolve(result).then(
            undefined,
            (error) => this.error("hook", error, rejection.request),
          );
        }
      } catch (error) {
        this.error("hook", error, rejection.request);
      }
      return;
    }
    const logger = this.#logger;
    if (logger === null) return;
    const write = (line: string) => quietly(() => logger.warn(line));
    if (!this.#refusals.take(this.#clock(), write)) return;
    write(
      `${PREFIX}refused ${
        describeRequest(rejection.request)
      } (${rejection.status}, ${rejection.reason}): ${rejection.message}`,
    );
  }

  #clock(): number {
    try {
      const now = this.#now();
      return Number.isFinite(now) ? now : Date.now();
    } catch {
      return Date.now();
    }
  }
}
