// One test for "something to await", shared by the pipeline, the routes and
// the combinators: any thenable, not only a native promise (a store's promise
// from another library or realm must not pass for a synchronous answer).

/** What `make` returns, as a promise: rejected, not thrown, when `make` throws. */
export function resolved<T>(make: () => T | PromiseLike<T>): Promise<T> {
  try {
    return Promise.resolve(make());
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Calls `call`; swallows what it throws or rejects (a failing logger or onError has nowhere left to report to). */
export function quietly(call: () => unknown): void {
  try {
    const result = call();
    if (isThenable(result)) Promise.resolve(result).then(undefined, () => {});
  } catch {
    // Nothing to do: see above.
  }
}

/** Whether `value` is a promise or any other thenable. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value instanceof Promise ||
    (value !== null && (typeof value === "object" || typeof value === "function") &&
      typeof (value as { then?: unknown }).then === "function");
}
