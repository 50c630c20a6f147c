/**
 * The bot file: the steps a webhook takes part in, as the platform sends them
 * in notifications, for {@linkcode createConversation}.
 *
 * @module
 */
import * as v from "valibot";
import { interlocutor as interlocutorSchema } from "../models/conversation.ts";
import { OBJECT_MESSAGE, text } from "../models/_primitives.ts";
import { quote as quoteText } from "../_text.ts";
import {
  type ConversationSession,
  ConversationSessionSchema,
  formatIssues,
  type Interlocutor,
  InterlocutorSchema,
  type StepAction,
  StepActionSchema,
} from "../models/mod.ts";

/**
 * A step of a {@linkcode BotFile}, as the platform sends it in a notification's `data.step`.
 *
 * @example A step the webhook does not answer
 * ```ts
 * import type { BotFileStep } from "@clustaar/webhook/testing";
 *
 * const help: BotFileStep = {
 *   id: "b2b2b2b2b2b2b2b2b2b2b2b2",
 *   name: "help",
 *   webhook: false,
 *   actions: [{ type: "send_text_action", alternatives: ["How can I help?"] }],
 * };
 * ```
 *
 * @category Testing
 */
export interface BotFileStep {
  /** The step's id (the platform's are 24-character object ids, which buttons and jumps target). */
  id: string;
  /** The step's name. */
  name: string;
  /** The free text the bot designer typed (default `""`). */
  userData?: string;
  /** The actions configured on the step, checked with the model layer's schemas. */
  actions: StepAction[];
  /**
   * Whether the platform calls the webhook when the conversation reaches the
   * step (default `true`); `false` shows the step's own actions instead.
   */
  webhook?: boolean;
}

/**
 * A bot file: the steps the webhook takes part in, where a conversation
 * starts, and what it starts with.
 *
 * @example A two-step bot
 * ```ts
 * import type { BotFile } from "@clustaar/webhook/testing";
 *
 * const file: BotFile = {
 *   start: "welcome",
 *   steps: [
 *     { id: "a1a1a1a1a1a1a1a1a1a1a1a1", name: "welcome", actions: [] },
 *     {
 *       id: "b2b2b2b2b2b2b2b2b2b2b2b2",
 *       name: "help",
 *       webhook: false,
 *       actions: [{ type: "send_text_action", alternatives: ["How can I help?"] }],
 *     },
 *   ],
 * };
 * ```
 *
 * @category Testing
 */
export interface BotFile {
  /** What the bot is, for people reading the file. */
  description?: string;
  /** The steps, each with a unique id and a unique name (none is allowed: steps can be given to `reach`). */
  steps: BotFileStep[];
  /** The step a conversation is at before its first turn: an id or a name. */
  start?: string;
  /** The session a conversation starts with (default `{ values: {} }`). */
  session?: ConversationSession;
  /** Interlocutor fields, over a complete default test interlocutor. */
  interlocutor?: Partial<Interlocutor>;
  /** The channel (default `"web"`). */
  channel?: string;
  /** The bot's id in notifications (default `"000000000000000000000000"`). */
  botID?: string;
}

/**
 * A step of a {@linkcode Bot}: a {@linkcode BotFileStep} with its defaults filled in.
 *
 * @example The steps that call the webhook
 * ```ts
 * import { createBot } from "@clustaar/webhook/testing";
 *
 * const bot = createBot({ steps: [{ id: "a1a1a1a1a1a1a1a1a1a1a1a1", name: "welcome", actions: [] }] });
 * const called = bot.steps.filter((step) => step.webhook).map((step) => step.name);
 * ```
 *
 * @category Testing
 */
export interface BotStep {
  /** The step's id. */
  readonly id: string;
  /** The step's name. */
  readonly name: string;
  /** The free text the bot designer typed. */
  readonly userData: string;
  /** The step's actions. */
  readonly actions: readonly StepAction[];
  /** Whether reaching the step calls the webhook. */
  readonly webhook: boolean;
}

/**
 * A checked bot file, frozen, with its step look-ups: what
 * {@linkcode createBot} returns.
 *
 * @example Load a bot file and look its steps up
 * ```ts
 * import { createBot } from "@clustaar/webhook/testing";
 *
 * const bot = createBot({
 *   start: "welcome",
 *   steps: [{ id: "a1a1a1a1a1a1a1a1a1a1a1a1", name: "welcome", actions: [] }],
 * });
 * console.assert(bot.start === bot.step("a1a1a1a1a1a1a1a1a1a1a1a1"));
 * console.assert(bot.find("nowhere") === undefined);
 * ```
 *
 * @category Testing
 */
export interface Bot {
  /** The steps, in file order. */
  readonly steps: readonly BotStep[];
  /** The step a conversation is at before its first turn, if the file names one. */
  readonly start: BotStep | undefined;
  /** The session a conversation starts with. */
  readonly session: ConversationSession;
  /** The complete interlocutor a conversation starts with. */
  readonly interlocutor: Interlocutor;
  /** The channel of the notifications. */
  readonly channel: string;
  /** The bot's id in the notifications. */
  readonly botID: string;
  /**
   * The step with this id or, failing that, this name.
   *
   * @throws {TypeError} When there is none; the message lists the steps.
   */
  step(reference: string): BotStep;
  /** The step with this id or, failing that, this name; `undefined` when there is none. */
  find(reference: string): BotStep | undefined;
  /** The step with this id (what a button's or a jump's target names), if any. */
  byId(id: string): BotStep | undefined;
}

/** The interlocutor of a conversation when the bot file and the options give none. */
const DEFAULT_INTERLOCUTOR: Interlocutor = {
  id: "000000000000000000000001",
  userID: "test-user",
  externalID: null,
  location: null,
  email: null,
  firstName: null,
  lastName: null,
  phoneNumber: null,
  customAttributes: {},
  isLogged: false,
  usedToTest: true,
};

/** A fresh complete default interlocutor. */
export function defaultInterlocutor(): Interlocutor {
  return structuredClone(DEFAULT_INTERLOCUTOR);
}

const STEP_KEYS = ["id", "name", "userData", "actions", "webhook"] as const;
const BOT_KEYS = [
  "description",
  "steps",
  "start",
  "session",
  "interlocutor",
  "channel",
  "botID",
] as const;

/** A check that the object has no key but `keys`: a misspelt `webook` must not pass unseen. */
function onlyKeys<T extends Record<string, unknown>>(keys: readonly string[], what: string) {
  const known = new Set(keys);
  const list = keys.join(", ");
  return v.check<T, (issue: v.CheckIssue<T>) => string>(
    (input: T) => Object.keys(input).every((key) => known.has(key)),
    (issue) => {
      const extra = Object.keys(issue.input as Record<string, unknown>).filter((key) =>
        !known.has(key)
      );
      return `expected only the keys of ${what} (${list}); got ${
        extra.map((key) => JSON.stringify(key)).join(", ")
      }`;
    },
  );
}

const botStep = v.pipe(
  v.looseObject({
    id: text(1),
    name: text(1),
    userData: v.optional(v.string("expected a string")),
    actions: v.array(StepActionSchema, "expected a list"),
    webhook: v.optional(v.boolean("expected a boolean")),
  }, OBJECT_MESSAGE),
  onlyKeys(STEP_KEYS, "a step"),
);

const botFile = v.pipe(
  v.looseObject({
    description: v.optional(v.string("expected a string")),
    steps: v.array(botStep, "expected a list"),
    start: v.optional(text(1)),
    session: v.optional(ConversationSessionSchema),
    interlocutor: v.optional(v.partial(interlocutorSchema)),
    channel: v.optional(text(1)),
    botID: v.optional(text(1)),
  }, OBJECT_MESSAGE),
  onlyKeys(BOT_KEYS, "a bot file"),
);

/**
 * The valibot schema of a bot file: each step's actions are checked with the
 * model layer's schemas (an action whose `type` the module does not know is
 * kept as an opaque object, as in a notification), unknown keys are refused.
 * {@linkcode createBot} also checks that ids and names are unique and that
 * `start` names a step.
 *
 * @example Check a file
 * ```ts
 * import * as v from "valibot";
 * import { BotSchema } from "@clustaar/webhook/testing";
 *
 * const result = v.safeParse(BotSchema, { steps: [{ id: "a", name: "a", actions: [{}] }] });
 * console.assert(!result.success);
 * ```
 *
 * @category Testing
 */
export const BotSchema: v.GenericSchema<BotFile> = botFile as unknown as v.GenericSchema<BotFile>;

const bots = new WeakSet<Bot>();

/** Whether `value` is what {@linkcode createBot} returned. */
function isBot(value: unknown): value is Bot {
  return typeof value === "object" && value !== null && bots.has(value as Bot);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/** Quotes a step reference for messages, cut at 80 characters. */
function quote(text: string): string {
  return quoteText(text, 80);
}

/** A step of the file with its defaults filled in. */
function toBotStep(step: BotFileStep): BotStep {
  return {
    id: step.id,
    name: step.name,
    userData: step.userData ?? "",
    actions: step.actions,
    webhook: step.webhook ?? true,
  };
}

/** The steps, named for a message: `"welcome", "help"` (at most 20). */
export function listSteps(steps: readonly BotStep[]): string {
  const names = steps.slice(0, 20).map((step) => quote(step.name));
  return names.join(", ") + (steps.length > 20 ? `, and ${steps.length - 20} more` : "");
}

/**
 * Checks a step given outside the bot file (to `reach`, or as `to`) and
 * fills in its defaults.
 *
 * @throws {TypeError} For a bad step: the message names each problem by its path.
 */
export function checkStep(step: unknown, what: string): BotStep {
  const parsed = v.safeParse(botStep, step);
  if (!parsed.success) {
    throw new TypeError(`${what}: invalid step: ${formatIssues(parsed.issues).join("; ")}`);
  }
  return deepFreeze(toBotStep(structuredClone(parsed.output) as BotFileStep));
}

/**
 * Checks a bot file and prepares it for {@linkcode createConversation}: the
 * defaults filled in (`userData` `""`, `webhook` `true`, an empty session, a
 * complete test interlocutor under the file's fields, channel `"web"`), and
 * the whole frozen.
 *
 * @param file A {@linkcode BotFile}: an object, e.g. a parsed JSON file.
 * @returns The bot.
 * @throws {TypeError} For a bad file: the message names each problem by its
 * path (`steps.1.actions.0.alternatives: expected 1 to 10 items`), a duplicate
 * step id or name, or a `start` that names no step.
 *
 * @example Load a bot file
 * ```ts
 * import { createBot } from "@clustaar/webhook/testing";
 *
 * const bot = createBot({
 *   start: "welcome",
 *   steps: [{ id: "a1a1a1a1a1a1a1a1a1a1a1a1", name: "welcome", actions: [] }],
 * });
 * console.assert(bot.step("welcome").webhook);
 *
 * try {
 *   createBot({ steps: [{ id: "a", name: "a", actions: [{ type: "send_text_action" }] }] });
 * } catch (error) {
 *   console.assert(String(error).includes("steps.0.actions.0.alternatives: required"));
 * }
 * ```
 *
 * @category Testing
 */
export function createBot(file: unknown): Bot {
  if (isBot(file)) return file;
  const parsed = v.safeParse(botFile, file);
  if (!parsed.success) {
    throw new TypeError(`Invalid bot file: ${formatIssues(parsed.issues).join("; ")}`);
  }
  const input = structuredClone(parsed.output) as BotFile;
  const problems: string[] = [];
  const byId = new Map<string, number>();
  const byName = new Map<string, number>();
  input.steps.forEach((step, i) => {
    const id = byId.get(step.id);
    if (id !== undefined) {
      problems.push(
        `steps.${i}.id: expected a unique id (${quote(step.id)} is the id of steps.${id})`,
      );
    } else byId.set(step.id, i);
    const name = byName.get(step.name);
    if (name !== undefined) {
      problems.push(
        `steps.${i}.name: expected a unique name (${
          quote(step.name)
        } is the name of steps.${name})`,
      );
    } else byName.set(step.name, i);
  });
  // A step is referred to by id or name: a name that is another step's id would be ambiguous.
  input.steps.forEach((step, i) => {
    const other = byId.get(step.name);
    if (other !== undefined && other !== i) {
      problems.push(
        `steps.${i}.name: expected a name that is no other step's id (${
          quote(step.name)
        } is the id of steps.${other})`,
      );
    }
  });
  const steps: BotStep[] = input.steps.map(toBotStep);
  const find = (reference: string): BotStep | undefined => {
    const index = byId.get(reference) ?? byName.get(reference);
    return index === undefined ? undefined : steps[index];
  };
  if (input.start !== undefined && find(input.start) === undefined) {
    problems.push(`start: expected the id or name of a step (got ${quote(input.start)})`);
  }
  const interlocutor = { ...defaultInterlocutor(), ...input.interlocutor };
  const checked = v.safeParse(InterlocutorSchema, interlocutor);
  if (!checked.success) {
    problems.push(...formatIssues(checked.issues).map((line) => `interlocutor.${line}`));
  }
  if (problems.length > 0) throw new TypeError(`Invalid bot file: ${problems.join("; ")}`);

  const bot: Bot = {
    steps,
    start: input.start === undefined ? undefined : find(input.start),
    session: input.session ?? { values: {} },
    interlocutor,
    channel: input.channel ?? "web",
    botID: input.botID ?? "000000000000000000000000",
    step(reference: string): BotStep {
      if (typeof reference !== "string") {
        throw new TypeError(
          `Unknown step: a step is named by its id or name, a string (got ${typeof reference})`,
        );
      }
      const step = find(reference);
      if (step === undefined) {
        throw new TypeError(
          `Unknown step ${quote(reference)}: the bot file has ${listSteps(steps)}`,
        );
      }
      return step;
    },
    find,
    byId(id: string): BotStep | undefined {
      const index = byId.get(id);
      return index === undefined ? undefined : steps[index];
    },
  };
  deepFreeze(bot);
  bots.add(bot);
  return bot;
}
