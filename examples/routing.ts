// The README's "Routing" bot: steps keyed by userData, a language switch on a
// session value, and a fallback that behaves as if there were no webhook.
// examples/routing.bot.json describes the bot's steps, for conversations
// (createConversation in @clustaar/webhook/testing, tests/conversation_test.ts).
//
//   deno run --allow-net --allow-env examples/routing.ts
//   bun run examples/routing.ts
//
// Environment: PORT (default 8000), CLUSTAAR_PRIVATE_KEY, CLUSTAAR_AUTH_USERNAME,
// CLUSTAAR_AUTH_PASSWORD (each optional: unset means that check is off).
import {
  events,
  InputMatches,
  not,
  SendTextAction,
  SessionValueEquals,
  StepReachedResponse,
  StepUserDataKeyEquals,
  Webhook,
} from "../mod.ts";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;
const env = (name: string): string | undefined => g.Deno?.env.get(name) ?? g.process?.env[name];

// Each check is on when its variables are set, as in examples/server.ts.
export const app = new Webhook({
  privateKey: env("CLUSTAAR_PRIVATE_KEY") || undefined,
  authUsername: env("CLUSTAAR_AUTH_USERNAME") || undefined,
  authPassword: env("CLUSTAAR_AUTH_PASSWORD") || undefined,
});
const { CONVERSATION_STEP_REACHED: STEP } = events;

// Steps whose userData is {"action": "subscribe"} or {"action": "unsubscribe"}.
app.on(STEP, function subscribe(_request, _response, { event }) {
  event.session.values["subscribed"] = true;
  return StepReachedResponse({
    actions: [SendTextAction({ alternatives: ["You are subscribed!"] })],
    session: event.session,
  });
}, StepUserDataKeyEquals("action", "subscribe"));

app.on(STEP, function unsubscribe(_request, _response, { event }) {
  delete event.session.values["subscribed"];
  return StepReachedResponse({
    actions: [SendTextAction({ alternatives: ["You will not hear from us again."] })],
    session: event.session,
  });
}, StepUserDataKeyEquals("action", "unsubscribe"));

// French speakers who did not just ask to switch to English.
app.on(STEP, function greetInFrench() {
  return StepReachedResponse({ actions: [SendTextAction({ alternatives: ["Bonjour !"] })] });
}, [SessionValueEquals("lang", "fr"), not(InputMatches(/\benglish\b/i))]);

// Everything else: behave as if there were no webhook.
app.on(STEP, function fallback(_request, _response, { event }) {
  return StepReachedResponse({ actions: event.step.actions, session: event.session });
});

// The webhook as the default export too, so that a tool can import the module and run it in process.
export default app;

if (import.meta.main) {
  console.log(app.routes);
  const server = app.serve({
    port: Number(env("PORT") ?? 8000),
    shutdownOn: ["SIGINT", "SIGTERM"],
    onListen: ({ hostname, port }) => console.log(`Listening on http://${hostname}:${port}/`),
  });
  await server.finished;
  // Bun serves the default export of its entry module once the module has run;
  // this one has served already, and stopped: leave before Bun starts another server.
  if (g.Bun) g.process.exit(0);
}
