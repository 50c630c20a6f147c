/**
 * What a turn of a {@linkcode Conversation} records: the user's act, every
 * exchange with the webhook (the exact request, the answer, the route), what
 * the end user was shown, and how the session moved. Plain data throughout
 * (`JSON.stringify` keeps all of it), so that a web page can show it.
 *
 * @module
 */
import type {
  ButtonAction,
  Card,
  ConversationSession,
  Input,
  Interlocutor,
  QuickReply,
  SimpleCard,
  StepAction,
  StepReachedNotification,
  Target,
} from "../models/mod.ts";
import type { RouteExplanation } from "../webhook_types.ts";
import type { BotFileStep } from "./bot.ts";

/**
 * A step, named: its id and its name.
 *
 * @example The steps a turn reached
 * ```ts
 * import type { StepRef, Turn } from "@clustaar/webhook/testing";
 *
 * const names = (turn: Turn): string[] => turn.steps.map((step: StepRef) => step.name);
 * ```
 *
 * @category Testing
 */
export interface StepRef {
  /** The step's id. */
  id: string;
  /** The step's name. */
  name: string;
}

/**
 * A `send_text_action` as shown: the alternative picked, and all of them.
 *
 * @example Check that a text has the expected alternatives
 * ```ts
 * import type { ShownText } from "@clustaar/webhook/testing";
 *
 * const offers = (text: ShownText): boolean => text.alternatives.includes("Bonjour !");
 * ```
 *
 * @category Testing
 */
export interface ShownText {
  /** The alternative the end user sees. */
  shown: string;
  /** Its index in `alternatives`. */
  index: number;
  /** Every alternative of the action. */
  alternatives: string[];
}

/**
 * Something the end user can click in an answer: what {@linkcode Conversation.click} looks for.
 *
 * @example List what the user can click
 * ```ts
 * import type { Turn } from "@clustaar/webhook/testing";
 *
 * const clickable = (turn: Turn): string[] =>
 *   turn.buttons.map((button) => button.card ? `${button.card}: ${button.title}` : button.title);
 * ```
 *
 * @category Testing
 */
export interface TurnButton {
  /** The title shown, and the one `click(title)` takes. */
  title: string;
  /** A quick reply, a card's button, a simple card's button, or a choice of a choices list. */
  kind: "quick_reply" | "card_button" | "simple_card_button" | "choice";
  /** The title of the card holding the button (card buttons only). */
  card?: string;
  /**
   * What clicking does; for a choice, the list's `go_to_action` with the
   * choice's `sessionValues` over the action's own.
   */
  action: ButtonAction;
  /** The step whose answer showed it. */
  step: StepRef;
}

/**
 * A validation issue of an answer: where, and what is wrong.
 *
 * @example Print the issues of a refused answer
 * ```ts
 * import type { AnswerIssue } from "@clustaar/webhook/testing";
 *
 * const lines = (issues: AnswerIssue[]): string[] =>
 *   issues.map((issue) => `${issue.path || "(answer)"}: ${issue.message}`);
 * ```
 *
 * @category Testing
 */
export interface AnswerIssue {
  /** The dotted path in the answer (`actions.0.alternatives`); `""` for the answer itself. */
  path: string;
  /** What is wrong (`expected 1 to 10 items`). */
  message: string;
}

/**
 * An HTTP request exactly as it was sent.
 *
 * @example Read the signature of a request
 * ```ts
 * import type { ExchangeRequest } from "@clustaar/webhook/testing";
 *
 * const signed = (request: ExchangeRequest): boolean => "X-Hub-Signature" in request.headers;
 * ```
 *
 * @category Testing
 */
export interface ExchangeRequest {
  /** `POST`. */
  method: string;
  /** The URL. */
  url: string;
  /**
   * Every header the harness set, by name (`Content-Type`, `Date`,
   * `X-Hub-Signature` when signed, `Authorization` with Basic credentials);
   * over HTTP the runtime's `fetch` adds its own (`Host`, `Content-Length`,
   * `User-Agent`, ...), which the signature does not cover.
   */
  headers: Record<string, string>;
  /** The body, byte for byte as signed and sent. */
  body: string;
}

/**
 * One call of the webhook: a notification sent for a step, and its answer.
 *
 * @example Show each call of a turn
 * ```ts
 * import type { Exchange } from "@clustaar/webhook/testing";
 *
 * const summary = (exchange: Exchange): string =>
 *   `${exchange.request.method} ${exchange.request.url} -> ${exchange.status ?? exchange.error} ` +
 *   `(${Math.round(exchange.elapsedMs)} ms) route ${exchange.routing?.route?.handler ?? "?"}`;
 * ```
 *
 * @category Testing
 */
export interface Exchange {
  /** The step notified. */
  step: StepRef;
  /** The request as sent. */
  request: ExchangeRequest;
  /** The notification the body holds. */
  notification: StepReachedNotification;
  /** The answer's status; absent when no answer came (unreachable, timeout). */
  status?: number;
  /** The answer's status text, when the server sent one. */
  statusText?: string;
  /** The answer's headers, by lower-case name. */
  headers?: Record<string, string>;
  /** Time from sending to the end of the answer's body, in milliseconds. */
  elapsedMs: number;
  /** The answer's body as text. */
  text?: string;
  /** The answer's body parsed as JSON; absent when it is not JSON. */
  json?: unknown;
  /** Why the platform would refuse the answer, by path (empty when it would accept it). */
  issues: AnswerIssue[];
  /** Why the exchange failed (unreachable, not JSON, refused, invalid); absent when it did not. */
  error?: string;
  /**
   * For an in-process webhook with `explain` (a `Webhook`): the route that
   * answered and, for each route tried before it, the filter that declined.
   */
  routing?: RouteExplanation;
  /** Why the route could not be explained (a filter threw), when it could not. */
  routingError?: string;
  /**
   * What the harness did to the request that the platform would not: a
   * notification already signed with the same `Date` gets line feeds added
   * to its body, which the webhook would otherwise refuse as a replay (409).
   */
  note?: string;
}

/**
 * What the user did to start a turn, with the arguments given.
 *
 * @example Replay the acts of a conversation
 * ```ts
 * import type { Conversation, UserAct } from "@clustaar/webhook/testing";
 *
 * async function replay(acts: UserAct[], conversation: Conversation): Promise<void> {
 *   for (const act of acts) {
 *     if (act.type === "reach") await conversation.reach(act.step, { input: act.input });
 *     else if (act.type === "say") await conversation.say(act.text, { to: act.to });
 *     else if (act.type === "click") await conversation.click(act.title, { card: act.card });
 *     else await conversation.event(act.name, { to: act.to });
 *   }
 * }
 * ```
 *
 * @category Testing
 */
export type UserAct =
  | {
    /** The conversation was taken to a step: {@linkcode Conversation.reach}. */
    type: "reach";
    /** The step, as given (an id or a name, or a step object). */
    step: string | BotFileStep;
    /** The input sent with it, if one was given. */
    input?: Input;
  }
  | {
    /** The user typed a message: {@linkcode Conversation.say}. */
    type: "say";
    /** The message. */
    text: string;
    /** The step that receives it, when given. */
    to?: string | BotFileStep;
  }
  | {
    /** The user clicked a button: {@linkcode Conversation.click}. */
    type: "click";
    /** The button's title. */
    title: string;
    /** The card, when given to tell buttons apart. */
    card?: string;
  }
  | {
    /** A custom event: {@linkcode Conversation.event}. */
    type: "event";
    /** The event's name. */
    name: string;
    /** The step that receives it, when given. */
    to?: string | BotFileStep;
  };

/**
 * One thing that happened during a turn, in order; discriminated on `type`.
 *
 * @example The session changes of a turn
 * ```ts
 * import type { Turn } from "@clustaar/webhook/testing";
 *
 * const changes = (turn: Turn): string[] =>
 *   turn.events.flatMap((event) => event.type === "session" ? [`${event.key} by ${event.by}`] : []);
 * ```
 *
 * @category Testing
 */
export type TurnEvent =
  | {
    /** The conversation reached a step of the bot file. */
    type: "step";
    /** The step. */
    step: StepRef;
    /** Whether the webhook was called for it. */
    webhook: boolean;
    /** The index of its exchange in {@linkcode Turn.exchanges}, when the webhook was called. */
    exchange?: number;
  }
  | {
    /** An action shown to the end user (or run by the platform: an email, a pause, ...). */
    type: "show";
    /** The step whose actions it is. */
    step: StepRef;
    /** The action. */
    action: StepAction;
    /** For a `send_text_action`: the alternative shown. */
    text?: ShownText;
  }
  | {
    /** A session value changed. */
    type: "session";
    /** The step during which it changed, if any. */
    step?: StepRef;
    /** The key. */
    key: string;
    /** The new value; absent when the key was removed. */
    value?: unknown;
    /** The value before; absent when the key was not set. */
    previous?: unknown;
    /** What changed it: the answer's `session`, a `store_session_value_action` or a button's `sessionValues`. */
    by: "answer" | "store_session_value_action" | "button";
    /** Anything the harness had to assume (`add` without `isInt`, ...). */
    note?: string;
  }
  | {
    /** The answer replaced the interlocutor. */
    type: "interlocutor";
    /** The step whose answer did. */
    step: StepRef;
    /** The new interlocutor. */
    interlocutor: Interlocutor;
  }
  | {
    /** A `set_user_attribute_action` set a custom attribute of the interlocutor. */
    type: "attribute";
    /** The step whose actions it is. */
    step: StepRef;
    /** The attribute. */
    key: string;
    /** The new value. */
    value: string;
    /** The value before, if any. */
    previous?: string;
    /** Anything the harness had to assume. */
    note?: string;
  }
  | {
    /** A jump: a `jump_to_action`, a `go_to_action`, or a clicked button's `go_to_action`. */
    type: "jump";
    /** The step it leaves; absent for a button of an answer already shown. */
    step?: StepRef;
    /** What jumped. */
    by: "jump_to_action" | "go_to_action" | "button";
    /** Where to. */
    target: Target;
    /** The step of the bot file reached; absent when the target is outside the file. */
    to?: StepRef;
    /** Why this target (which connection held, or why the default target). */
    reason: string;
  }
  | {
    /** A clicked `open_url_action`: recorded, not fetched. */
    type: "open_url";
    /** The URL the end user's browser would open. */
    url: string;
  }
  | {
    /** An explanation: what the harness did not do, and why. */
    type: "note";
    /** The step concerned, if any. */
    step?: StepRef;
    /** The explanation. */
    text: string;
  };

/**
 * One turn of a conversation: what {@linkcode Conversation.reach}, `say`, `click` and `event` return.
 *
 * @example Check a turn
 * ```ts
 * import assert from "node:assert/strict";
 * import { Webhook } from "@clustaar/webhook";
 * import { createConversation } from "@clustaar/webhook/testing";
 *
 * const app = new Webhook();
 * app.on("conversation.step_reached", () => ({
 *   actions: [{ type: "send_text_action", alternatives: ["Hi!"] }],
 *   session: { values: { greeted: true } },
 * }));
 * const conversation = createConversation(app, {
 *   bot: { steps: [{ id: "a1a1a1a1a1a1a1a1a1a1a1a1", name: "welcome", actions: [] }] },
 * });
 * const turn = await conversation.reach("welcome");
 * assert.equal(turn.status, 200);
 * assert.deepEqual(turn.texts, ["Hi!"]);
 * assert.deepEqual(turn.session.values, { greeted: true });
 * assert.equal(turn.exchanges[0]?.request.headers["Content-Type"], "application/json");
 * ```
 *
 * @category Testing
 */
export interface Turn {
  /** The turn's number in the conversation, from 1. */
  number: number;
  /** What the user did. */
  user: UserAct;
  /** The input the notifications of the turn carried, if any. */
  input?: Input;
  /** Whether the turn went through; a failed turn changed nothing (see `error`). */
  ok: boolean;
  /** Why the turn failed. */
  error?: string;
  /** The status of the turn's last answer; absent when the webhook was not called. */
  status?: number;
  /** The turn's duration in milliseconds. */
  elapsedMs: number;
  /** The actions shown to the end user (or run by the platform), in order, over every step reached. */
  actions: StepAction[];
  /**
   * The text bubbles shown, in order: the alternative shown of each
   * `send_text_action` and the message of each `send_quick_replies_action`.
   */
  texts: string[];
  /** Each `send_text_action` shown: the alternative picked and all of them. */
  shownTexts: ShownText[];
  /** The quick replies shown. */
  quickReplies: QuickReply[];
  /** The cards shown (of `send_cards_action` and `send_simple_cards_action`). */
  cards: (Card | SimpleCard)[];
  /** Everything clickable the turn showed. */
  buttons: TurnButton[];
  /** The session after the turn. */
  session: ConversationSession;
  /** The interlocutor after the turn. */
  interlocutor: Interlocutor;
  /** The validation issues of the turn's answers, by path. */
  issues: AnswerIssue[];
  /** The steps of the bot file reached, in order. */
  steps: StepRef[];
  /** Where the conversation is after the turn, when at a step of the bot file. */
  step?: StepRef;
  /** Where the conversation went when it left the bot file (a target outside it). */
  outside?: Target;
  /** The calls of the webhook, in order. */
  exchanges: Exchange[];
  /** Everything that happened, in order. */
  events: TurnEvent[];
}
