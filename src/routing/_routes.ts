// The route table: routes by topic in registration order, and the first-match
// search that stays synchronous while the filters it tries answer synchronously.
import { events } from "../events.ts";
import { isThenable } from "../_thenable.ts";
import { quote } from "../_text.ts";
import type { Handler, RouteExplanation, RouteFilters, RouteInfo } from "../webhook_types.ts";
import { describeFilter, type Filter } from "./filter.ts";

/** The topics the platform sends. */
const PLATFORM_TOPICS: readonly string[] = Object.values(events);

/** A registered route. */
export interface Route {
  /** The topic it answers. */
  topic: string;
  /** What answers the notification. */
  // deno-lint-ignore no-explicit-any
  handler: Handler<any>;
  /** Every filter must accept, in order. */
  filters: readonly Filter[];
}

/** What the first-match search needs of a notification: its topic. */
interface Routable {
  topic: string;
}

/** The routes of one webhook. */
export class RouteTable {
  readonly #routes: Route[] = [];
  readonly #byTopic = new Map<string, Route[]>();
  readonly #known: ReadonlySet<string>;
  readonly #warn: (message: string) => void;

  /**
   * @param topics Topics beyond the platform's that routes may use without a warning.
   * @param warn Where warnings go.
   */
  constructor(topics: readonly string[], warn: (message: string) => void) {
    this.#known = new Set([...PLATFORM_TOPICS, ...topics]);
    this.#warn = warn;
  }

  /**
   * Adds a route after the others; warns when its topic is unknown (a typo?)
   * or when a catch-all route of its topic hides it.
   */
  add(topic: string, handler: unknown, filters: RouteFilters | undefined): void {
    if (typeof topic !== "string" || topic === "") {
      throw new TypeError("Cannot add a route: the topic must be a non-empty string");
    }
    if (typeof handler !== "function") {
      throw new TypeError(`Cannot add a route for ${quote(topic)}: the handler must be a function`);
    }
    const list = normalizeFilters(filters);
    if (!this.#known.has(topic)) this.#warn(unknownTopic(topic, this.#known));
    const same = this.#byTopic.get(topic);
    if (same?.some((route) => route.filters.length === 0)) {
      this.#warn(
        `Clustaar webhook: a route for ${
          quote(topic)
        } can never be reached: it is registered after a route for the same topic with no filters`,
      );
    }
    const route: Route = { topic, handler: handler as Handler, filters: list };
    this.#routes.push(route);
    if (same) same.push(route);
    else this.#byTopic.set(topic, [route]);
  }

  /** Whether a route was registered for `topic`. */
  has(topic: string): boolean {
    return this.#byTopic.has(topic);
  }

  /** Whether `topic` is the platform's, one of the `topics` option or one a route was registered for. */
  knows(topic: string): boolean {
    return this.#known.has(topic) || this.#byTopic.has(topic);
  }

  /** The routes in order, with readable filters. */
  info(): RouteInfo[] {
    return this.#routes.map(describeRoute);
  }

  /** The first matching route; a promise only once a filter returns one. */
  match(
    notification: Routable,
    request: Request,
    from = 0,
  ): Route | undefined | Promise<Route | undefined> {
    const routes = this.#byTopic.get(notification.topic);
    if (routes === undefined) return undefined;
    outer: for (let i = from; i < routes.length; i++) {
      const route = routes[i]!;
      for (let f = 0; f < route.filters.length; f++) {
        const accepted = route.filters[f]!(notification, request);
        if (isThenable(accepted)) {
          return this.#matchAsync(notification, request, i, f, Promise.resolve(accepted));
        }
        if (accepted !== true) continue outer;
      }
      return route;
    }
    return undefined;
  }

  async #matchAsync(
    notification: Routable,
    request: Request,
    index: number,
    filter: number,
    pending: Promise<unknown>,
  ): Promise<Route | undefined> {
    const route = this.#byTopic.get(notification.topic)![index]!;
    if ((await pending) !== true) return this.match(notification, request, index + 1);
    for (let f = filter + 1; f < route.filters.length; f++) {
      const accepted = await route.filters[f]!(notification, request);
      if (accepted !== true) return this.match(notification, request, index + 1);
    }
    return route;
  }

  /**
   * Explains the first-match search for a notification: every route of its
   * topic tried before the one that answers, each with the first filter that
   * declined; filters are called again (and awaited), in order.
   */
  async explain(notification: Routable, request: Request): Promise<RouteExplanation> {
    const declined: RouteExplanation["declined"] = [];
    for (const route of this.#byTopic.get(notification.topic) ?? []) {
      let index = -1;
      for (let f = 0; f < route.filters.length; f++) {
        if ((await route.filters[f]!(notification, request)) !== true) {
          index = f;
          break;
        }
      }
      if (index === -1) return { route: describeRoute(route), declined };
      declined.push({
        route: describeRoute(route),
        filter: describeFilter(route.filters[index]!),
        index,
      });
    }
    return { declined };
  }
}

function describeRoute(route: Route): RouteInfo {
  return {
    topic: route.topic,
    filters: route.filters.map(describeFilter),
    handler: route.handler.name || "anonymous",
  };
}

/** The warning for a topic outside `events` and the `topics` option, with the nearest known one. */
function unknownTopic(topic: string, known: ReadonlySet<string>): string {
  let nearest: string | undefined;
  let best = Infinity;
  for (const candidate of known) {
    const distance = editDistance(topic, candidate);
    if (distance < best) [nearest, best] = [candidate, distance];
  }
  const hint = nearest !== undefined && best <= Math.max(2, Math.floor(nearest.length / 5))
    ? ` (did you mean ${quote(nearest)}?)`
    : "";
  return `Clustaar webhook: ${
    quote(topic)
  } is not a topic the platform sends${hint}; if it is meant, list it in the webhook's topics option`;
}

/** Levenshtein distance, for topic suggestions (short strings, at registration only). */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 10) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

function normalizeFilters(filters: RouteFilters | undefined): readonly Filter[] {
  if (filters === undefined) return [];
  const list = typeof filters === "function"
    ? [filters]
    : Array.isArray(filters)
    ? filters
    : filters !== null && typeof filters === "object" && "filters" in filters
    ? normalizeFilters((filters as { filters: Filter | readonly Filter[] }).filters)
    : undefined;
  if (list === undefined) {
    throw new TypeError(
      "Cannot add a route: filters must be a filter, an array of filters or { filters }",
    );
  }
  for (const filter of list) {
    if (typeof filter !== "function") {
      throw new TypeError("Cannot add a route: every filter must be a function");
    }
  }
  return [...list];
}
