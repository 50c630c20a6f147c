// The example webhook (examples/server.ts's handler) as it runs in production:
// one process per core sharing the port, the replay store in Redis (shared by
// every instance, on this machine and others), traces and metrics through
// OpenTelemetry (here to the console), and a graceful shutdown on SIGTERM
// with a grace period. See the README's "Running in production".
//
//   Deno: DENO_V8_FLAGS=--cppgc-young-generation \
//           deno run --allow-net --allow-env --allow-read --allow-run examples/production.ts
//   Bun:  bun run examples/production.ts
//
// The V8 flag frees the native hashers of the signature check in V8's minor
// collections (see the README's "Performance"); Deno's own copies get it from
// the environment. Under Deno, each instance is a `deno run` of this script
// with the same permissions and --unstable-net (Deno.serve's reusePort needs
// it); under Bun, a `bun` process (examples/_instances.ts starts them).
//
// Environment:
//   REDIS_URL                 the shared Redis (default redis://127.0.0.1:6379)
//   CLUSTAAR_PRIVATE_KEY, CLUSTAAR_AUTH_USERNAME, CLUSTAAR_AUTH_PASSWORD
//                             the bot's key and the webhook's Basic credentials
//                             (unset: that check is off, and a warning says so)
//   CLUSTAAR_CLOCK_SKEW       seconds the instances' clocks may be apart (default 10)
//   PORT (default 8000), HOST (default 0.0.0.0), WORKERS (default: one per core)
//   GRACE_PERIOD              ms a shutdown waits for requests in flight (default 10000)
//   OTEL_METRIC_EXPORT_INTERVAL  ms between metric exports (default 60000)
//   OTEL_BSP_SCHEDULE_DELAY   ms between span batches (the SDK's, default 5000)
//   OTEL_DENO=true            (Deno) Deno's built-in OpenTelemetry instead of this SDK
import { context, metrics, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  ConsoleMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
} from "@opentelemetry/sdk-trace-base";
import process from "node:process";
import { createClient } from "redis";
import { events, serve, Webhook } from "../mod.ts";
import { RedisReplayStore } from "../src/security/redis_store.ts";
import { env, instance, isWorker, startInstances, withInstanceHeader } from "./_instances.ts";
import { reply, securityWarnings } from "./server.ts";

/** Registers an OpenTelemetry SDK that writes spans and metrics to the console. */
function registerTelemetry(): () => Promise<void> {
  const resource = resourceFromAttributes({
    "service.name": "clustaar-webhook",
    "service.instance.id": instance,
  });
  const tracerProvider = new BasicTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new ConsoleSpanExporter())],
  });
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new ConsoleMetricExporter(),
        exportIntervalMillis: Number(env("OTEL_METRIC_EXPORT_INTERVAL") ?? 60_000),
      }),
    ],
  });
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  // The handler runs with its span active: spans it starts are its children.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  return async () => {
    await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
  };
}

/** One instance: its telemetry, its Redis client, its webhook and its server. */
async function runInstance(): Promise<void> {
  // Deno's built-in OpenTelemetry registers itself when OTEL_DENO=true: then no SDK here.
  const stopTelemetry = env("OTEL_DENO") === "true" ? async () => {} : registerTelemetry();

  const redis = createClient({ url: env("REDIS_URL") ?? "redis://127.0.0.1:6379" });
  redis.on("error", (error: Error) => console.error(`redis: ${error.message}`));
  // Not awaited: while Redis is unreachable, requests get a 503 within the store's
  // timeout (2 s), and pass again once the client has connected.
  redis.connect().catch((error: Error) => console.error(`redis: ${error.message}`));

  const app = new Webhook({
    privateKey: env("CLUSTAAR_PRIVATE_KEY") || undefined,
    authUsername: env("CLUSTAAR_AUTH_USERNAME") || undefined,
    authPassword: env("CLUSTAAR_AUTH_PASSWORD") || undefined,
    replayStore: new RedisReplayStore(redis),
    clockSkew: Number(env("CLUSTAAR_CLOCK_SKEW") ?? 10),
    timeout: 5_000,
  });
  app.on(events.CONVERSATION_STEP_REACHED, reply);

  const server = serve(withInstanceHeader(app.fetch), {
    port: Number(env("PORT") ?? 8000),
    hostname: env("HOST") || undefined,
    reusePort: true,
    // SIGTERM (what orchestrators send) and SIGINT: stop accepting, let the
    // requests in flight finish, and answer 503 to those still there after the grace period.
    shutdownOn: ["SIGINT", "SIGTERM"],
    gracePeriod: Number(env("GRACE_PERIOD") ?? 10_000),
    onListen: ({ hostname, port }) =>
      console.log(`Clustaar webhook instance ${instance} listening on http://${hostname}:${port}/`),
  });
  await server.finished;
  // The last spans and metric points, then Redis.
  await stopTelemetry();
  await redis.close().catch(() => {});
  console.log(`Clustaar webhook instance ${instance} stopped`);
}

if (import.meta.main) {
  if (isWorker()) {
    await runInstance();
  } else {
    for (const warning of securityWarnings()) console.error(warning);
    const code = await startInstances();
    console.log("Clustaar webhook stopped");
    process.exitCode = code;
  }
}
