/**
 * An OpenTelemetry SDK whose exporters drop what they receive: what a webhook
 * pays for its telemetry with an SDK on (spans made, batched and handed to an
 * exporter; metric points aggregated and collected), without the cost of
 * sending them anywhere. Registered through the standard API, as an
 * application registers its SDK.
 *
 * @module
 */
import { metrics, trace } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  SamplingDecision,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import {
  MeterProvider,
  MetricReader,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
  type ResourceMetrics,
} from "@opentelemetry/sdk-metrics";

/** `ExportResultCode.SUCCESS` of @opentelemetry/core. */
const SUCCESS = 0;

/** Counts the spans it gets, and drops them. */
export class DroppingSpanExporter implements SpanExporter {
  /** How many spans were exported. */
  count = 0;

  export(spans: ReadableSpan[], done: (result: { code: typeof SUCCESS }) => void): void {
    this.count += spans.length;
    done({ code: SUCCESS });
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Counts the collections it gets, and drops them. */
export class DroppingMetricExporter implements PushMetricExporter {
  /** How many collections were exported. */
  count = 0;

  export(_metrics: ResourceMetrics, done: (result: { code: typeof SUCCESS }) => void): void {
    this.count++;
    done({ code: SUCCESS });
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** The registered SDK. */
export interface DroppingSdk {
  spans: DroppingSpanExporter;
  metrics: DroppingMetricExporter;
  /** Exports what is batched now. */
  flush(): Promise<void>;
  /** Flushes and unregisters. */
  shutdown(): Promise<void>;
}

/** A metric reader that only aggregates: nothing collects it (no timer). */
class IdleReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Registers a tracer provider with a BatchSpanProcessor (the production
 * setting) and a meter provider, both with dropping exporters. The metrics
 * are exported every `exportIntervalMillis`, or only aggregated without it
 * (no timer, for `deno bench`, which waits for timers). A trace is recorded
 * when `sampled()` is true as it starts (default: always).
 */
export function registerDroppingSdk(
  exportIntervalMillis?: number,
  sampled: () => boolean = () => true,
): DroppingSdk {
  const spans = new DroppingSpanExporter();
  const collected = new DroppingMetricExporter();
  const tracerProvider = new BasicTracerProvider({
    // Every trace, unless `sampled()` says otherwise when it starts.
    sampler: {
      shouldSample: () => ({
        decision: sampled() ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.NOT_RECORD,
      }),
      toString: () => "bench",
    },
    spanProcessors: [new BatchSpanProcessor(spans)],
  });
  const reader = exportIntervalMillis === undefined
    ? new IdleReader()
    : new PeriodicExportingMetricReader({ exporter: collected, exportIntervalMillis });
  const meterProvider = new MeterProvider({ readers: [reader] });
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    spans,
    metrics: collected,
    async flush() {
      await Promise.all([tracerProvider.forceFlush(), meterProvider.forceFlush()]);
    },
    async shutdown() {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
      trace.disable();
      metrics.disable();
    },
  };
}
