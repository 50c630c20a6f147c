/**
 * What a route filter is, and how filters describe themselves in
 * {@linkcode Webhook.routes}.
 *
 * Built-in filters are synchronous, never throw on any JSON input (a missing
 * key, a wrong type, an array, `null` all make them return `false`) and do
 * their preparation once, when they are made: paths are split, patterns
 * copied, value sets built.
 *
 * @module
 */
import { descriptionOf } from "./_describe.ts";

/**
 * A route filter: gets the parsed JSON body of the request (the notification
 * as it arrived) and the HTTP request, and tells whether the route applies.
 *
 * @example A custom filter on a request header
 * ```ts
 * import type { Filter } from "@clustaar/webhook";
 *
 * const hasToken: Filter = (_data, request) => request?.headers.has("X-Token") ?? false;
 * ```
 *
 * @category Routing
 */
// deno-lint-ignore no-explicit-any
export type Filter<T = any> = (data: T, request?: Request) => boolean | Promise<boolean>;

/**
 * A filter that always answers synchronously and accepts any JSON input:
 * what every built-in filter is.
 *
 * @example
 * ```ts
 * import { StepID, type SyncFilter } from "@clustaar/webhook";
 *
 * const filter: SyncFilter = StepID("507f191e810c19729de860ea");
 * const accepted: boolean = filter({ data: { step: { id: "507f191e810c19729de860ea" } } });
 * ```
 *
 * @category Routing
 */
export type SyncFilter = (data: unknown, request?: Request) => boolean;

/**
 * A readable description of a filter, as shown in the list of routes.
 *
 * @param filter A built-in filter, a combination, or a custom function.
 * @returns For a built-in filter, the call that made it, e.g.
 * `JSONKeyEquals("data.step.id", "507f191e810c19729de860ea")`; for a custom
 * function, its name, or `"custom filter"` when it has none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { and, describeFilter, not, SessionValueExists, StepName } from "@clustaar/webhook";
 *
 * const filter = and(StepName("a"), not(SessionValueExists("lang")));
 * assert.equal(describeFilter(filter), 'and(StepName("a"), not(SessionValueExists("lang")))');
 * ```
 *
 * @category Routing
 */
export function describeFilter(filter: Filter): string {
  const description = descriptionOf(filter);
  if (description !== undefined) return description;
  return typeof filter === "function" && filter.name !== "" ? filter.name : "custom filter";
}
