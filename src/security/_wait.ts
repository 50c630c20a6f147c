// A bounded wait for a store's answer: the request never waits longer than
// the bound, and an answer that comes after it is handed to `onLate` (or
// dropped), never left as an unhandled rejection.

/**
 * Resolves as `pending` does, or rejects with a `TimeoutError` (a
 * `DOMException`) once `ms` milliseconds have passed without an answer.
 *
 * @param pending What is waited for (any thenable).
 * @param ms The bound, in milliseconds.
 * @param message The timeout error's message.
 * @param onLate Called with a value that arrives after the bound (a late
 * rejection is dropped: the caller has already reported the timeout).
 */
export function within<T>(
  pending: PromiseLike<T>,
  ms: number,
  message: string,
  onLate?: (value: T) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new DOMException(message, "TimeoutError"));
    }, ms);
    Promise.resolve(pending).then(
      (value) => {
        if (!late) {
          clearTimeout(timer);
          resolve(value);
          return;
        }
        try {
          onLate?.(value);
        } catch {
          // The request has its answer; nothing else may fail because of it.
        }
      },
      (error) => {
        if (late) return;
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
