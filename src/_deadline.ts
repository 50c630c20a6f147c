// The handler's deadline (`timeout`) and the `onTimeout` fallback, which has a
// deadline of its own: a late handler is answered for, never waited on.
import { errorResponse } from "./http/_json_response.ts";
import type { IncomingNotification } from "./webhook_types.ts";

/** Thrown by {@linkcode HandlerDeadline.race} when the answer is the deadline's own 504. */
export class Deadline {
  constructor(readonly response: Response) {}
}

/** Resolved by {@linkcode HandlerDeadline.race} when `onTimeout` answered for a late handler. */
export class Fallback {
  constructor(readonly value: unknown) {}
}

/** A copy of the notification as it arrived, for `onTimeout`. */
export function snapshot(notification: IncomingNotification): IncomingNotification {
  try {
    return { ...notification, event: structuredClone(notification.event) };
  } catch {
    return notification; // Not cloneable (a model layer's objects): share it.
  }
}

/** The deadline of a webhook's handlers. */
export class HandlerDeadline {
  constructor(
    readonly timeout: number,
    readonly onTimeout: ((notification: IncomingNotification) => unknown) | undefined,
    readonly onError: (error: unknown, request: Request) => void,
  ) {}

  /**
   * The handler's result if it comes in time; else a {@linkcode Fallback}
   * with `onTimeout`'s answer, or a rejection with a {@linkcode Deadline}.
   */
  race(
    result: Promise<unknown>,
    notification: IncomingNotification,
    request: Request,
  ): Promise<unknown> {
    const timeout = this.timeout;
    return new Promise((resolve, reject) => {
      let late = false;
      const timer = setTimeout(async () => {
        late = true;
        const error = new Error(`Handler missed the deadline: it took more than ${timeout} ms`);
        this.onError(error, request);
        if (!this.onTimeout) {
          reject(new Deadline(errorResponse(504, "The webhook did not answer in time")));
          return;
        }
        try {
          resolve(new Fallback(await this.#fallback(notification)));
        } catch (fallbackError) {
          // The fallback failed or was late too: still a deadline answer, not a 500.
          this.onError(fallbackError, request);
          reject(new Deadline(errorResponse(504, "The webhook did not answer in time")));
        }
      }, timeout);
      result.then(
        (value) => {
          clearTimeout(timer);
          if (late) this.onError(new Error("Late handler result discarded"), request);
          else resolve(value);
        },
        (error) => {
          clearTimeout(timer);
          if (late) this.onError(error, request);
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
    const timeout = this.timeout;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`onTimeout missed the deadline: it took more than ${timeout} ms`)),
        timeout,
      );
      // Called inside a promise job, so that a synchronous throw becomes a rejection.
      Promise.resolve(notification).then((arrived) => this.onTimeout!(arrived)).then(
        (value) => (clearTimeout(timer), resolve(value)),
        (error) => (clearTimeout(timer), reject(error)),
      );
    });
  }
}
