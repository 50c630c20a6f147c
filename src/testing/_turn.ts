// Running a turn of a conversation as the platform would: reaching a step
// (calling the webhook, or taking the step's own actions), then running the
// actions in order: display, session and attribute changes, jumps.
import * as v from "valibot";
import { quote as quoteText } from "../_text.ts";
import {
  type ButtonAction,
  type Card,
  type ConversationSession,
  type GoToAction,
  GoToActionSchema,
  type Input,
  type Interlocutor,
  type QuickReply,
  type SimpleCard,
  type StepAction,
  type StepReachedNotification,
  type StepReachedResponse,
  type Target,
} from "../models/mod.ts";
import type { Bot, BotStep } from "./bot.ts";
import { send, type SendSettings, type SentBodies } from "./_exchange.ts";
import { chooseJump, type Decide, storedValue } from "./_flow.ts";
import type { ShownText, StepRef, Turn, TurnButton, TurnEvent } from "./turn.ts";

/** The most jumps one turn may take; one more fails the turn as a loop. */
export const HOP_LIMIT = 20;

/** A failure of the turn being run. */
export class TurnFailure extends Error {}

/** The state a turn works on; committed only when the turn goes through. */
export interface Work {
  input?: Input;
  session: ConversationSession;
  interlocutor: Interlocutor;
  step: BotStep | undefined;
  outside: Target | undefined;
  hops: number;
  /** The turn being recorded: its `steps` are the steps reached so far. */
  turn: Turn;
}

/** A step, named by its id and name. */
export function ref(step: BotStep): StepRef {
  return { id: step.id, name: step.name };
}

/** A text quoted for a message, cut at 80 characters. */
export function quote(text: string): string {
  return quoteText(text, 80);
}

/** Records a note of the turn, at a step when there is one. */
function note(turn: Turn, text: string, step?: StepRef): void {
  turn.events.push(step === undefined ? { type: "note", text } : { type: "note", step, text });
}

/** Whether two JSON values are equal. */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The label of a target outside the bot file. */
export function targetLabel(target: Target): string {
  return `${target.type} ${target.name ? `${quote(target.name)} (${target.id})` : target.id}`;
}

/** What a runner needs: the bot file, how to send, how to pick texts and decide predicates. */
export interface RunnerOptions {
  bot: Bot;
  send: SendSettings;
  sent: SentBodies;
  channel: string;
  pick: () => number;
  decide: Decide | undefined;
}

/** Runs the steps of turns; the turn's state lives in its {@linkcode Work}. */
export class TurnRunner {
  readonly #options: RunnerOptions;

  constructor(options: RunnerOptions) {
    this.#options = options;
  }

  /** Follows a go_to_action: its session values, then its target. */
  async follow(
    work: Work,
    action: GoToAction,
    by: "button" | "go_to_action",
    from?: BotStep,
  ): Promise<void> {
    for (const [key, value] of Object.entries(action.sessionValues ?? {})) {
      this.#setValue(work, key, value, "button", from);
    }
    await this.jump(work, action.target, by, "its target", from);
  }

  /** Goes to a target: a step of the bot file is reached, any other is recorded. */
  async jump(
    work: Work,
    target: Target,
    by: "button" | "go_to_action" | "jump_to_action",
    reason: string,
    from?: BotStep,
  ): Promise<void> {
    const step = target.type === "step" ? this.#options.bot.byId(target.id) : undefined;
    const event: TurnEvent = { type: "jump", by, target: structuredClone(target), reason };
    if (from !== undefined) event.step = ref(from);
    if (step !== undefined) event.to = ref(step);
    work.turn.events.push(event);
    if (step === undefined) {
      note(
        work.turn,
        `the ${targetLabel(target)} is not in the bot file: the conversation leaves it`,
      );
      work.step = undefined;
      work.outside = structuredClone(target);
      return;
    }
    if (from !== undefined || by !== "button") {
      work.hops++;
      if (work.hops > HOP_LIMIT) {
        const reached = work.turn.steps;
        const names = [...reached, step].map((s) => quote(s.name));
        const first = reached.findLastIndex((s) => s.id === step.id);
        const loop = first < 0 ? names : names.slice(first);
        throw new TurnFailure(
          `more than ${HOP_LIMIT} jumps in one turn: the steps ${loop.join(" → ")} loop`,
        );
      }
    }
    await this.reachStep(work, step);
  }

  /** Reaches a step: calls the webhook (or takes the step's actions), then runs the actions. */
  async reachStep(work: Work, step: BotStep): Promise<void> {
    work.step = step;
    work.outside = undefined;
    const turn = work.turn;
    turn.steps.push(ref(step));
    const reached: TurnEvent = { type: "step", step: ref(step), webhook: step.webhook };
    turn.events.push(reached);
    let actions: StepAction[];
    if (step.webhook) {
      const result = await send(
        this.#options.send,
        this.#options.sent,
        ref(step),
        this.#notification(work, step),
      );
      reached.exchange = turn.exchanges.length;
      turn.exchanges.push(result.exchange);
      if (!result.ok) throw new TurnFailure(result.exchange.error!);
      this.#applyAnswer(work, step, result.answer);
      actions = result.answer.actions;
    } else {
      actions = structuredClone(step.actions) as StepAction[];
    }
    await this.#runActions(work, step, actions);
  }

  #notification(work: Work, step: BotStep): StepReachedNotification {
    const data: StepReachedNotification["data"] = {
      type: "step_reached_event",
      channel: this.#options.channel,
      interlocutor: structuredClone(work.interlocutor),
      session: structuredClone(work.session),
      step: {
        id: step.id,
        name: step.name,
        userData: step.userData,
        actions: structuredClone(step.actions) as StepAction[],
      },
    };
    if (work.input !== undefined) data.input = structuredClone(work.input);
    return {
      topic: "conversation.step_reached",
      type: "notification_event",
      botID: this.#options.bot.botID,
      timestamp: Math.floor(this.#options.send.now() / 1000),
      data,
    };
  }

  #applyAnswer(work: Work, step: BotStep, answer: StepReachedResponse): void {
    if (answer.session !== undefined && answer.session !== null) {
      const before = work.session.values;
      const after = answer.session.values;
      for (const key of Object.keys(before)) {
        if (!Object.hasOwn(after, key)) {
          work.turn.events.push({
            type: "session",
            step: ref(step),
            key,
            previous: structuredClone(before[key]),
            by: "answer",
          });
        }
      }
      for (const [key, value] of Object.entries(after)) {
        if (!Object.hasOwn(before, key) || !same(before[key], value)) {
          const event: TurnEvent = {
            type: "session",
            step: ref(step),
            key,
            value: structuredClone(value),
            by: "answer",
          };
          if (Object.hasOwn(before, key)) event.previous = structuredClone(before[key]);
          work.turn.events.push(event);
        }
      }
      work.session = structuredClone(answer.session);
    }
    if (answer.interlocutor !== undefined && answer.interlocutor !== null) {
      work.interlocutor = structuredClone(answer.interlocutor);
      work.turn.events.push({
        type: "interlocutor",
        step: ref(step),
        interlocutor: structuredClone(answer.interlocutor),
      });
    }
  }

  #setValue(
    work: Work,
    key: string,
    value: unknown,
    by: "button" | "store_session_value_action",
    step?: BotStep,
    note?: string,
  ): void {
    const values = work.session.values;
    const event: TurnEvent = { type: "session", key, value: structuredClone(value), by };
    if (step !== undefined) event.step = ref(step);
    if (Object.hasOwn(values, key)) event.previous = structuredClone(values[key]);
    if (note !== undefined) event.note = note;
    values[key] = structuredClone(value);
    work.turn.events.push(event);
  }

  /** Runs a step's (or an answer's) actions in order; a jump ends the list. */
  async #runActions(work: Work, step: BotStep, actions: readonly StepAction[]): Promise<void> {
    const turn = work.turn;
    for (let i = 0; i < actions.length; i++) {
      const action = actions[i]!;
      const rest = actions.length - i - 1;
      const skipped = () => {
        if (rest > 0) {
          note(
            turn,
            `${rest} action${rest === 1 ? "" : "s"} after the jump ${
              rest === 1 ? "was" : "were"
            } not run: a jump ends the step`,
            ref(step),
          );
        }
      };
      switch (action.type) {
        case "store_session_value_action": {
          const stored = storedValue(work.session.values[action.key], action);
          this.#setValue(
            work,
            action.key,
            stored.value,
            "store_session_value_action",
            step,
            stored.note,
          );
          break;
        }
        case "set_user_attribute_action": {
          const attributes = work.interlocutor.customAttributes ??= {};
          const previous = attributes[action.key];
          const stored = storedValue(previous, action);
          const value = String(stored.value);
          attributes[action.key] = value;
          const event: TurnEvent = { type: "attribute", step: ref(step), key: action.key, value };
          if (previous !== undefined) event.previous = previous;
          if (stored.note !== undefined) event.note = stored.note;
          turn.events.push(event);
          break;
        }
        case "jump_to_action": {
          // Checked already: a bot file's actions by its schema, an answer's by validateResponse.
          const choice = chooseJump(
            action,
            { session: work.session, interlocutor: work.interlocutor, input: work.input },
            this.#options.decide,
          );
          if (choice.target === null) {
            note(
              turn,
              `jump_to_action: ${choice.reason}; the conversation stays at ${quote(step.name)}`,
              ref(step),
            );
            break;
          }
          skipped();
          await this.jump(work, choice.target, "jump_to_action", choice.reason, step);
          return;
        }
        case "go_to_action" as string: {
          const checked = v.safeParse(GoToActionSchema, action);
          if (!checked.success) {
            note(turn, "an invalid go_to_action was not run", ref(step));
            break;
          }
          skipped();
          await this.follow(work, checked.output, "go_to_action", step);
          return;
        }
        default:
          this.#show(work, step, action);
      }
    }
  }

  /** Records an action shown to the end user (or run by the platform). */
  #show(work: Work, step: BotStep, action: StepAction): void {
    const turn = work.turn;
    const at = ref(step);
    const shown = structuredClone(action);
    turn.actions.push(shown);
    const event: TurnEvent = { type: "show", step: at, action: shown };
    turn.events.push(event);
    switch (action.type) {
      case "send_text_action": {
        const alternatives = [...action.alternatives];
        const index = Math.min(
          alternatives.length - 1,
          Math.floor(this.#options.pick() * alternatives.length),
        );
        const text: ShownText = { shown: alternatives[index]!, index, alternatives };
        event.text = text;
        turn.shownTexts.push(text);
        turn.texts.push(text.shown);
        break;
      }
      case "send_quick_replies_action":
        turn.texts.push(action.message);
        for (const reply of action.buttons) {
          turn.quickReplies.push(structuredClone(reply) as QuickReply);
          turn.buttons.push({
            title: reply.title,
            kind: "quick_reply",
            action: structuredClone(reply.action),
            step: at,
          });
        }
        break;
      case "send_cards_action":
        for (const card of action.cards) {
          addCard(turn, structuredClone(card) as Card, "card_button", at);
        }
        break;
      case "send_simple_cards_action":
        for (const card of action.cards) {
          addCard(turn, structuredClone(card) as SimpleCard, "simple_card_button", at);
        }
        break;
      case "send_choices_list_action":
        for (const section of action.sections) {
          for (const choice of section.choices) {
            const goTo: GoToAction = structuredClone(action.action);
            if (choice.sessionValues) {
              goTo.sessionValues = {
                ...goTo.sessionValues,
                ...structuredClone(choice.sessionValues),
              };
            }
            turn.buttons.push({ title: choice.title, kind: "choice", action: goTo, step: at });
          }
        }
        break;
      case "send_ai_task_action":
        note(
          turn,
          "send_ai_task_action: the platform's AI task runs there only; the harness does not follow its behaviours",
          at,
        );
        break;
    }
  }
}

/** Shows a card of an answer, and makes its buttons clickable. */
function addCard(
  turn: Turn,
  card: Card | SimpleCard,
  kind: TurnButton["kind"],
  at: StepRef,
): void {
  turn.cards.push(card);
  for (const button of card.buttons ?? []) {
    turn.buttons.push({
      title: button.title,
      kind,
      card: card.title,
      action: structuredClone(button.action),
      step: at,
    });
  }
}

/** Why clicking a button of this kind reaches no step. */
export function explainButton(action: ButtonAction): string {
  switch (action.type) {
    case "share_action":
      return "share_action: the platform shows its share dialog; no step is reached and the webhook is not called";
    case "customer_satisfaction_callback_action":
      return `customer_satisfaction_callback_action: the platform records a ${
        JSON.stringify(action.kind)
      } answer${
        action.target ? ` and goes to the ${targetLabel(action.target)}` : ""
      }; the harness does not know the input it sends, so it stops here`;
    default:
      return `${(action as { type: string }).type}: the harness does not know this button action`;
  }
}
