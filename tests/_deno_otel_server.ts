// A webhook served by Deno.serve (through app.serve) under Deno's built-in
// OpenTelemetry (OTEL_DENO=true), run by tests/telemetry_deno_test.ts: it
// answers one request of its own, then stops; Deno exports the spans and
// metrics over OTLP (the test's receiver) when it exits.
import { events, Webhook } from "../mod.ts";
import { notificationFor } from "./_helpers.ts";

const app = new Webhook({ logger: null, requestMaxAge: null });
app.on(events.CONVERSATION_STEP_REACHED, function greet() {
  return { actions: [] };
});
const server = app.serve({ port: 0, hostname: "127.0.0.1" });
const response = await fetch(`http://127.0.0.1:${server.port}/`, {
  method: "POST",
  body: notificationFor("5a00000000000000000000aa"),
});
console.log(`status ${response.status}`);
await response.text();
await server.shutdown();
