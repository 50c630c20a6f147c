/**
 * The `Date` header rules that keep old requests from being replayed.
 *
 * @module
 */

/** Messages sent with a 400 when the `Date` header fails the rules. */
export const FRESHNESS_MESSAGES = {
  missing: "The request's date is missing.",
  invalid: "The request's date is invalid.",
  old: "Request is too old",
  future: "Request is in the future",
} as const;

/**
 * Checks that a request's `Date` is within `maxAge` seconds of now, in the
 * past or in the future.
 *
 * The last parsed header is remembered: the platform sends many requests with
 * the same `Date` within one second, and parsing dates is not free.
 *
 * @example Check a Date header
 * ```ts
 * import { FreshnessCheck } from "@clustaar/webhook";
 * const freshness = new FreshnessCheck(10);
 * const now = Date.parse("Wed, 03 Jan 2018 16:58:35 GMT");
 * console.assert(freshness.check("Wed, 03 Jan 2018 16:58:29 GMT", now) === undefined);
 * console.assert(freshness.check("Wed, 03 Jan 2018 16:50:00 GMT", now) === "Request is too old");
 * ```
 *
 * @category Security
 */
export class FreshnessCheck {
  /** The maximum age, in milliseconds. */
  readonly maxAgeMs: number;
  #lastHeader = "";
  #lastTime = Number.NaN;

  /**
   * Creates a check for one maximum age.
   *
   * @param maxAge The maximum age in seconds (a finite number, 0 or more).
   * @throws {RangeError} When `maxAge` is negative or not finite.
   *
   * @example The platform's 10 seconds
   * ```ts
   * import { FreshnessCheck } from "@clustaar/webhook";
   *
   * const freshness = new FreshnessCheck(10);
   * console.assert(freshness.check(new Date().toUTCString(), Date.now()) === undefined);
   * ```
   */
  constructor(maxAge: number) {
    if (typeof maxAge !== "number" || !Number.isFinite(maxAge) || maxAge < 0) {
      throw new RangeError(
        `Cannot check request dates: requestMaxAge must be a number of seconds, 0 or more, or null (got ${
          String(maxAge)
        })`,
      );
    }
    this.maxAgeMs = maxAge * 1000;
  }

  /**
   * Parses a `Date` header value; `NaN` when it is not a date.
   *
   * @param header The header value.
   * @returns Milliseconds since the epoch, or `NaN`.
   */
  parse(header: string): number {
    if (header === this.#lastHeader) return this.#lastTime;
    const time = header.trim() === "" ? Number.NaN : Date.parse(header);
    this.#lastHeader = header;
    this.#lastTime = time;
    return time;
  }

  /**
   * Checks a `Date` header value against the clock.
   *
   * @param header The header value, or `null` when absent.
   * @param now The current time in milliseconds since the epoch.
   * @returns `undefined` when fresh, else the message for the 400.
   */
  check(header: string | null, now: number): string | undefined {
    if (header === null) return FRESHNESS_MESSAGES.missing;
    const time = this.parse(header);
    if (Number.isNaN(time)) return FRESHNESS_MESSAGES.invalid;
    if (now - time > this.maxAgeMs) return FRESHNESS_MESSAGES.old;
    if (time - now > this.maxAgeMs) return FRESHNESS_MESSAGES.future;
    return undefined;
  }
}
