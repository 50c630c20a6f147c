// The platform guide's "build your own actions" webhook.
//
//   deno run --allow-net --allow-env examples/server.ts
//   bun run examples/server.ts
//
// Environment: PORT (default 8000), CLUSTAAR_PRIVATE_KEY, CLUSTAAR_AUTH_USERNAME,
// CLUSTAAR_AUTH_PASSWORD (each optional: unset means that check is off),
// CLUSTAAR_REQUEST_MAX_AGE (seconds, default 10; "none" or "null" turns the Date
// check and the replay store off, as bench/load.sh needs for its fixed Date),
// HOST (default 0.0.0.0). On Deno under sustained load, add
// DENO_V8_FLAGS=--cppgc-young-generation (see the README's Performance section).
// Without a key or without credentials it still runs (for local tries and the
// benchmarks), and says so on stderr when it starts.
import {
  ConversationSession,
  events,
  type Handler,
  SendTextAction,
  StepReachedResponse,
  Webhook,
} from "../mod.ts";

const env = (name: string): string | undefined => {
  // deno-lint-ignore no-explicit-any
  const g = globalThis as any;
  return g.Deno?.env.get(name) ?? g.process?.env[name];
};

export const app = new Webhook({
  privateKey: env("CLUSTAAR_PRIVATE_KEY") || undefined,
  authUsername: env("CLUSTAAR_AUTH_USERNAME") || undefined,
  authPassword: env("CLUSTAAR_AUTH_PASSWORD") || undefined,
  requestMaxAge: maxAge(env("CLUSTAAR_REQUEST_MAX_AGE")),
});

function maxAge(value: string | undefined): number | null | undefined {
  if (value === undefined || value === "") return undefined; // the default, 10 s
  return value === "none" || value === "null" ? null : Number(value);
}

/** The guide's handler (named: its name is the route in logs and traces). */
export const reply: Handler<typeof events.CONVERSATION_STEP_REACHED> = function reply(
  _request,
  _response,
  notification,
) {
  const values = notification.event.session.values;
  const previous = values["key"]; // read a session value
  values["key"] = "data"; // update or create a session value
  const session = previous === undefined
    ? notification.event.session // keep the session, with the new value
    : ConversationSession({ values: { ...values, visits: Number(values["visits"] ?? 0) + 1 } });
  return StepReachedResponse({
    actions: [SendTextAction({ alternatives: ["hello", "bye"] })],
    session,
  });
};
app.on(events.CONVERSATION_STEP_REACHED, reply);

/** What the configuration leaves open, one warning a line (empty when every check is on). */
export function securityWarnings(): string[] {
  const warnings: string[] = [];
  if (!env("CLUSTAAR_PRIVATE_KEY")) {
    warnings.push(
      "Warning: CLUSTAAR_PRIVATE_KEY is not set: signatures are not checked, so anyone who " +
        "can reach this server can send it notifications. Set it to the bot's webhook private key.",
    );
  }
  if (!env("CLUSTAAR_AUTH_USERNAME") && !env("CLUSTAAR_AUTH_PASSWORD")) {
    warnings.push(
      "Warning: CLUSTAAR_AUTH_USERNAME and CLUSTAAR_AUTH_PASSWORD are not set: requests are " +
        "not authenticated. Set them to the webhook's Basic credentials.",
    );
  }
  return warnings;
}

if (import.meta.main) {
  for (const warning of securityWarnings()) console.error(warning);
  const server = app.serve({
    port: Number(env("PORT") ?? 8000),
    hostname: env("HOST") || undefined,
    shutdownOn: ["SIGINT", "SIGTERM"],
    onListen: ({ hostname, port }) =>
      console.log(`Clustaar webhook listening on http://${hostname}:${port}/`),
  });
  await server.finished;
  console.log("Clustaar webhook stopped");
}
