// The route table: routes by topic in registration order, and the first-match
// search that stays synchronous while the filters it tries answer synchronously.
import { isThenable } from "../_thenable.ts";
import type { Handler, Logger, RouteFilters, RouteInfo } from "../webhook_types.ts";
import type { RouteExplanation } from "../webhook_types.ts";
import { describeFilter, type Filter } from "./filter.ts";

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

  /** Adds a route after the others; warns when a catch-all route of its topic hides it. */
  add(topic: string, handler: unknown, filters: RouteFilters | undefined, logger: Logger): void {
    if (typeof topic !== "string" || topic === "") {
      throw new TypeError("Cannot add a route: the topic must be a non-empty string");
    }
    if (typeof handler !== "function") {
      throw new TypeError(`Cannot add a route for "${topic}": the handler must be a function`);
    }
    const list = normalizeFilters(filters);
    const same = this.#byTopic.get(topic);
    if (same?.some((route) => route.filters.length === 0)) {
      logger.warn(
        `Clustaar webhook: a route for "${topic}" can never be reached: it is registered after a route for the same topic with no filters`,
      );
    }
    const route: Route = { topic, handler: handler as Handler, filters: list };
    this.#routes.push(route);
    if (same) same.push(route);
    else this.#byTopic.set(topic, [route]);
  }

  /** The routes in order, with readable filters. */
  info(): RouteInfo[] {
    return this.#routes.map((route) => ({
      topic: route.topic,
      filters: route.filters.map(describeFilter),
      handler: route.handler.name || "anonymous",
    }));
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
