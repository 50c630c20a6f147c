// One test for "something to await", shared by the pipeline, the routes and
// the combinators: any thenable, not only a native promise (a store's promise
// from another library or realm must not pass for a synchronous answer).

/** Whether `value` is a promise or any other thenable. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value instanceof Promise ||
    (value !== null && (typeof value === "object" || typeof value === "function") &&
      typeof (value as { then?: unknown }).then === "function");
}
