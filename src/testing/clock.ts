/**
 * A clock that only moves when told to, for the webhook's `now` option.
 *
 * @module
 */
import { SAMPLE_TIME_MS } from "./notification.ts";

/**
 * A manual clock: see {@linkcode createClock}.
 *
 * @example Move the clock past a webhook's requestMaxAge
 * ```ts
 * import { createClock, type TestClock } from "@clustaar/webhook/testing";
 *
 * const clock: TestClock = createClock();
 * const signedAt = clock.httpDate();
 * clock.advance(60_000);
 * console.assert(Date.parse(clock.httpDate()) - Date.parse(signedAt) === 60_000);
 * ```
 *
 * @category Testing
 */
export interface TestClock {
  /** The current time in milliseconds since the epoch; bound, so `now: clock.now` works. */
  readonly now: () => number;
  /** Moves the clock forward (or back, with a negative number) by `ms` milliseconds. */
  advance(ms: number): void;
  /** Sets the clock to a time: milliseconds, a `Date` or a date string. */
  set(time: number | Date | string): void;
  /** The current time as an HTTP `Date` header value (`Wed, 03 Jan 2018 16:58:29 GMT`). */
  httpDate(): string;
}

function toMs(time: number | Date | string): number {
  const ms = typeof time === "number"
    ? time
    : typeof time === "string"
    ? Date.parse(time)
    : time.getTime();
  if (!Number.isFinite(ms)) {
    throw new RangeError(`Cannot set the clock: invalid time (got ${String(time)})`);
  }
  return ms;
}

/**
 * Creates a manual clock for a webhook's `now` option, so that freshness and
 * replay rules can be tested without waiting.
 *
 * @param start The initial time (default: the sample notification's
 * timestamp, `Wed, 03 Jan 2018 16:58:29 GMT`).
 * @returns The clock.
 * @throws {RangeError} For an invalid time.
 *
 * @example A request goes stale after the max age
 * ```ts
 * import { Webhook } from "@clustaar/webhook";
 * import { createClock, createSignedRequest } from "@clustaar/webhook/testing";
 *
 * const clock = createClock();
 * const app = new Webhook({ privateKey: "secret", requestMaxAge: 10, now: clock.now });
 * app.on("conversation.step_reached", () => ({ actions: [] }));
 * const date = clock.httpDate();
 * clock.advance(11_000);
 * const response = await app.fetch(await createSignedRequest({ privateKey: "secret", date }));
 * console.assert(response.status === 400); // "Request is too old"
 * ```
 *
 * @category Testing
 */
export function createClock(start: number | Date | string = SAMPLE_TIME_MS): TestClock {
  let current = toMs(start);
  return {
    now: () => current,
    advance(ms: number): void {
      if (typeof ms !== "number" || !Number.isFinite(ms)) {
        throw new RangeError(
          `Cannot advance the clock: ms must be a finite number (got ${String(ms)})`,
        );
      }
      current += ms;
    },
    set(time: number | Date | string): void {
      current = toMs(time);
    },
    httpDate: () => new Date(current).toUTCString(),
  };
}
