// Shared pieces of the conversation harness tests: step ids, actions, a
// webhook that behaves as if there were none, and the newsletter round trip
// of examples/routing.ts.
import assert from "node:assert/strict";
import { events, type StepAction, Webhook, type WebhookOptions } from "../mod.ts";
import type { BotFile, Conversation, Turn } from "../src/testing/mod.ts";

/** A 24-character step id: `id(3)` is `c0ffee000000000000000003`. */
export function id(n: number): string {
  return `c0ffee${String(n).padStart(18, "0")}`;
}

/** A go_to_action to step `n`. */
export function goTo(n: number, sessionValues?: Record<string, unknown>) {
  return {
    type: "go_to_action" as const,
    target: { type: "step" as const, id: id(n) },
    ...(sessionValues ? { sessionValues } : {}),
  };
}

/** A send_text_action. */
export function say(...alternatives: string[]): StepAction {
  return { type: "send_text_action", alternatives };
}

/** A quick replies action: `[title, action]` pairs. */
export function replies(message: string, ...buttons: [string, unknown][]): StepAction {
  return {
    type: "send_quick_replies_action",
    message,
    buttons: buttons.map(([title, action]) => ({ type: "quick_reply", title, action })),
  } as StepAction;
}

/** A jump_to_action with a default target only. */
export function jumpTo(n: number | null): StepAction {
  return {
    type: "jump_to_action",
    connections: [],
    defaultTarget: n === null ? null : { type: "step", id: id(n) },
  } as StepAction;
}

/** A step of a bot file: `step(1, "welcome", [...actions], { webhook: false })`. */
export function step(
  n: number,
  name: string,
  actions: unknown[] = [],
  more: { webhook?: boolean; userData?: string } = {},
): BotFile["steps"][number] {
  return { id: id(n), name, actions: actions as StepAction[], ...more };
}

/** A webhook that answers every step with its own actions and the session, as if there were none. */
export function echo(options: WebhookOptions = {}): Webhook {
  const app = new Webhook(options);
  app.on(events.CONVERSATION_STEP_REACHED, function echo(_request, _response, { event }) {
    return { actions: event.step.actions, session: event.session };
  });
  return app;
}

/** Replaces the timings of a transcript, which vary from run to run. */
export function stable(transcript: string): string {
  return transcript.replace(/\d+ ms/g, "N ms");
}

/**
 * The newsletter round trip of examples/routing.ts (its bot file): welcome,
 * "Yes please", the menu, "Unsubscribe", with what each turn must show.
 * Gives the last turn.
 */
export async function newsletterRoundTrip(conversation: Conversation): Promise<Turn> {
  const welcome = await conversation.reach();
  assert.deepEqual(welcome.texts, [
    "Hello! We send a newsletter every Monday.",
    "Would you like it?",
  ]);
  const subscribed = await conversation.click("Yes please");
  assert.deepEqual(subscribed.texts, ["You are subscribed!"], conversation.transcript);
  assert.equal(conversation.session.values.subscribed, true);

  const menu = await conversation.say("menu", { to: "menu" });
  assert.deepEqual(menu.steps.map((s) => s.name), ["menu", "manage"]);
  assert.deepEqual(menu.quickReplies.map((reply) => reply.title), ["Unsubscribe", "Archives"]);

  const bye = await conversation.click("Unsubscribe");
  assert.deepEqual(bye.texts, ["You will not hear from us again."], conversation.transcript);
  assert.equal("subscribed" in conversation.session.values, false);
  return bye;
}
