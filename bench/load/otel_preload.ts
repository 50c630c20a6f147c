// Preloaded by bench/load.sh's `otel` target (deno run --preload, bun --preload):
// registers an OpenTelemetry SDK whose exporters drop everything (bench/_otel_sdk.ts;
// spans batched, metrics exported every 5 s) before examples/server.ts starts, so that
// the load bench states the cost of the webhook's telemetry with an SDK on. On SIGINT
// or SIGTERM (which also stop the server), it flushes, shuts the SDK down and says on
// stderr how much it exported.
import process from "node:process";
import { registerDroppingSdk } from "../_otel_sdk.ts";

const sdk = registerDroppingSdk(5_000);
console.error("OpenTelemetry SDK registered: spans and metrics are made, batched and dropped");
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    sdk.shutdown().then(() =>
      console.error(
        `OpenTelemetry: ${sdk.spans.count} spans and ${sdk.metrics.count} metric collections exported`,
      )
    );
  });
}
