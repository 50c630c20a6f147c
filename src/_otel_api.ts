// The few runtime values of @opentelemetry/api the telemetry needs, written
// out so that importing the webhook never loads the API's package: that
// import alone cost about 60 ms of a cold start on Deno and 20 ms on Bun
// (bench/import_time.ts). Each is what every 1.x copy of the API defines, so
// an SDK or a context manager registered through any copy understands them.
import type { Context, Span, SpanKind, SpanStatusCode } from "@opentelemetry/api";

/** `SpanKind.INTERNAL` and `SpanKind.SERVER`, the enum's values since 1.0. */
export const SPAN_KIND = {
  INTERNAL: 0 as SpanKind.INTERNAL,
  SERVER: 1 as SpanKind.SERVER,
} as const;

/** `SpanStatusCode.ERROR`. */
export const STATUS_ERROR = 2 as SpanStatusCode.ERROR;

/** The API's context key of the active span (`createContextKey` is `Symbol.for`). */
const SPAN_KEY = Symbol.for("OpenTelemetry Context Key SPAN");

/** An immutable context, as the API's own `BaseContext`: each change makes a new one. */
class BaseContext implements Context {
  readonly #values: Map<symbol, unknown>;

  constructor(values?: Map<symbol, unknown>) {
    this.#values = values === undefined ? new Map() : new Map(values);
  }

  getValue(key: symbol): unknown {
    return this.#values.get(key);
  }

  setValue(key: symbol, value: unknown): Context {
    const context = new BaseContext(this.#values);
    context.#values.set(key, value);
    return context;
  }

  deleteValue(key: symbol): Context {
    const context = new BaseContext(this.#values);
    context.#values.delete(key);
    return context;
  }
}

/** The empty context, used when no context manager is registered (`ROOT_CONTEXT`). */
export const ROOT_CONTEXT: Context = new BaseContext();

/** The span a context carries (`trace.getSpan`). */
export function getSpan(context: Context): Span | undefined {
  return (context.getValue(SPAN_KEY) as Span | undefined) || undefined;
}

/** A context that carries `span` (`trace.setSpan`). */
export function setSpan(context: Context, span: Span): Context {
  return context.setValue(SPAN_KEY, span);
}
