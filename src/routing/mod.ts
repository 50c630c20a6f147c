/**
 * Routing: the filters a route can carry, from the reference framework's
 * JSON-key filters to filters on steps, sessions and inputs, and the `and` /
 * `or` / `not` combinators. Everything here is also exported by the package's
 * root module.
 *
 * @example Route a step by its userData, for French speakers only
 * ```ts
 * import { and, SessionValueEquals, StepUserDataKeyEquals } from "@clustaar/webhook";
 *
 * const filter = and(StepUserDataKeyEquals("action", "subscribe"), SessionValueEquals("lang", "fr"));
 * console.assert(filter({
 *   data: { step: { userData: '{"action":"subscribe"}' }, session: { values: { lang: "fr" } } },
 * }));
 * ```
 *
 * @module
 */
export { describeFilter, type Filter, type SyncFilter } from "./filter.ts";
export { JSONKeyEquals, JSONKeyExists, JSONKeyIn } from "./json_filters.ts";
export {
  Channel,
  InputMatches,
  InputType,
  type InputTypeName,
  SessionValueEquals,
  SessionValueExists,
  StepID,
  StepName,
  StepUserDataContains,
  StepUserDataKeyEquals,
  StepUserDataKeyExists,
  StepUserDataKeyIn,
} from "./step_filters.ts";
export { and, not, or } from "./combinators.ts";
