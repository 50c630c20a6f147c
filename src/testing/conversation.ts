/**
 * Conversations at the desk: a whole conversation with a webhook, turn by
 * turn, with the platform's part played as the platform plays it.
 *
 * @module
 */
import * as v from "valibot";
import {
  type ConversationSession,
  ConversationSessionSchema,
  formatIssues,
  type Input,
  InputSchema,
  type Interlocutor,
  InterlocutorSchema,
  type Predicate,
  type Target,
} from "../models/mod.ts";
import type { RouteExplanation } from "../webhook_types.ts";
import {
  type Bot,
  type BotFile,
  type BotFileStep,
  type BotStep,
  checkStep,
  createBot,
  listSteps,
} from "./bot.ts";
import { type SendSettings, SentBodies } from "./_exchange.ts";
import { seededRandom } from "./_flow.ts";
import type { BasicCredentials } from "./request.ts";
import { renderTranscript } from "./_transcript.ts";
import {
  explainButton,
  HOP_LIMIT,
  quote,
  ref,
  targetLabel,
  TurnFailure,
  TurnRunner,
  type Work,
} from "./_turn.ts";
import type { AnswerIssue, Turn, TurnButton, UserAct } from "./turn.ts";

/**
 * The most jumps one turn may take: one more fails the turn as a loop.
 *
 * @example
 * ```ts
 * import { MAX_HOPS } from "@clustaar/webhook/testing";
 * console.assert(MAX_HOPS === 20);
 * ```
 *
 * @category Testing
 */
export const MAX_HOPS: number = HOP_LIMIT;
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * What a conversation talks to: a webhook in this process (a `Webhook`, or
 * any object with a web `fetch`; with `explain`, as a `Webhook` has, each
 * exchange also tells its route), or the URL of a running webhook.
 *
 * @example A running webhook, or one in process
 * ```ts
 * import { Webhook } from "@clustaar/webhook";
 * import type { ConversationTarget } from "@clustaar/webhook/testing";
 *
 * const local: ConversationTarget = new Webhook();
 * const remote: ConversationTarget = "http://localhost:8000/";
 * ```
 *
 * @category Testing
 */
export type ConversationTarget =
  | {
    /** Answers one request, as `Webhook.fetch` does. */
    fetch(request: Request): Response | Promise<Response>;
    /** Tells which route answers a notification, as `Webhook.explain` does. */
    explain?(notification: unknown, request?: Request): Promise<RouteExplanation>;
  }
  | string
  | URL;

/**
 * Options of {@linkcode createConversation}.
 *
 * @example Talk to a signed, authenticated webhook with a manual clock
 * ```ts
 * import type { ConversationOptions } from "@clustaar/webhook/testing";
 * import { createClock } from "@clustaar/webhook/testing";
 *
 * const clock = createClock();
 * const options: ConversationOptions = {
 *   bot: { start: "welcome", steps: [{ id: "a1a1a1a1a1a1a1a1a1a1a1a1", name: "welcome", actions: [] }] },
 *   session: { values: { lang: "fr" } },
 *   privateKey: "XXXXXXXXXX",
 *   auth: { username: "bot", password: "secret" },
 *   now: clock.now,
 *   seed: 42,
 *   decide: (predicate) => predicate.type === "connection_team_predicate" ? true : undefined,
 * };
 * ```
 *
 * @category Testing
 */
export interface ConversationOptions {
  /**
   * The bot file: its object (e.g. a parsed JSON file) or what
   * {@linkcode createBot} returns (default: a bot without steps, whose
   * steps are then given to `reach` as objects).
   */
  bot?: Bot | BotFile | Record<string, unknown>;
  /** The session to start with, instead of the bot file's. */
  session?: ConversationSession;
  /** Interlocutor fields over the bot file's. */
  interlocutor?: Partial<Interlocutor>;
  /** The channel, instead of the bot file's. */
  channel?: string;
  /** Signs every request with this key, as the platform does (`X-Hub-Signature`). */
  privateKey?: string;
  /** Sends these HTTP Basic credentials with every request. */
  auth?: BasicCredentials;
  /** The clock of the `Date` header and of the notifications' `timestamp` (default `Date.now`). */
  now?: () => number;
  /** The URL of the requests to an in-process webhook (default `http://localhost/`). */
  url?: string | URL;
  /** How long to wait for an answer, in milliseconds (default 10 000). */
  timeout?: number;
  /**
   * Picks text alternatives at random from this seed (reproducibly); by
   * default the first alternative is shown.
   */
  seed?: number;
  /**
   * Decides the jump predicates the harness cannot evaluate (an intent, the
   * team's availability, an attachment): `true` or `false`, or `undefined`
   * to leave it undecided (the jump then takes its default target).
   */
  decide?: (predicate: Predicate) => boolean | undefined;
}

/**
 * Options of {@linkcode Conversation.reach}.
 *
 * @example Reach a step as if a URL was loaded
 * ```ts
 * import type { ReachOptions } from "@clustaar/webhook/testing";
 *
 * const options: ReachOptions = { input: { type: "url_loaded_event", url: "https://example.com/" } };
 * ```
 *
 * @category Testing
 */
export interface ReachOptions {
  /** The input the notification carries (default: none, as for a step reached by the bot). */
  input?: Input;
}

/**
 * Options of {@linkcode Conversation.say}.
 *
 * @example Send a photo to a given step
 * ```ts
 * import type { SayOptions } from "@clustaar/webhook/testing";
 *
 * const options: SayOptions = {
 *   to: "upload",
 *   attachments: [{ type: "image", url: "https://example.com/photo.jpg" }],
 * };
 * ```
 *
 * @category Testing
 */
export interface SayOptions {
  /**
   * The step that receives the message: an id or a name, or a step given as
   * an object (default: the current step).
   */
  to?: string | BotFileStep;
  /** Files sent with the message. */
  attachments?: { type: "file" | "audio" | "video" | "image"; url: string }[];
}

/**
 * Options of {@linkcode Conversation.click}.
 *
 * @example Click the button of one card
 * ```ts
 * import type { ClickOptions } from "@clustaar/webhook/testing";
 *
 * const options: ClickOptions = { card: "Tintin in Tibet" };
 * ```
 *
 * @category Testing
 */
export interface ClickOptions {
  /** The title of the card holding the button, to tell apart buttons with the same title. */
  card?: string;
}

/**
 * Options of {@linkcode Conversation.event}.
 *
 * @example Send an event to a given step
 * ```ts
 * import type { EventOptions } from "@clustaar/webhook/testing";
 *
 * const options: EventOptions = { to: "welcome" };
 * ```
 *
 * @category Testing
 */
export interface EventOptions {
  /**
   * The step that receives the event: an id or a name, or a step given as
   * an object (default: the current step).
   */
  to?: string | BotFileStep;
}

/**
 * A conversation with a webhook: see {@linkcode createConversation}. Turns
 * run one after the other, even when started together.
 *
 * @example Print the transcript when a check fails
 * ```ts
 * import assert from "node:assert/strict";
 * import { Webhook } from "@clustaar/webhook";
 * import { createConversation } from "@clustaar/webhook/testing";
 *
 * const app = new Webhook();
 * app.on("conversation.step_reached", () => ({ actions: [] }));
 * const conversation = createConversation(app, {
 *   bot: { steps: [{ id: "a1a1a1a1a1a1a1a1a1a1a1a1", name: "welcome", actions: [] }] },
 * });
 * const turn = await conversation.reach("welcome");
 * assert.deepEqual(turn.texts, [], conversation.transcript);
 * ```
 *
 * @category Testing
 */
export interface Conversation {
  /** The bot file. */
  readonly bot: Bot;
  /** What the conversation talks to: `"in process"` or the URL. */
  readonly target: string;
  /**
   * The session now (a copy). Setting it (between turns) replaces it.
   *
   * @throws {TypeError} When set to something that is not a session.
   */
  session: ConversationSession;
  /**
   * The interlocutor now (a copy). Setting it (between turns) replaces it;
   * missing fields take the bot file's (over the default test interlocutor).
   *
   * @throws {TypeError} When set to something that is not an interlocutor.
   */
  interlocutor: Interlocutor;
  /** The step the conversation is at, when it is at a step of the bot file. */
  readonly step: BotStep | undefined;
  /** Where the conversation went when it left the bot file. */
  readonly outside: Target | undefined;
  /** Every turn so far, failed ones included. */
  readonly turns: readonly Turn[];
  /** The last turn. */
  readonly lastTurn: Turn | undefined;
  /** The conversation as readable text: who said what, at which step, which route answered. */
  readonly transcript: string;
  /**
   * Takes the conversation to a step: the platform calls the webhook (or
   * shows the step's actions), then runs the answer's actions.
   *
   * @param step A step id or name (default: the bot file's `start`), or a
   * step given as an object, in the bot file's step format (for a step the
   * file lacks).
   * @throws {TypeError} For an unknown or invalid step, or an invalid input.
   * @throws {ConversationError} When the turn fails.
   */
  reach(step?: string | BotFileStep, options?: ReachOptions): Promise<Turn>;
  /**
   * The user types a message: a `message` input at the current step (or `to`).
   *
   * @throws {TypeError} For a missing step or an invalid text.
   * @throws {ConversationError} When the turn fails.
   */
  say(text: string, options?: SayOptions): Promise<Turn>;
  /**
   * The user clicks a quick reply, a card button or a choice of the last
   * answer, by its title.
   *
   * @throws {TypeError} When the last answer has no such button (the message lists them).
   * @throws {ConversationError} When the turn fails.
   */
  click(title: string, options?: ClickOptions): Promise<Turn>;
  /**
   * A `custom_event` input at the current step (or `to`).
   *
   * @throws {TypeError} For a missing step or an invalid name.
   * @throws {ConversationError} When the turn fails.
   */
  event(name: string, options?: EventOptions): Promise<Turn>;
  /**
   * Starts again: the bot file's session, interlocutor and start step, no
   * turns. A turn still running is discarded when it ends.
   */
  restart(): void;
}

/**
 * A turn failed: the webhook is down, answered something that is not JSON,
 * refused the notification, or gave an answer the platform would refuse; or
 * the turn jumped more than 20 times. The message says why, lists the
 * answer's issues by path, and ends with the transcript.
 *
 * @example Catch an invalid answer
 * ```ts
 * import { Webhook } from "@clustaar/webhook";
 * import { ConversationError, createConversation } from "@clustaar/webhook/testing";
 *
 * const app = new Webhook({ validateResponses: false, onError: () => {} });
 * app.on("conversation.step_reached", () => ({
 *   actions: [{ type: "send_text_action", alternatives: [] }],
 * }));
 * const conversation = createConversation(app, {
 *   bot: { steps: [{ id: "a1a1a1a1a1a1a1a1a1a1a1a1", name: "welcome", actions: [] }] },
 * });
 * try {
 *   await conversation.reach("welcome");
 * } catch (error) {
 *   if (!(error instanceof ConversationError)) throw error;
 *   console.assert(error.issues[0]?.path === "actions.0.alternatives");
 * }
 * ```
 *
 * @category Testing
 */
export class ConversationError extends Error {
  /** The failed turn, as recorded in the conversation's `turns`. */
  readonly turn: Turn;
  /** The issues of the refused answer, by path (empty when the exchange failed otherwise). */
  readonly issues: AnswerIssue[];
  /** The conversation's transcript, the failed turn included. */
  readonly transcript: string;

  /**
   * Makes the error.
   *
   * @param turn The failed turn.
   * @param transcript The transcript.
   */
  constructor(turn: Turn, transcript: string) {
    super(`Turn ${turn.number} failed: ${turn.error}\n\nTranscript:\n${transcript}`);
    this.name = "ConversationError";
    this.turn = turn;
    this.issues = turn.issues;
    this.transcript = transcript;
  }
}

function checkedSession(session: unknown, what: string): ConversationSession {
  const result = v.safeParse(ConversationSessionSchema, session);
  if (!result.success) {
    throw new TypeError(
      `${what}: invalid session: ${formatIssues(result.issues).join("; ")}`,
    );
  }
  return structuredClone(result.output);
}

function checkedInterlocutor(base: Interlocutor, fields: unknown, what: string): Interlocutor {
  if (fields === null || typeof fields !== "object" || Array.isArray(fields)) {
    throw new TypeError(`${what}: the interlocutor must be an object`);
  }
  const merged = { ...structuredClone(base), ...structuredClone(fields) };
  const result = v.safeParse(InterlocutorSchema, merged);
  if (!result.success) {
    throw new TypeError(
      `${what}: invalid interlocutor: ${formatIssues(result.issues).join("; ")}`,
    );
  }
  return merged as Interlocutor;
}

class ConversationImpl implements Conversation {
  readonly bot: Bot;
  readonly target: string;
  readonly #runner: TurnRunner;
  readonly #initial: { session: ConversationSession; interlocutor: Interlocutor };
  #session: ConversationSession;
  #interlocutor: Interlocutor;
  #step: BotStep | undefined;
  #outside: Target | undefined;
  #buttons: TurnButton[] = [];
  #turns: Turn[] = [];
  #queue: Promise<unknown> = Promise.resolve();
  #running = 0;
  #generation = 0;

  constructor(target: ConversationTarget, options: ConversationOptions) {
    if (options === null || typeof options !== "object") {
      throw new TypeError("Cannot create the conversation: options must be an object");
    }
    this.bot = createBot(options.bot ?? { steps: [] });
    const timeoutMs = options.timeout ?? DEFAULT_TIMEOUT_MS;
    if (typeof timeoutMs !== "number" || !(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
      throw new RangeError(
        `Cannot create the conversation: timeout must be a positive number of milliseconds (got ${
          String(options.timeout)
        })`,
      );
    }
    if (options.now !== undefined && typeof options.now !== "function") {
      throw new TypeError("Cannot create the conversation: now must be a function");
    }
    if (options.decide !== undefined && typeof options.decide !== "function") {
      throw new TypeError("Cannot create the conversation: decide must be a function");
    }
    if (options.seed !== undefined && !Number.isFinite(options.seed)) {
      throw new TypeError("Cannot create the conversation: seed must be a finite number");
    }
    let transport: SendSettings["transport"];
    if (typeof target === "string" || target instanceof URL) {
      let url: URL;
      try {
        url = new URL(target);
      } catch {
        throw new TypeError(`Cannot create the conversation: invalid URL ${quote(String(target))}`);
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw new TypeError(
          `Cannot create the conversation: the URL must be http or https (got ${quote(url.href)})`,
        );
      }
      transport = { kind: "url", url: url.href };
      this.target = url.href;
    } else if (
      target !== null && typeof target === "object" && typeof target.fetch === "function"
    ) {
      transport = {
        kind: "app",
        app: target,
        url: new URL(options.url ?? "http://localhost/").href,
      };
      this.target = "in process";
    } else {
      throw new TypeError(
        "Cannot create the conversation: the target must be a Webhook (an object with fetch) or a URL",
      );
    }
    if (
      options.channel !== undefined &&
      (typeof options.channel !== "string" || options.channel === "")
    ) {
      throw new TypeError("Cannot create the conversation: channel must be a non-empty string");
    }
    this.#runner = new TurnRunner({
      bot: this.bot,
      send: {
        transport,
        privateKey: options.privateKey,
        auth: options.auth,
        now: options.now ?? Date.now,
        timeoutMs,
      },
      sent: new SentBodies(),
      channel: options.channel ?? this.bot.channel,
      pick: options.seed === undefined ? () => 0 : seededRandom(options.seed),
      decide: options.decide,
    });
    const what = "Cannot create the conversation";
    const session = checkedSession(options.session ?? this.bot.session, what);
    const interlocutor = checkedInterlocutor(
      this.bot.interlocutor,
      options.interlocutor ?? {},
      what,
    );
    this.#initial = { session, interlocutor };
    this.#session = structuredClone(session);
    this.#interlocutor = structuredClone(interlocutor);
    this.#step = this.bot.start;
  }

  get session(): ConversationSession {
    return structuredClone(this.#session);
  }

  set session(session: ConversationSession) {
    this.#idle("set the session");
    this.#session = checkedSession(session, "Cannot set the session");
  }

  get interlocutor(): Interlocutor {
    return structuredClone(this.#interlocutor);
  }

  set interlocutor(interlocutor: Interlocutor) {
    this.#idle("set the interlocutor");
    this.#interlocutor = checkedInterlocutor(
      this.bot.interlocutor,
      interlocutor,
      "Cannot set the interlocutor",
    );
  }

  get step(): BotStep | undefined {
    return this.#step;
  }

  get outside(): Target | undefined {
    return this.#outside;
  }

  get turns(): readonly Turn[] {
    return this.#turns;
  }

  get lastTurn(): Turn | undefined {
    return this.#turns[this.#turns.length - 1];
  }

  get transcript(): string {
    return renderTranscript(this.target, this.#turns);
  }

  restart(): void {
    this.#generation++;
    this.#session = structuredClone(this.#initial.session);
    this.#interlocutor = structuredClone(this.#initial.interlocutor);
    this.#step = this.bot.start;
    this.#outside = undefined;
    this.#buttons = [];
    this.#turns = [];
  }

  #idle(what: string): void {
    if (this.#running > 0) throw new Error(`Cannot ${what}: a turn is running; await it first`);
  }

  reach(step?: string | BotFileStep, options: ReachOptions = {}): Promise<Turn> {
    const target = step === undefined ? this.#start("reach") : this.#resolve(step, "reach");
    const input = options.input === undefined
      ? undefined
      : this.#input(options.input, `Cannot reach ${quote(target.name)}`);
    const user: UserAct = { type: "reach", step: structuredClone(step) ?? target.name };
    if (input !== undefined) user.input = structuredClone(input);
    return this.#run(user, input, (work) => this.#runner.reachStep(work, target));
  }

  say(text: string, options: SayOptions = {}): Promise<Turn> {
    if (typeof text !== "string") {
      throw new TypeError(`Cannot say: the text must be a string (got ${typeof text})`);
    }
    const input = this.#input(
      { type: "message", text, attachments: options.attachments ?? [] },
      `Cannot say ${quote(text)}`,
    );
    const step = this.#receiver("say", options.to);
    const user: UserAct = { type: "say", text };
    if (options.to !== undefined) user.to = structuredClone(options.to);
    return this.#run(user, input, (work) => this.#runner.reachStep(work, step));
  }

  event(name: string, options: EventOptions = {}): Promise<Turn> {
    if (typeof name !== "string" || name === "") {
      throw new TypeError("Cannot send the event: its name must be a non-empty string");
    }
    const step = this.#receiver(`send the event ${quote(name)}`, options.to);
    const user: UserAct = { type: "event", name };
    if (options.to !== undefined) user.to = structuredClone(options.to);
    return this.#run(
      user,
      { type: "custom_event", name },
      (work) => this.#runner.reachStep(work, step),
    );
  }

  click(title: string, options: ClickOptions = {}): Promise<Turn> {
    if (typeof title !== "string") {
      throw new TypeError(`Cannot click: the title must be a string (got ${typeof title})`);
    }
    const what = `Cannot click ${quote(title)}`;
    const buttons = this.#buttons;
    if (buttons.length === 0) {
      throw new TypeError(
        `${what}: ${
          this.#turns.some((turn) => turn.ok) ? "the last answer has no buttons" : "no answer yet"
        }`,
      );
    }
    const matches = buttons.filter((button) =>
      button.title === title && (options.card === undefined || button.card === options.card)
    );
    if (matches.length === 0) {
      const titles = buttons.map((b) =>
        b.card === undefined ? quote(b.title) : `${quote(b.title)} (card ${quote(b.card)})`
      );
      throw new TypeError(
        `${what}${
          options.card === undefined ? "" : ` on card ${quote(options.card)}`
        }: the last answer has no such button; its buttons: ${titles.join(", ")}`,
      );
    }
    const cards = new Set(matches.map((button) => button.card));
    if (matches.length > 1 && cards.size > 1) {
      throw new TypeError(
        `${what}: the last answer has ${matches.length} buttons with this title; give the card: ${
          [...cards].map((card) =>
            card === undefined ? "(a quick reply or choice: no card)" : `{ card: ${quote(card)} }`
          ).join(", ")
        }`,
      );
    }
    const button = matches[0]!;
    const user: UserAct = { type: "click", title };
    if (options.card !== undefined) user.card = options.card;
    const action = structuredClone(button.action);
    switch (action.type) {
      case "go_to_action":
        return this.#run(user, action, (work) => this.#runner.follow(work, action, "button"));
      case "legacy_reply_to_message_action": {
        const step = this.#receiver(`click ${quote(title)}`, undefined);
        return this.#run(
          user,
          { type: "legacy_reply_to_message_action", text: action.message },
          (work) => this.#runner.reachStep(work, step),
        );
      }
      case "open_url_action":
        return this.#run(user, undefined, (work) => {
          work.turn.events.push({ type: "open_url", url: action.url });
          return Promise.resolve();
        });
      default:
        return this.#run(user, undefined, (work) => {
          work.turn.events.push({ type: "note", text: explainButton(action) });
          return Promise.resolve();
        });
    }
  }

  /** A step of the bot file by id or name, or a step given as an object. */
  #resolve(step: string | BotFileStep, what: string): BotStep {
    if (typeof step === "object" && step !== null) return checkStep(step, `Cannot ${what}`);
    return this.bot.step(step);
  }

  #start(what: string): BotStep {
    const start = this.bot.start;
    if (start === undefined) {
      throw new TypeError(
        `Cannot ${what}: name a step (the bot file has no start); its steps: ${
          listSteps(this.bot.steps)
        }`,
      );
    }
    return start;
  }

  /** The step that receives an input: `to`, else the current step. */
  #receiver(what: string, to: string | BotFileStep | undefined): BotStep {
    if (to !== undefined) return this.#resolve(to, what);
    if (this.#step !== undefined) return this.#step;
    if (this.#outside !== undefined) {
      throw new TypeError(
        `Cannot ${what}: the conversation left the bot file for the ${
          targetLabel(this.#outside)
        }; reach a step, or give { to }`,
      );
    }
    throw new TypeError(
      `Cannot ${what}: the conversation is at no step yet; reach one first, give { to }, or set start in the bot file`,
    );
  }

  #input(input: unknown, what: string): Input {
    const result = v.safeParse(InputSchema, input);
    if (!result.success) {
      throw new TypeError(
        `${what}: invalid input: ${formatIssues(result.issues).join("; ")}`,
      );
    }
    return structuredClone(input) as Input;
  }

  /** Runs a turn after the previous ones; commits it when it goes through. */
  #run(
    user: UserAct,
    input: Input | undefined,
    plan: (work: Work) => Promise<void>,
  ): Promise<Turn> {
    const result = this.#queue.then(() => this.#turn(user, input, plan));
    this.#queue = result.catch(() => {});
    return result;
  }

  async #turn(
    user: UserAct,
    input: Input | undefined,
    plan: (work: Work) => Promise<void>,
  ): Promise<Turn> {
    const generation = this.#generation;
    const started = performance.now();
    const turn: Turn = {
      number: this.#turns.length + 1,
      user,
      ok: true,
      elapsedMs: 0,
      actions: [],
      texts: [],
      shownTexts: [],
      quickReplies: [],
      cards: [],
      buttons: [],
      session: this.session,
      interlocutor: this.interlocutor,
      issues: [],
      steps: [],
      exchanges: [],
      events: [],
    };
    if (input !== undefined) turn.input = structuredClone(input);
    const work: Work = {
      input,
      session: this.session,
      interlocutor: this.interlocutor,
      step: this.#step,
      outside: this.#outside,
      hops: 0,
      turn,
    };
    this.#running++;
    let failure: unknown;
    try {
      await plan(work);
    } catch (error) {
      failure = error;
    } finally {
      this.#running--;
    }
    turn.elapsedMs = performance.now() - started;
    const last = turn.exchanges[turn.exchanges.length - 1];
    if (last?.status !== undefined) turn.status = last.status;
    turn.issues = turn.exchanges.flatMap((exchange) => exchange.issues);
    if (generation !== this.#generation) {
      throw new Error(`Turn ${turn.number} was discarded: the conversation was restarted`);
    }
    if (failure !== undefined) {
      if (!(failure instanceof TurnFailure)) throw failure;
      turn.ok = false;
      turn.error = failure.message;
      this.#turns.push(turn);
      throw new ConversationError(turn, this.transcript);
    }
    turn.session = structuredClone(work.session);
    turn.interlocutor = structuredClone(work.interlocutor);
    if (work.step !== undefined) turn.step = ref(work.step);
    if (work.outside !== undefined) turn.outside = structuredClone(work.outside);
    this.#session = work.session;
    this.#interlocutor = work.interlocutor;
    this.#step = work.step;
    this.#outside = work.outside;
    if (turn.steps.length > 0) this.#buttons = turn.buttons;
    this.#turns.push(turn);
    return turn;
  }
}

/**
 * Starts a conversation with a webhook, played as the platform plays it:
 * each notification carries the step (from the bot file), the input, the
 * interlocutor and the session as the previous answer left it; the answer's
 * actions then run in order (see the README's "Conversations" section).
 *
 * @param target A `Webhook` (driven through its `fetch`, in memory; its
 * `explain` tells each exchange's route) or the URL of a running webhook.
 * @param options The bot file, and how to sign, authenticate and time the requests (all optional).
 * @returns The conversation, at the bot file's `start` step (no turn yet).
 * @throws {TypeError} For a bad bot file (the message names the path), a bad target or option.
 * @throws {RangeError} For a timeout that is not a positive number.
 *
 * @example A multi-turn test, in memory
 * ```ts
 * import assert from "node:assert/strict";
 * import { SendQuickRepliesAction, SendTextAction, StepName, Webhook } from "@clustaar/webhook";
 * import { createConversation } from "@clustaar/webhook/testing";
 *
 * const app = new Webhook();
 * app.on("conversation.step_reached", function thanks(_request, _response, { event }) {
 *   return { actions: [SendTextAction({ alternatives: [`Thanks, ${event.session.values.plan}!`] })] };
 * }, StepName("thanks"));
 * app.on("conversation.step_reached", function echo(_request, _response, { event }) {
 *   return { actions: event.step.actions, session: event.session };
 * });
 *
 * const conversation = createConversation(app, {
 *   bot: {
 *     start: "welcome",
 *     steps: [
 *       {
 *         id: "a1a1a1a1a1a1a1a1a1a1a1a1",
 *         name: "welcome",
 *         actions: [SendQuickRepliesAction({
 *           message: "Which plan?",
 *           buttons: [{
 *             type: "quick_reply",
 *             title: "Pro",
 *             action: {
 *               type: "go_to_action",
 *               target: { type: "step", id: "b2b2b2b2b2b2b2b2b2b2b2b2" },
 *               sessionValues: { plan: "pro" },
 *             },
 *           }],
 *         })],
 *       },
 *       { id: "b2b2b2b2b2b2b2b2b2b2b2b2", name: "thanks", actions: [] },
 *     ],
 *   },
 * });
 * const first = await conversation.reach();
 * assert.deepEqual(first.texts, ["Which plan?"]);
 * const second = await conversation.click("Pro");
 * assert.deepEqual(second.texts, ["Thanks, pro!"], conversation.transcript);
 * assert.equal(second.exchanges[0]?.routing?.route?.handler, "thanks");
 * ```
 *
 * @category Testing
 */
export function createConversation(
  target: ConversationTarget,
  options: ConversationOptions = {},
): Conversation {
  return new ConversationImpl(target, options);
}
