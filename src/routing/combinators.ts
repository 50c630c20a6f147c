/**
 * Combinators: `and`, `or` and `not` over any filters, synchronous while
 * the filters they combine are.
 *
 * @module
 */
import { isThenable } from "../_thenable.ts";
import { typeName } from "./_json_value.ts";
import { register } from "./_describe.ts";
import { describeFilter, type Filter, type SyncFilter } from "./filter.ts";

function assertFilters(filters: readonly unknown[], name: string): readonly Filter[] {
  for (let i = 0; i < filters.length; i++) {
    if (typeof filters[i] !== "function") {
      throw new TypeError(
        `Cannot create ${name} filter: argument ${i + 1} must be a function, got ${
          typeName(filters[i])
        }`,
      );
    }
  }
  return Object.freeze([...filters]) as readonly Filter[];
}

// Like the router, the combinators count only `true` (or a Promise of `true`)
// as acceptance: any other result, even a truthy one, is a rejection.

/**
 * Runs `filters[start..]` in order until one rejects. Stays synchronous while
 * the filters answer synchronously; from the first Promise on, continues in
 * {@linkcode andAfter}.
 */
function andFrom(
  filters: readonly Filter[],
  start: number,
  data: unknown,
  request: Request | undefined,
): boolean | Promise<boolean> {
  for (let i = start; i < filters.length; i++) {
    const result: unknown = (filters[i] as Filter)(data, request);
    if (result === true) continue;
    if (isThenable(result)) return andAfter(filters, i + 1, result, data, request);
    return false;
  }
  return true;
}

async function andAfter(
  filters: readonly Filter[],
  next: number,
  pending: PromiseLike<unknown>,
  data: unknown,
  request: Request | undefined,
): Promise<boolean> {
  if ((await pending) !== true) return false;
  return await andFrom(filters, next, data, request);
}

function orFrom(
  filters: readonly Filter[],
  start: number,
  data: unknown,
  request: Request | undefined,
): boolean | Promise<boolean> {
  for (let i = start; i < filters.length; i++) {
    const result: unknown = (filters[i] as Filter)(data, request);
    if (result === true) return true;
    if (isThenable(result)) return orAfter(filters, i + 1, result, data, request);
  }
  return false;
}

async function orAfter(
  filters: readonly Filter[],
  next: number,
  pending: PromiseLike<unknown>,
  data: unknown,
  request: Request | undefined,
): Promise<boolean> {
  if ((await pending) === true) return true;
  return await orFrom(filters, next, data, request);
}

function negate(value: unknown): boolean {
  return value !== true;
}

/**
 * Accepts when every filter accepts, trying them in order and stopping at the
 * first that rejects. The result is synchronous as long as the filters tried
 * answered synchronously; it becomes a Promise only once one returns a
 * Promise. With no filters, accepts. As for the router, only `true` (or a
 * Promise of `true`) counts as acceptance.
 *
 * @param filters The filters, built-in or custom, sync or async.
 * @returns The combined filter; a {@linkcode SyncFilter} when all parts are.
 * @throws {TypeError} When an argument is not a function.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { and, Channel, StepName } from "@clustaar/webhook";
 *
 * const filter = and(StepName("A step"), Channel("facebook"));
 * assert.equal(filter({ data: { channel: "facebook", step: { name: "A step" } } }), true);
 * ```
 *
 * @example With an async custom filter
 * ```ts
 * import { and, type Filter, StepName } from "@clustaar/webhook";
 *
 * const knownUser: Filter = async (data) => (await Promise.resolve(data)) !== null;
 * const filter = and(StepName("A step"), knownUser);
 * ```
 *
 * @category Routing
 */
export function and(...filters: SyncFilter[]): SyncFilter;
/**
 * Accepts when every filter accepts; the overload for async or typed custom
 * filters, whose result may be a Promise.
 *
 * @param filters The filters, built-in or custom, sync or async.
 * @returns The combined filter.
 *
 * @example
 * ```ts
 * import { and, StepName } from "@clustaar/webhook";
 *
 * const filter = and(StepName("A step"), async () => await Promise.resolve(true));
 * ```
 *
 * @category Routing
 */
export function and<T>(...filters: Filter<T>[]): Filter<T>;
export function and(...filters: Filter[]): Filter {
  const parts = assertFilters(filters, "and");
  return register(
    (data: unknown, request?: Request) => andFrom(parts, 0, data, request),
    "and",
    `and(${parts.map(describeFilter).join(", ")})`,
  );
}

/**
 * Accepts when one of the filters accepts, trying them in order and stopping
 * at the first that accepts. The result is synchronous as long as the filters
 * tried answered synchronously; it becomes a Promise only once one returns a
 * Promise. With no filters, rejects. As for the router, only `true` (or a
 * Promise of `true`) counts as acceptance.
 *
 * @param filters The filters, built-in or custom, sync or async.
 * @returns The combined filter; a {@linkcode SyncFilter} when all parts are.
 * @throws {TypeError} When an argument is not a function.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InputType, or, StepID } from "@clustaar/webhook";
 *
 * const filter = or(StepID("507f191e810c19729de860ea"), InputType("custom_event"));
 * assert.equal(filter({ data: { input: { type: "custom_event", name: "e" } } }), true);
 * ```
 *
 * @category Routing
 */
export function or(...filters: SyncFilter[]): SyncFilter;
/**
 * Accepts when one of the filters accepts; the overload for async or typed
 * custom filters, whose result may be a Promise.
 *
 * @param filters The filters, built-in or custom, sync or async.
 * @returns The combined filter.
 *
 * @example
 * ```ts
 * import { or, StepName } from "@clustaar/webhook";
 *
 * const filter = or(StepName("A step"), async () => await Promise.resolve(false));
 * ```
 *
 * @category Routing
 */
export function or<T>(...filters: Filter<T>[]): Filter<T>;
export function or(...filters: Filter[]): Filter {
  const parts = assertFilters(filters, "or");
  return register(
    (data: unknown, request?: Request) => orFrom(parts, 0, data, request),
    "or",
    `or(${parts.map(describeFilter).join(", ")})`,
  );
}

/**
 * Accepts when `filter` rejects, and the reverse; synchronous when `filter` is.
 * Any result other than `true` (or a Promise of `true`) counts as a rejection.
 *
 * @param filter A filter, built-in or custom, sync or async.
 * @returns The negated filter; a {@linkcode SyncFilter} when `filter` is one.
 * @throws {TypeError} When `filter` is not a function.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { not, SessionValueExists } from "@clustaar/webhook";
 *
 * const filter = not(SessionValueExists("lang"));
 * assert.equal(filter({ data: { session: { values: {} } } }), true);
 * ```
 *
 * @category Routing
 */
export function not(filter: SyncFilter): SyncFilter;
/**
 * Accepts when `filter` rejects; the overload for an async or typed custom
 * filter, whose result may be a Promise.
 *
 * @param filter A filter, sync or async.
 * @returns The negated filter.
 *
 * @example
 * ```ts
 * import { not } from "@clustaar/webhook";
 *
 * const filter = not(async () => await Promise.resolve(false));
 * ```
 *
 * @category Routing
 */
export function not<T>(filter: Filter<T>): Filter<T>;
export function not(filter: Filter): Filter {
  const [part] = assertFilters([filter], "not") as [Filter];
  return register(
    (data: unknown, request?: Request): boolean | Promise<boolean> => {
      const result: unknown = part(data, request);
      if (result === true) return false;
      if (isThenable(result)) return Promise.resolve(result).then(negate);
      return true;
    },
    "not",
    `not(${describeFilter(part)})`,
  );
}
