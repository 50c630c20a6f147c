// Shared pieces of the conversation harness tests: step ids, actions, and
// a webhook that behaves as if there were none.
import { events, type StepAction, Webhook, type WebhookOptions } from "../mod.ts";
import type { BotFile } from "../src/testing/mod.ts";

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
