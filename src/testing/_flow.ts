// The platform's flow rules the conversation harness evaluates locally: the
// conditions of a jump_to_action's connections, the store and attribute
// actions (add, isInt), and the pick of a text alternative.
import { pythonRegExp } from "../models/_python_regexp.ts";
import { quote as quoteText } from "../_text.ts";
import type {
  Condition,
  ConversationSession,
  FlowConnection,
  Input,
  Interlocutor,
  JumpToAction,
  Predicate,
  Target,
  ValueGetter,
} from "../models/mod.ts";

/** What a predicate may look at. */
export interface FlowState {
  /** The session as it is now. */
  session: ConversationSession;
  /** The interlocutor as it is now. */
  interlocutor: Interlocutor;
  /** The turn's input. */
  input?: Input;
}

/** Decides a predicate the harness cannot evaluate: `undefined` leaves it undecided. */
export type Decide = (predicate: Predicate) => boolean | undefined;

/** A predicate's verdict: true, false, or why it cannot be told here. */
type Verdict = boolean | { undecided: string };

/** A value quoted for a message (a string as it is, any other value as JSON), cut at 60 characters. */
function quote(value: unknown): string {
  return quoteText(typeof value === "string" ? value : JSON.stringify(value) ?? String(value), 60);
}

/** The value a getter reads; `{ unknown }` when only the platform knows it. */
function read(getter: ValueGetter, state: FlowState): { value: unknown } | { unknown: string } {
  switch (getter.type) {
    case "message": {
      const input = state.input;
      const text = input?.type === "message" || input?.type === "legacy_reply_to_message_action"
        ? input.text
        : undefined;
      return { value: text };
    }
    case "session_value":
      return { value: state.session.values[getter.key] };
    case "user_attribute": {
      const attributes = state.interlocutor.customAttributes ?? {};
      if (Object.hasOwn(attributes, getter.key)) return { value: attributes[getter.key] };
      const field = (state.interlocutor as unknown as Record<string, unknown>)[getter.key];
      return { value: typeof field === "object" ? undefined : field };
    }
    case "attachment_value":
      return { unknown: `the attachment value ${quote(getter.key)}, which only the platform has` };
    default:
      return { unknown: `a value getter of type ${quote((getter as { type: string }).type)}` };
  }
}

function describeGetter(getter: ValueGetter): string {
  switch (getter.type) {
    case "message":
      return "the message";
    case "session_value":
      return `session value ${quote(getter.key)}`;
    case "user_attribute":
      return `user attribute ${quote(getter.key)}`;
    case "attachment_value":
      return `attachment value ${quote(getter.key)}`;
    default:
      return "a value";
  }
}

function describeCondition(condition: Condition): string {
  switch (condition.type) {
    case "is_set":
      return "is set";
    case "is_not_set":
      return "is not set";
    case "is_number":
      return "is a number";
    case "contains":
      return `contains ${condition.values.map(quote).join(" or ")}`;
    case "equals":
      return `equals ${quote(condition.expected)}`;
    case "match_regexp":
      return `matches ${quote(condition.pattern)}`;
    case "match_intent":
      return `matches the intent ${quote(condition.intent.name ?? condition.intent.id)}`;
    case "is_less_than":
      return `is less than ${condition.maximum}`;
    case "is_less_than_or_equal":
      return `is at most ${condition.maximum}`;
    case "is_greater_than":
      return `is greater than ${condition.minimum}`;
    case "is_greater_than_or_equal":
      return `is at least ${condition.minimum}`;
    case "is_online":
      return "the team is online";
    case "is_offline":
      return "the team is offline";
    case "is_logged":
      return "the user is logged in";
    case "is_not_logged":
      return "the user is not logged in";
    default:
      return `a condition of type ${quote((condition as { type: string }).type)}`;
  }
}

/** A predicate in words: `session value "lang" equals "fr"`. */
function describePredicate(predicate: Predicate): string {
  if (predicate.type === "connection_predicate") {
    return `${describeGetter(predicate.valueGetter)} ${describeCondition(predicate.condition)}`;
  }
  return describeCondition(predicate.condition);
}

/** A value as text, as a condition compares it; `undefined` when not set. */
function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

const NUMBER = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** A value as a number: a finite number, or a string that spells one. */
function asNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && NUMBER.test(value)) return Number(value);
  return undefined;
}

function testCondition(condition: Condition, value: unknown): Verdict {
  const text = asText(value);
  switch (condition.type) {
    case "is_set":
      return text !== undefined && text !== "";
    case "is_not_set":
      return text === undefined || text === "";
    case "is_number":
      return asNumber(value) !== undefined;
    case "contains":
      return text !== undefined && condition.values.some((part) => text.includes(part));
    case "equals":
      return text === condition.expected;
    case "match_regexp": {
      const regexp = pythonRegExp(condition.pattern);
      if (regexp === undefined) {
        return { undecided: `the pattern ${quote(condition.pattern)} does not compile here` };
      }
      return text !== undefined && regexp.test(text);
    }
    case "is_less_than":
    case "is_less_than_or_equal":
    case "is_greater_than":
    case "is_greater_than_or_equal": {
      const n = asNumber(value);
      if (n === undefined) return false;
      if (condition.type === "is_less_than") return n < condition.maximum;
      if (condition.type === "is_less_than_or_equal") return n <= condition.maximum;
      if (condition.type === "is_greater_than") return n > condition.minimum;
      return n >= condition.minimum;
    }
    case "match_intent":
      return { undecided: "intents are matched by the platform's language understanding" };
    default:
      return { undecided: `the harness does not know the condition ${quote(condition.type)}` };
  }
}

/** Evaluates one predicate of a connection. */
function evaluatePredicate(
  predicate: Predicate,
  state: FlowState,
  decide?: Decide,
): Verdict {
  let verdict: Verdict;
  if (predicate.type === "connection_predicate") {
    const value = read(predicate.valueGetter, state);
    verdict = "unknown" in value
      ? { undecided: `it reads ${value.unknown}` }
      : testCondition(predicate.condition, value.value);
  } else if (predicate.type === "connection_user_predicate") {
    const logged = state.interlocutor.isLogged === true;
    verdict = predicate.condition.type === "is_logged" ? logged : !logged;
  } else if (predicate.type === "connection_team_predicate") {
    verdict = { undecided: "the team's availability is known to the platform only" };
  } else {
    verdict = {
      undecided: `the harness does not know the predicate ${
        quote((predicate as { type: string }).type)
      }`,
    };
  }
  if (typeof verdict === "object" && decide !== undefined) {
    const decided = decide(predicate);
    if (typeof decided === "boolean") return decided;
  }
  return verdict;
}

/** Where a jump_to_action leads, and why. */
export interface JumpChoice {
  /** The target, or `null` when none applies. */
  target: Target | null;
  /** Why, in words. */
  reason: string;
}

/**
 * Chooses the target of a jump_to_action: the first connection whose
 * predicates all hold, else the default target. A connection that cannot be
 * decided here (an intent, the team's availability) stops the search: the
 * default target is taken, and the reason says why.
 */
export function chooseJump(action: JumpToAction, state: FlowState, decide?: Decide): JumpChoice {
  const connections: FlowConnection[] = action.connections;
  const fallback = action.defaultTarget;
  const otherwise = fallback === null ? "and there is no default target" : "the default target";
  for (let c = 0; c < connections.length; c++) {
    const connection = connections[c]!;
    let undecided: string | undefined;
    let holds = true;
    for (const predicate of connection.predicates) {
      const verdict = evaluatePredicate(predicate, state, decide);
      if (verdict === false) {
        holds = false;
        break;
      }
      if (verdict !== true && undecided === undefined) {
        undecided = `connection ${c + 1} tests whether ${
          describePredicate(predicate)
        }, which the harness cannot evaluate (${verdict.undecided})`;
      }
    }
    if (!holds) continue;
    if (undecided !== undefined) {
      return { target: fallback, reason: `${undecided}: ${otherwise}` };
    }
    return {
      target: connection.target,
      reason: `connection ${c + 1} holds: ${
        connection.predicates.map(describePredicate).join(", ")
      }`,
    };
  }
  return {
    target: fallback,
    reason: connections.length === 0
      ? `no connection: ${otherwise}`
      : `no connection holds: ${otherwise}`,
  };
}

const INTEGER = /^\s*[+-]?\d+\s*$/;

/**
 * The value a store_session_value_action or a set_user_attribute_action
 * leaves: `isInt` stores an integer, `add` adds to the current value (a sum
 * with `isInt`, the text appended without it).
 */
export function storedValue(
  current: unknown,
  action: { value: string; add?: boolean | null; isInt?: boolean | null },
): { value: unknown; note?: string } {
  if (action.isInt) {
    if (!INTEGER.test(action.value)) {
      return {
        value: action.value,
        note: `isInt is set but ${quote(action.value)} is not an integer: stored as text`,
      };
    }
    const n = Number.parseInt(action.value, 10);
    if (!action.add) return { value: n };
    const base = typeof current === "number"
      ? current
      : typeof current === "string" && INTEGER.test(current)
      ? Number.parseInt(current, 10)
      : undefined;
    if (base === undefined && current !== undefined && current !== null) {
      return { value: n, note: `the current value ${quote(current)} is not a number: replaced` };
    }
    return { value: (base ?? 0) + n };
  }
  if (!action.add) return { value: action.value };
  const before = asText(current) ?? "";
  return {
    value: before + action.value,
    note: "add without isInt: the harness appends the text to the current value",
  };
}

/** A seeded pseudo-random generator (mulberry32): numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
