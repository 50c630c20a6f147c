// The descriptions of built-in filters, for describeFilter and the list of routes.
import { formatValue } from "./_json_value.ts";
import type { Filter } from "./filter.ts";

const descriptions = new WeakMap<Filter, string>();

/** Registers a built-in filter's description and gives the function a useful name. */
export function register<F extends Filter>(filter: F, name: string, description: string): F {
  Object.defineProperty(filter, "name", { value: name });
  descriptions.set(filter, description);
  return filter;
}

/** The call that made a filter, as text: `StepID("a")`. */
export function call(name: string, args: readonly unknown[]): string {
  return `${name}(${args.map(formatValue).join(", ")})`;
}

/** The registered description of a built-in filter, if it is one. */
export function descriptionOf(filter: Filter): string | undefined {
  return descriptions.get(filter);
}
