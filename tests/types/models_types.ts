// Compile-time checks of the model types, run with `deno check`.
// Each `@ts-expect-error` line must fail to type-check; the rest must compile.
import {
  type Action,
  Card,
  type Card as CardType,
  ConversationSession,
  GoToAction,
  Intent,
  type Intent as IntentType,
  type Notification,
  QuickReply,
  SendCardsAction,
  SendQuickRepliesAction,
  SendTextAction,
  type StepAction,
  type StepReachedEvent,
  StepReachedResponse,
  type StepReachedResponse as StepReachedResponseType,
  StepTarget,
  WaitAction,
} from "../../src/models/mod.ts";

type Handler = (event: StepReachedEvent) => StepReachedResponseType;

// ---------------------------------------------------------- must compile

export const echo: Handler = (event) => ({ actions: event.step.actions });

export const handWritten: Handler = () => ({
  actions: [
    { type: "send_text_action", alternatives: ["Hello"] },
    { type: "wait_action", duration: 1 },
    { type: "pause_bot_action" },
  ],
  session: { values: { name: "Tintin" } },
});

export const built: Handler = (event) =>
  StepReachedResponse({
    actions: [
      SendTextAction({ alternatives: ["Hi"] }),
      WaitAction(),
      SendCardsAction({ cards: [Card({ title: "A card" })] }),
      SendQuickRepliesAction({
        message: "Ready?",
        buttons: [
          QuickReply({
            title: "Yes",
            action: GoToAction({ target: StepTarget({ id: "a1a1a1a1a1a1a1a1a1a1a1a1" }) }),
          }),
        ],
      }),
      ...event.step.actions,
    ],
    session: ConversationSession({ values: event.session.values }),
    interlocutor: null,
  });

export function narrow(action: StepAction): string[] {
  // Narrowing on `type` leaves exactly the known action.
  if (action.type === "send_text_action") return action.alternatives;
  return [];
}

export function exhaustive(action: Action): number {
  switch (action.type) {
    case "wait_action":
      return action.duration;
    default:
      return 0;
  }
}

export function route(notification: Notification): string {
  if (notification.data.type === "step_reached_event") return notification.data.step.userData;
  return notification.topic;
}

// ------------------------------------------------------- must not compile

// @ts-expect-error a misspelt action type
export const typo: Handler = () => ({ actions: [{ type: "send_txt_action" }] });

export const noTitle: Handler = () => ({
  // @ts-expect-error a card without its title
  actions: [{ type: "send_cards_action", cards: [{ type: "card" }] }],
});

// @ts-expect-error Card() needs a title
export const untitled: CardType = Card({ subtitle: "x" });

// @ts-expect-error alternatives are strings
export const wrongAlternatives = SendTextAction({ alternatives: [1] });

// @ts-expect-error actions are required
export const noActions: StepReachedResponseType = { session: null };

// @ts-expect-error a go_to_action needs a target
export const noTarget = GoToAction({});

// @ts-expect-error a button action of a quick reply must be a button action
export const badReply = QuickReply({ title: "x", action: { type: "pause_bot_action" } });

export const wrongKind: Handler = () => ({
  actions: [
    // @ts-expect-error kind is positive, neutral or negative
    { type: "customer_satisfaction_callback_action", target: null, kind: "happy" },
  ],
});

// @ts-expect-error an intent needs its name (read-only, but required)
export const nameless = Intent({ id: "a1a1a1a1a1a1a1a1a1a1a1a1" });

export const named: IntentType = Intent({ id: "a1a1a1a1a1a1a1a1a1a1a1a1", name: "greeting" });
