// Type tests for handlers, checked by `deno check` (scripts/test.sh): every
// `@ts-expect-error` line must fail to compile, every other line must compile.
import {
  ConversationSession,
  events,
  type Filter,
  JSONKeyEquals,
  SendTextAction,
  StepReachedResponse,
  Webhook,
} from "../../mod.ts";

const app = new Webhook();
const STEP = events.CONVERSATION_STEP_REACHED;

// A literal answer keeps its literal action types.
app.on(STEP, () => ({ actions: [{ type: "send_text_action", alternatives: ["x"] }] }));
app.on("conversation.step_reached", () => ({ actions: [{ type: "wait_action", duration: 2 }] }));
// The guide's three handlers.
app.on(
  STEP,
  () =>
    StepReachedResponse({
      actions: [],
      session: ConversationSession({ values: { name: "John" } }),
    }),
);
app.on(
  STEP,
  (_request, _response, notification) =>
    StepReachedResponse({
      actions: notification.event.step.actions,
      session: notification.event.session,
    }),
);
app.on(STEP, (_request, _response, notification) => {
  const value: unknown = notification.event.session.values["key"];
  notification.event.session.values["key"] = String(value ?? "data");
  return StepReachedResponse({ actions: [SendTextAction({ alternatives: ["hello", "bye"] })] });
});
// Async handlers, a Response, status and headers.
app.on(STEP, async (_request, response) => {
  response.status = 201;
  response.headers.set("x-bot", "1");
  await Promise.resolve();
  return { actions: [] };
});
app.on(STEP, () => new Response("raw"));
// Filters in each accepted shape.
const custom: Filter = (_data, request) => request?.headers.has("x-token") ?? false;
app.on(STEP, () => ({ actions: [] }), custom);
app.on(STEP, () => ({ actions: [] }), [custom, JSONKeyEquals("data.step.id", "x")]);
app.on(STEP, () => ({ actions: [] }), { filters: JSONKeyEquals("data.step.id", "x") });
// Topics without types take any answer.
app.on("conversation.some_future_event", () => ({ anything: true }));
// Typed notification fields.
app.on(STEP, (_request, _response, notification) => {
  const channel: string = notification.event.channel;
  const topic: string = notification.topic;
  const userData: string = notification.event.step.userData;
  return { actions: [SendTextAction({ alternatives: [channel, topic, userData] })] };
});

// @ts-expect-error: a misspelt action type
app.on(STEP, () => ({ actions: [{ type: "send_txt_action", alternatives: ["x"] }] }));
// @ts-expect-error: an answer without actions
app.on(STEP, () => ({ session: { values: {} } }));
// @ts-expect-error: a text action without alternatives
app.on(STEP, () => ({ actions: [{ type: "send_text_action" }] }));
// @ts-expect-error: an async handler resolving to the wrong shape
app.on(STEP, () => Promise.resolve({ actions: "none" }));
// @ts-expect-error: a card without a title
app.on(STEP, () => ({ actions: [{ type: "send_cards_action", cards: [{ type: "card" }] }] }));
// @ts-expect-error: the event has no such key
app.on(STEP, (_request, _response, notification) => ({ actions: notification.event.nothing }));
// @ts-expect-error: a filter must be a function
app.on(STEP, () => ({ actions: [] }), "data.step.id");
