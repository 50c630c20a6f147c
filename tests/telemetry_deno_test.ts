// Deno's built-in OpenTelemetry (OTEL_DENO=true) picks the webhook's telemetry
// up with no SDK: a webhook served by Deno.serve (tests/_deno_otel_server.ts)
// exports its spans, as children of Deno.serve's own span, and its metrics,
// over OTLP (http/json) to a receiver of this test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { join } from "node:path";
import { ROOT } from "./_helpers.ts";

interface OtlpValue {
  stringValue?: string;
  intValue?: string;
  doubleValue?: number;
}
interface OtlpSpan {
  name: string;
  kind: number;
  spanId: string;
  parentSpanId?: string;
  traceId: string;
  attributes: { key: string; value: OtlpValue }[];
  status: { code: number };
}
interface Received {
  spans: (OtlpSpan & { scope: string })[];
  metrics: { scope: string; name: string; unit: string }[];
}

/** OTLP's span kinds (one more than the API's). */
const OTLP_INTERNAL = 1;
const OTLP_SERVER = 2;

/** An OTLP/HTTP JSON receiver on a free port. */
function receiver(): Promise<{ port: number; received: Received; close(): void }> {
  const received: Received = { spans: [], metrics: [] };
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Uint8Array) => (body += new TextDecoder().decode(chunk)));
    request.on("end", () => {
      try {
        const json = JSON.parse(body);
        for (const resource of json.resourceSpans ?? []) {
          for (const scope of resource.scopeSpans ?? []) {
            for (const span of scope.spans ?? []) {
              received.spans.push({ ...span, scope: scope.scope?.name });
            }
          }
        }
        for (const resource of json.resourceMetrics ?? []) {
          for (const scope of resource.scopeMetrics ?? []) {
            for (const metric of scope.metrics ?? []) {
              received.metrics.push({
                scope: scope.scope?.name,
                name: metric.name,
                unit: metric.unit,
              });
            }
          }
        }
      } catch {
        // Not JSON (a protocol the test did not ask for): the assertions will say so.
      }
      response.writeHead(200, { "content-type": "application/json" });
      response.end("{}");
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({ port, received, close: () => server.close() });
    });
  });
}

function attributes(span: OtlpSpan): Record<string, string | number> {
  return Object.fromEntries(
    span.attributes.map(({ key, value }) => [
      key,
      value.intValue !== undefined
        ? Number(value.intValue)
        : value.doubleValue ?? value.stringValue ?? "",
    ]),
  );
}

test(
  "Deno's built-in OpenTelemetry (OTEL_DENO=true) exports the webhook's spans, under Deno.serve's, and its metrics",
  {
    timeout: 60_000,
  },
  async () => {
    const otlp = await receiver();
    try {
      const child = spawn(
        join(ROOT, "node_modules/.bin/deno"),
        ["run", "--allow-net", "--allow-env", "--allow-read", "tests/_deno_otel_server.ts"],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            NO_COLOR: "1",
            OTEL_DENO: "true",
            OTEL_DENO_CONSOLE: "ignore",
            OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
            OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlp.port}`,
          },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let output = "";
      child.stdout!.on("data", (chunk: Uint8Array) => (output += new TextDecoder().decode(chunk)));
      child.stderr!.on("data", (chunk: Uint8Array) => (output += new TextDecoder().decode(chunk)));
      const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      clearTimeout(timer);
      assert.equal(code, 0, output);
      assert.match(output, /status 200/);

      const { spans, metrics } = otlp.received;
      const request = spans.find((span) => span.name === "clustaar.webhook");
      assert.ok(request, `spans: ${spans.map((span) => `${span.scope} ${span.name}`)}`);
      assert.equal(request.scope, "@clustaar/webhook");
      // Inside Deno.serve's span: a step of its request.
      assert.equal(request.kind, OTLP_INTERNAL);
      const served = spans.find((span) => span.spanId === request.parentSpanId);
      assert.ok(served, "the parent is exported too");
      assert.equal(served.scope, "deno");
      assert.equal(served.kind, OTLP_SERVER);
      assert.deepEqual(attributes(request), {
        "clustaar.outcome": "answered",
        "http.response.status_code": 200,
        "clustaar.topic": "conversation.step_reached",
        "clustaar.step.id": "5a00000000000000000000aa",
        "clustaar.route": "greet",
      });
      const stages = spans.filter((span) => span.parentSpanId === request.spanId);
      assert.deepEqual(stages.map((span) => span.name).sort(), [
        "clustaar.webhook.answer",
        "clustaar.webhook.body",
        "clustaar.webhook.handler",
        "clustaar.webhook.routing",
      ]);
      for (const stage of stages) assert.equal(stage.traceId, served.traceId);
      const ours = metrics.filter((metric) => metric.scope === "@clustaar/webhook");
      assert.deepEqual(ours.map((metric) => [metric.name, metric.unit]).sort(), [
        ["clustaar.webhook.duration", "s"],
        ["clustaar.webhook.requests", "{request}"],
      ]);
    } finally {
      otlp.close();
    }
  },
);
