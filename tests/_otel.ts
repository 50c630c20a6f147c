// An OpenTelemetry SDK registered the way an application registers it:
// through the application's own copy of @opentelemetry/api (installed under
// another name, an npm alias), with the SDK's in-memory span exporter and a
// metric reader the tests collect from.
import { readFileSync } from "node:fs";
import * as olderApi from "otel-app-api";
import * as newerApi from "otel-app-api-new";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  type Sampler,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { type DataPoint, MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";

/** What the tests use of an application's copy of the API. */
export interface AppApi {
  trace: {
    // deno-lint-ignore no-explicit-any
    setGlobalTracerProvider(provider: any): boolean;
    // deno-lint-ignore no-explicit-any
    getTracer(name: string): any;
    // deno-lint-ignore no-explicit-any
    setSpan(context: any, span: any): any;
    disable(): void;
  };
  // deno-lint-ignore no-explicit-any
  metrics: { setGlobalMeterProvider(provider: any): boolean; disable(): void };
  context: {
    // deno-lint-ignore no-explicit-any
    setGlobalContextManager(manager: any): boolean;
    // deno-lint-ignore no-explicit-any
    active(): any;
    // deno-lint-ignore no-explicit-any
    with<T>(context: any, work: () => T): T;
    disable(): void;
  };
}

/** The version of the package installed at `node_modules/<name>`. */
function versionOf(name: string): string {
  const url = new URL(`../node_modules/${name}/package.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, "utf8")) as { version: string }).version;
}

/** The webhook's own copy of @opentelemetry/api (the one the library resolves). */
export const LIBRARY_API_VERSION: string = versionOf("@opentelemetry/api");

/** The applications' copies: one older in minor than the webhook's, one newer. */
export const APP_APIS: readonly { label: string; version: string; api: AppApi }[] = [
  {
    label: `an application's @opentelemetry/api ${versionOf("otel-app-api")}`,
    version: versionOf("otel-app-api"),
    api: olderApi as unknown as AppApi,
  },
  {
    label: `an application's @opentelemetry/api ${versionOf("otel-app-api-new")}`,
    version: versionOf("otel-app-api-new"),
    api: newerApi as unknown as AppApi,
  },
];

const GLOBAL_KEY = Symbol.for("opentelemetry.js.api.1");

/** A metric reader that exports nothing by itself: the tests collect from it. */
class CollectingReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** A metric point: its attributes and its value (a number, or a histogram's). */
export interface Point {
  attributes: Record<string, unknown>;
  value: DataPoint<unknown>["value"];
}

/** A metric as collected: its descriptor and points. */
export interface CollectedMetric {
  name: string;
  unit: string;
  description: string;
  scope: string;
  points: Point[];
}

/** An SDK registered for one test. */
export interface Sdk {
  /** The finished spans, in the order they ended. */
  spans(): ReadableSpan[];
  /** Every metric collected now (cumulative since the SDK was registered). */
  metrics(): Promise<CollectedMetric[]>;
  /** Unregisters everything, and the API's global with it. */
  uninstall(): Promise<void>;
}

/** Options of {@linkcode installSdk}. */
export interface SdkOptions {
  sampler?: Sampler;
  /** Register no tracer provider (metrics only). */
  noTraces?: boolean;
  /** Register no meter provider (traces only). */
  noMetrics?: boolean;
}

/**
 * Registers an SDK through `api`, as an application does: a tracer provider
 * with an in-memory exporter, a meter provider with a collecting reader, and
 * the AsyncLocalStorage context manager. Nothing must be registered before.
 */
export function installSdk(api: AppApi, options: SdkOptions = {}): Sdk {
  if ((globalThis as Record<symbol, unknown>)[GLOBAL_KEY] !== undefined) {
    throw new Error("An OpenTelemetry API is registered already: a test did not uninstall its SDK");
  }
  const exporter = new InMemorySpanExporter();
  const traces = new BasicTracerProvider({
    sampler: options.sampler,
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const reader = new CollectingReader();
  const meters = new MeterProvider({ readers: [reader] });
  const contexts = new AsyncLocalStorageContextManager().enable();
  if (!options.noTraces && !api.trace.setGlobalTracerProvider(traces)) {
    throw new Error("The tracer provider was not registered");
  }
  if (!options.noMetrics && !api.metrics.setGlobalMeterProvider(meters)) {
    throw new Error("The meter provider was not registered");
  }
  if (!api.context.setGlobalContextManager(contexts)) {
    throw new Error("The context manager was not registered");
  }
  return {
    spans: () => exporter.getFinishedSpans(),
    async metrics() {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) throw errors[0];
      return resourceMetrics.scopeMetrics.flatMap((scope) =>
        scope.metrics.map((metric) => ({
          name: metric.descriptor.name,
          unit: metric.descriptor.unit,
          description: metric.descriptor.description,
          scope: scope.scope.name,
          points: (metric.dataPoints as DataPoint<unknown>[]).map((point) => ({
            attributes: { ...point.attributes },
            value: point.value,
          })),
        }))
      );
    },
    async uninstall() {
      api.trace.disable();
      api.metrics.disable();
      api.context.disable();
      // The version stays behind otherwise, and the next copy could not register.
      delete (globalThis as Record<symbol, unknown>)[GLOBAL_KEY];
      await Promise.all([traces.shutdown(), meters.shutdown()]);
    },
  };
}
