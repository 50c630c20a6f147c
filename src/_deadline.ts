// The deadline of the filters and the handler (`timeout`) and the
// `onTimeout` fallback, which has a deadline of its own: a late handler is
// answered for, never waited on.
import type { FailureKind } from "./_reporting.ts";
import { errorResponse } from "./http/_json_response.ts";
import { within } from "./security/_wait.ts";
import type { IncomingNotification } from "./webhook_types.ts";

/** Thrown by {@linkcode HandlerDeadline.race} when the answer is the deadline's own 504. */
export class Deadline {
  constructor(readonly response: Response) {}
}

/** Resolved by {@linkcode HandlerDeadline.race} when `onTimeout` answered for a late handler. */
export class Fallback {
  constructor(readonly value: unknown) {}
}

/** What a raced piece of work resolves to when it did not run the handler because it was late. */
export const SKIPPED: unique symbol = Symbol("skipped");

/** One request's race against the deadline, shared with the work it races. */
export interface Race {
  /** Set when the deadline passed: the work must not start the handler any more. */
  late: boolean;
  /** What is running: the filters (an asynchronous one), then the handler. */
  stage: "filters" | "handler";
  /** The notification `onTimeout` gets: as it arrived. */
  notification: IncomingNotification;
}

/** A copy of the notification as it arrived, for `onTimeout`. */
export function snapshot(notification: IncomingNotification): IncomingNotification {
  try {
    return { ...notification, event: structuredClone(notification.event) };
  } catch {
    return notification; // Not cloneable (a model layer's objects, too deep): share it.
  }
}

/** The web platform's own timeout error, as the other bounded waits give. */
function timeoutError(message: string): DOMException {
  return new DOMException(message, "TimeoutError");
}

/** The rejection of a request whose handler (and fallback, if any) missed the deadline. */
function missed(): Deadline {
  return new Deadline(errorResponse(504, "The webhook did not answer in time"));
}

/** The deadline of a webhook's filters and handlers. */
export class HandlerDeadline {
  constructor(
    readonly timeout: number,
    readonly onTimeout: ((notification: IncomingNotification) => unknown) | undefined,
    readonly report: (kind: FailureKind, error: unknown, request: Request) => void,
  ) {}

  /**
   * The work's result if it comes in time; else a {@linkcode Fallback}
   * with `onTimeout`'s answer, or a rejection with a {@linkcode Deadline}.
   */
  race(result: Promise<unknown>, race: Race, request: Request): Promise<unknown> {
    const timeout = this.timeout;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(async () => {
        race.late = true;
        const answer = this.onTimeout ? "onTimeout answers" : "the answer is a 504";
        this.report(
          "timeout",
          timeoutError(
            race.stage === "handler"
              ? `Handler missed the deadline: it took more than ${timeout} ms; ${answer}`
              : `A filter missed the deadline: routing took more than ${timeout} ms; ${answer}`,
          ),
          request,
        );
        if (!this.onTimeout) {
          reject(missed());
          return;
        }
        try {
          resolve(new Fallback(await this.#fallback(race.notification)));
        } catch (fallbackError) {
          // The fallback failed or was late too: still a deadline answer, not a 500.
          this.report("fallback", fallbackError, request);
          reject(missed());
        }
      }, timeout);
      result.then(
        (value) => {
          clearTimeout(timer);
          if (!race.late) resolve(value);
          else if (value !== SKIPPED) {
            this.report("late", new Error("Late handler result discarded"), request);
          }
        },
        (error) => {
          clearTimeout(timer);
          if (race.late) this.report("late_failure", error, request);
          else reject(error);
        },
      );
    });
  }

  /**
   * The answer of `onTimeout`, which gets a deadline of its own (the same
   * `timeout`): a fallback that hangs must not hold the request forever.
   */
  #fallback(notification: IncomingNotification): Promise<unknown> {
    return within(
      // Called inside a promise job, so that a synchronous throw becomes a rejection.
      Promise.resolve(notification).then((arrived) => this.onTimeout!(arrived)),
      this.timeout,
      `onTimeout missed the deadline: it took more than ${this.timeout} ms`,
    );
  }
}
