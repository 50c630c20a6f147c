// Traces and metrics through OpenTelemetry's API, a no-op until the
// application installs an SDK (or Deno's built-in OpenTelemetry, OTEL_DENO=true,
// registers its own).
//
// The application registers its SDK through ITS copy of @opentelemetry/api,
// which stores the providers under one well-known global key. Each copy of
// the API checks that global's version against its own and ignores a global
// registered by an older minor version: through the standard API, a library
// whose copy is newer than the application's would be silently off. So this
// module reads the global itself and uses whatever is registered there, of
// any 1.x version (the interfaces it calls exist since 1.0). Deno registers
// itself there as version 1.999.999.
//
// Off (no SDK: no global), a request costs one property read of globalThis.
// On, the providers are compared with those of the previous request, and the
// tracer and instruments are made again only when they changed.
//
// The request span's attributes: the topic (the webhook's known topics only,
// else "_OTHER", so that a client cannot grow the metrics' cardinality), the
// step id and the route (the handler's name), capped; the outcome, the
// refusal's reason, the failure's kind (error.type) and the status. Nothing
// else of the request goes into telemetry: no body, session, header,
// credential, key or error message.
import type {
  Attributes,
  Context,
  ContextManager,
  Counter,
  Histogram,
  MeterProvider,
  Span,
  Tracer,
  TracerProvider,
} from "@opentelemetry/api";
import { getSpan, ROOT_CONTEXT, setSpan, SPAN_KIND, STATUS_ERROR } from "./_otel_api.ts";
import type { FailureKind } from "./_reporting.ts";
import { cut } from "./_text.ts";
import type { RejectReason } from "./webhook_types.ts";

/** Where every copy of @opentelemetry/api 1.x keeps the registered providers. */
const GLOBAL_KEY: unique symbol = Symbol.for("opentelemetry.js.api.1") as never;

/** What the global holds (each part only once registered). */
interface GlobalApi {
  version?: string;
  trace?: TracerProvider;
  metrics?: MeterProvider;
  context?: ContextManager;
}

type WithApi = { [GLOBAL_KEY]?: GlobalApi };

/** The default instrumentation scope of the tracer and the meter. */
export const SCOPE = "@clustaar/webhook";

/** The request span's name. */
export const REQUEST_SPAN = "clustaar.webhook";

/** The stages that cost time, each a child span of the request span. */
export const STAGES = {
  body: "clustaar.webhook.body",
  signature: "clustaar.webhook.signature",
  replay: "clustaar.webhook.replay",
  routing: "clustaar.webhook.routing",
  handler: "clustaar.webhook.handler",
  answer: "clustaar.webhook.answer",
  forget: "clustaar.webhook.forget",
} as const;

/** A stage's span name. */
export type Stage = typeof STAGES[keyof typeof STAGES];

/** The attributes of the request span and of the metric points. */
export const ATTRIBUTES = {
  topic: "clustaar.topic",
  step: "clustaar.step.id",
  route: "clustaar.route",
  outcome: "clustaar.outcome",
  reason: "clustaar.reject_reason",
  status: "http.response.status_code",
  error: "error.type",
} as const;

/** The metrics. */
export const METRICS = {
  requests: "clustaar.webhook.requests",
  duration: "clustaar.webhook.duration",
} as const;

/** How a request ended. */
export type Outcome = "answered" | "refused" | "failed" | "timeout";

/** A topic outside the webhook's known ones, as OpenTelemetry's conventions name it. */
export const OTHER_TOPIC = "_OTHER";

/** The longest step id and route name kept, in characters. */
const MAX_VALUE = 64;

/** The duration histogram's bucket boundaries, in seconds: 0.5 ms to 10 s. */
const BUCKETS = [
  0.0005,
  0.001,
  0.0025,
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
];

/** What a request's telemetry uses, made once per pair of registered providers. */
interface Instruments {
  tracer: Tracer | undefined;
  requests: Counter | undefined;
  duration: Histogram | undefined;
}

/** A webhook's telemetry: looks the SDK up per request, and starts its trace. */
export class Telemetry {
  #traces: TracerProvider | undefined = undefined;
  #meters: MeterProvider | undefined = undefined;
  #instruments: Instruments | undefined = undefined;

  /**
   * @param scope The tracer's and meter's name.
   * @param knows Whether a topic is one of the webhook's (else it is recorded as `_OTHER`).
   */
  constructor(readonly scope: string, readonly knows: (topic: string) => boolean) {}

  /** The request's trace, or `undefined` when nothing records (no SDK): the off path. */
  start(): RequestTrace | undefined {
    const api = (globalThis as WithApi)[GLOBAL_KEY];
    return api === undefined ? undefined : this.#start(api);
  }

  #start(api: GlobalApi): RequestTrace | undefined {
    try {
      // The API registers a proxy whose delegate is the SDK's provider: another
      // SDK registered later is a new delegate of the same proxy.
      const traces = delegateOf(api.trace);
      const meters = api.metrics;
      let instruments = this.#instruments;
      if (instruments === undefined || traces !== this.#traces || meters !== this.#meters) {
        instruments = this.#instruments = this.#make(traces, meters);
        this.#traces = traces;
        this.#meters = meters;
      }
      if (instruments.tracer === undefined && instruments.requests === undefined) return undefined;
      const parent = api.context?.active() ?? ROOT_CONTEXT;
      let span: Span | undefined;
      if (instruments.tracer !== undefined) {
        // Inside another server span (Deno.serve's, a framework's): a step of its request.
        const kind = getSpan(parent) === undefined ? SPAN_KIND.SERVER : SPAN_KIND.INTERNAL;
        span = instruments.tracer.startSpan(REQUEST_SPAN, { kind }, parent);
        if (!span.isRecording()) span = undefined; // sampled out: the metrics only
      }
      if (span === undefined && instruments.requests === undefined) return undefined;
      return new RequestTrace(this, instruments, span, parent, api.context);
    } catch {
      return undefined; // A broken SDK must not break the webhook.
    }
  }

  #make(traces: TracerProvider | undefined, meters: MeterProvider | undefined): Instruments {
    const tracer = traces?.getTracer(this.scope);
    const meter = meters?.getMeter(this.scope);
    return {
      tracer,
      requests: meter?.createCounter(METRICS.requests, {
        description: "Requests the webhook received, by outcome",
        unit: "{request}",
      }),
      duration: meter?.createHistogram(METRICS.duration, {
        description: "How long the webhook took to answer a request",
        unit: "s",
        advice: { explicitBucketBoundaries: BUCKETS },
      }),
    };
  }
}

/** The tracer provider behind the API's proxy, or the provider itself. */
function delegateOf(provider: TracerProvider | undefined): TracerProvider | undefined {
  const proxy = provider as { getDelegate?: () => TracerProvider } | undefined;
  return typeof proxy?.getDelegate === "function" ? proxy.getDelegate() : provider;
}

/** A string kept for telemetry: at most {@linkcode MAX_VALUE} characters, cut between code points. */
function capped(value: string): string {
  return cut(value, MAX_VALUE);
}

/**
 * One request's span, its stages' spans and its metric points. Its methods
 * never throw: a broken SDK must not change an answer.
 */
export class RequestTrace {
  readonly #telemetry: Telemetry;
  readonly #instruments: Instruments;
  readonly #span: Span | undefined;
  readonly #parent: Context;
  readonly #contexts: ContextManager | undefined;
  readonly #start = performance.now();
  /** The context holding the request span, for its stages' spans. */
  #inside: Context | undefined = undefined;
  #stage: Span | undefined = undefined;
  #topic: string | undefined = undefined;
  #step: string | undefined = undefined;
  #route: string | undefined = undefined;
  #outcome: Outcome | undefined = undefined;
  #reason: RejectReason | undefined = undefined;
  #error: string | undefined = undefined;

  constructor(
    telemetry: Telemetry,
    instruments: Instruments,
    span: Span | undefined,
    parent: Context,
    contexts: ContextManager | undefined,
  ) {
    this.#telemetry = telemetry;
    this.#instruments = instruments;
    this.#span = span;
    this.#parent = parent;
    this.#contexts = contexts;
  }

  /** Ends the stage under way, if any, and starts `stage`. */
  enter(stage: Stage): void {
    if (this.#span === undefined) return;
    try {
      this.#stage?.end();
      this.#inside ??= setSpan(this.#parent, this.#span);
      this.#stage = this.#instruments.tracer!.startSpan(
        stage,
        { kind: SPAN_KIND.INTERNAL },
        this.#inside,
      );
    } catch {
      this.#stage = undefined;
    }
  }

  /** Ends the stage under way, if any. */
  leave(): void {
    const stage = this.#stage;
    if (stage === undefined) return;
    this.#stage = undefined;
    try {
      stage.end();
    } catch {
      // See the class.
    }
  }

  /**
   * Calls `work` (user code: a handler, filters) with the stage's span as the
   * active one, when a context manager is registered, so that the spans it
   * starts are the stage's children.
   */
  run<T>(work: () => T): T {
    const contexts = this.#contexts;
    const stage = this.#stage;
    if (contexts === undefined || stage === undefined) return work();
    let started = false;
    try {
      return contexts.with(setSpan(this.#inside!, stage), () => {
        started = true;
        return work();
      });
    } catch (error) {
      if (started) throw error; // the work's own error
      return work();
    }
  }

  /** The notification's topic and step id, once it is parsed and checked. */
  notification(topic: string, data: Record<string, unknown>): void {
    this.#topic = this.#telemetry.knows(topic) ? topic : OTHER_TOPIC;
    const step = data.step;
    if (step !== null && typeof step === "object") {
      const id = (step as { id?: unknown }).id;
      if (typeof id === "string") this.#step = capped(id);
    }
  }

  /** The route that answers: its handler's name. */
  routed(handler: { name: string }): void {
    this.#route = capped(handler.name || "anonymous");
  }

  /** The request was refused. */
  refused(reason: RejectReason): void {
    this.#outcome = "refused";
    this.#reason = reason;
  }

  /** The request failed: a 500, or a 503 from the replay store. */
  failed(kind: FailureKind): void {
    this.#outcome = "failed";
    this.#error = kind;
  }

  /** The filters or the handler missed the deadline: a 504, or onTimeout's answer. */
  timedOut(): void {
    this.#outcome = "timeout";
    this.#error = "timeout";
  }

  /** Ends the trace when the answer is there, and records the metric points. */
  finish(response: Response | Promise<Response>): Promise<Response> {
    if (!(response instanceof Promise)) {
      this.#end(response.status);
      return Promise.resolve(response);
    }
    return response.then(
      (answer) => {
        this.#end(answer.status);
        return answer;
      },
      (error) => {
        this.failed("internal");
        this.#end(500);
        throw error;
      },
    );
  }

  #end(status: number): void {
    try {
      this.leave();
      const outcome = this.#outcome ?? (status >= 500 ? "failed" : "answered");
      const attributes: Attributes = {
        [ATTRIBUTES.outcome]: outcome,
        [ATTRIBUTES.status]: status,
      };
      if (this.#topic !== undefined) attributes[ATTRIBUTES.topic] = this.#topic;
      if (this.#step !== undefined) attributes[ATTRIBUTES.step] = this.#step;
      if (this.#route !== undefined) attributes[ATTRIBUTES.route] = this.#route;
      if (this.#reason !== undefined) attributes[ATTRIBUTES.reason] = this.#reason;
      const error = this.#error ?? (outcome === "failed" ? "internal" : undefined);
      if (error !== undefined) attributes[ATTRIBUTES.error] = error;
      const span = this.#span;
      if (span !== undefined) {
        span.setAttributes(attributes);
        if (error !== undefined) span.setStatus({ code: STATUS_ERROR });
        span.end();
      }
      const { requests, duration } = this.#instruments;
      requests?.add(1, attributes);
      duration?.record((performance.now() - this.#start) / 1000, attributes);
    } catch {
      // See the class.
    }
  }
}
