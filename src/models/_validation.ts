/**
 * The webhook's two checks: the lenient inbound check of a notification,
 * which also fills the documented defaults of its step's actions in place
 * (see _defaults.ts), and the strict outbound check of a response, which
 * lets through the unknown actions of the notification it answers; plus the
 * rendering of issues.
 *
 * @module
 */
import * as v from "valibot";
import { codePointLength, isDict, object, OBJECT_MESSAGE } from "./_primitives.ts";
import { actionSchemaByType, actionVariant, isKnownActionType } from "./actions.ts";
import type { Notification } from "./envelopes.ts";
import { interlocutor, session } from "./conversation.ts";
import { type Filler, fillersByType } from "./_defaults.ts";

// Every known action type, with the filler of its defaults or `null` when it
// has none: one lookup per action tells known from unknown and what to fill.
const fillers = fillersByType(actionSchemaByType.values());
const KNOWN_ACTIONS: ReadonlyMap<string, Filler | null> = new Map(
  [...actionSchemaByType.keys()].map((type) => [type, fillers.get(type) ?? null]),
);

/**
 * One validation issue, as valibot reports it (`kind`, `path`, `message`, ...).
 *
 * @category Models
 */
export type ValidationIssue = v.BaseIssue<unknown>;

/**
 * A non-empty list of validation issues.
 *
 * @category Models
 */
export type ValidationIssues = [ValidationIssue, ...ValidationIssue[]];

/**
 * The result of {@link parseNotification}.
 *
 * @category Models
 */
export type ParseNotificationResult =
  | {
    /** The payload has what the webhook relies on. */
    success: true;
    /** The payload itself (same objects, not a copy), typed. */
    output: Notification;
    /** The actions of `data.step.actions` whose `type` the module does not know. */
    unknownActions: WeakSet<object>;
  }
  | {
    /** The payload lacks something the webhook relies on. */
    success: false;
    /** What is wrong, with paths. */
    issues: ValidationIssues;
  };

/**
 * The result of {@link validateResponse}.
 *
 * @category Models
 */
export type ValidateResponseResult =
  | {
    /** The response is valid. */
    success: true;
  }
  | {
    /** The response is invalid. */
    success: false;
    /** What is wrong, with paths. */
    issues: ValidationIssues;
  };

type PathItem = v.IssuePathItem;

function pathItem(input: unknown, key: string | number, value: unknown): PathItem {
  return Array.isArray(input)
    ? { type: "array", origin: "value", input, key: key as number, value }
    : {
      type: "object",
      origin: "value",
      input: input as Record<string, unknown>,
      key: key as string,
      value,
    };
}

/** Builds an issue at the path that `keys` walks from `root`. */
function issueAt(
  root: unknown,
  keys: readonly (string | number)[],
  expected: string,
): ValidationIssue {
  const path: PathItem[] = [];
  let current: unknown = root;
  for (const key of keys) {
    const value = (current as Record<string | number, unknown> | undefined)?.[key];
    path.push(pathItem(current, key, value));
    current = value;
  }
  return {
    kind: "schema",
    type: "notification",
    input: current,
    expected,
    received: current === undefined
      ? "undefined"
      : Array.isArray(current)
      ? "Array"
      : typeof current,
    message: current === undefined ? "required" : `expected ${expected}`,
    path: path.length > 0 ? path as [PathItem, ...PathItem[]] : undefined,
  };
}

/**
 * Checks a notification payload leniently, the way the webhook needs it.
 *
 * Only what the webhook relies on is required: `topic` (string), `data`
 * (object) with a string `type`; for `step_reached_event`, `data.step`
 * (object) with an `actions` list of objects each with a string `type`, and
 * `data.session` (object) with a `values` object. Everything else is left as
 * sent, but for the documented defaults, which are filled in place where the
 * key is absent, as the platform's reference fills them when it loads a
 * notification: a `wait_action`'s `duration` (2), a card's `buttons` (`[]`)
 * and a `send_ai_task_action`'s `userAttributes` (`false`), wherever their
 * object sits in `step.actions`. Nothing is copied: `output` is `json`
 * itself, so the handler can change `session.values` and return
 * `step.actions` as they came (an answer the platform accepts). The actions
 * whose `type` the module does not know are collected in `unknownActions`,
 * for {@link validateResponse} to let them through unchanged.
 *
 * @param json The parsed JSON body.
 * @returns The typed payload and its unknown actions, or the issues.
 *
 * @example Check a payload
 * ```ts
 * import { parseNotification } from "@clustaar/webhook";
 * const result = parseNotification({ topic: "conversation.step_reached", data: {} });
 * // result.success is false: data.type is required
 * ```
 *
 * @example Echo a step whose wait action came without its duration
 * ```ts
 * import { parseNotification, validateResponse } from "@clustaar/webhook";
 * const json = {
 *   topic: "conversation.step_reached",
 *   data: {
 *     type: "step_reached_event",
 *     step: { actions: [{ type: "wait_action" }] },
 *     session: { values: {} },
 *   },
 * };
 * const result = parseNotification(json);
 * if (result.success && result.output.data.type === "step_reached_event") {
 *   const actions = result.output.data.step.actions; // [{ type: "wait_action", duration: 2 }]
 *   validateResponse({ actions }, result.unknownActions).success; // true
 * }
 * ```
 *
 * @category Models
 */
export function parseNotification(json: unknown): ParseNotificationResult {
  const checked = checkNotification(json);
  return checked.success
    ? { success: true, output: checked.output, unknownActions: new WeakSet(checked.unknownActions) }
    : checked;
}

/**
 * {@link parseNotification} with the unknown actions as a list, `undefined`
 * when there are none (the common case: no set is built per request).
 *
 * @internal
 */
export function checkNotification(json: unknown):
  | { success: true; output: Notification; unknownActions: object[] | undefined }
  | { success: false; issues: ValidationIssues } {
  if (!isDict(json)) return { success: false, issues: [issueAt(json, [], "an object")] };
  const issues: ValidationIssue[] = [];
  if (typeof json.topic !== "string") issues.push(issueAt(json, ["topic"], "a string"));
  const data = json.data;
  let unknownActions: object[] | undefined;
  if (!isDict(data)) {
    issues.push(issueAt(json, ["data"], "an object"));
  } else if (typeof data.type !== "string") {
    issues.push(issueAt(json, ["data", "type"], "a string"));
  } else if (data.type === "step_reached_event") {
    const step = data.step;
    if (!isDict(step)) {
      issues.push(issueAt(json, ["data", "step"], "an object"));
    } else if (!Array.isArray(step.actions)) {
      issues.push(issueAt(json, ["data", "step", "actions"], "a list"));
    } else {
      const actions: unknown[] = step.actions;
      for (let i = 0; i < actions.length; i++) {
        const action = actions[i];
        if (!isDict(action) || typeof action.type !== "string") {
          issues.push(
            issueAt(json, ["data", "step", "actions", i], "an object with a string type"),
          );
        } else {
          const fill = KNOWN_ACTIONS.get(action.type);
          if (fill === undefined) (unknownActions ??= []).push(action);
          else if (fill !== null) fill(action);
        }
      }
    }
    const session = data.session;
    if (!isDict(session)) {
      issues.push(issueAt(json, ["data", "session"], "an object"));
    } else if (!isDict(session.values)) {
      issues.push(issueAt(json, ["data", "session", "values"], "an object"));
    }
  }
  if (issues.length > 0) return { success: false, issues: issues as ValidationIssues };
  return { success: true, output: json as unknown as Notification, unknownActions };
}

/**
 * Adds to `into` the actions of `event.step.actions` whose `type` the module
 * does not know. {@link parseNotification} already does this for the payload
 * it checks; call this for a copy of an event (e.g. a `structuredClone`
 * snapshot) whose actions may be returned too, since the passthrough works by
 * identity.
 *
 * @param event A notification's `data`.
 * @param into The set to add to (a new one by default).
 * @returns `into`.
 *
 * @example Let a snapshot's unknown actions through as well
 * ```ts
 * import { collectUnknownActions, parseNotification } from "@clustaar/webhook";
 * const json = { topic: "t", data: { type: "step_reached_event", step: { actions: [] }, session: { values: {} } } };
 * const parsed = parseNotification(json);
 * if (parsed.success) collectUnknownActions(structuredClone(json.data), parsed.unknownActions);
 * ```
 *
 * @category Models
 */
export function collectUnknownActions(
  event: unknown,
  into: WeakSet<object> = new WeakSet(),
): WeakSet<object> {
  for (const action of unknownStepActions(event)) into.add(action);
  return into;
}

/**
 * The actions of `event.step.actions` (`event`: a notification's `data`)
 * that are objects with a string `type` the module does not know; none when
 * `event` has no such list.
 */
function unknownStepActions(event: unknown): Record<string, unknown>[] {
  const step = isDict(event) ? event.step : undefined;
  const actions: unknown[] = isDict(step) && Array.isArray(step.actions) ? step.actions : [];
  return actions.filter((action): action is Record<string, unknown> =>
    isDict(action) && typeof action.type === "string" && !isKnownActionType(action.type)
  );
}

/**
 * The answer's actions that repeat an action of the notification's step whose
 * type the module does not know (those {@link collectUnknownActions} collects),
 * matched by value: the webhook lets those through by identity, and tools that
 * see the answer only as JSON (the CLI, the conversation harness) let them
 * through this way.
 */
export function echoedUnknownActions(notification: unknown, answer: unknown): WeakSet<object> {
  const passthrough = new WeakSet<object>();
  const event = isDict(notification) ? notification.data : undefined;
  const unknown = new Set(unknownStepActions(event).map((action) => JSON.stringify(action)));
  const actions = isDict(answer) && Array.isArray(answer.actions) ? answer.actions : [];
  for (const action of actions) {
    if (isDict(action) && unknown.has(JSON.stringify(action))) passthrough.add(action);
  }
  return passthrough;
}

// The response without its actions, which are checked one by one below.
const responseShell = object({
  actions: v.array(v.unknown(), "expected a list"),
  session: v.nullish(session),
  interlocutor: v.nullish(interlocutor),
});

/**
 * Validates a step-reached response strictly, as the platform would, except
 * that the actions found in `passthrough` (by identity) are accepted as they
 * are: the webhook passes the unknown actions of the notification being
 * answered, so that echoing `step.actions` works while a misspelt `type` in a
 * hand-written action is caught.
 *
 * @param body The handler's return value.
 * @param passthrough Actions to accept unchecked (from {@link parseNotification}).
 * @returns Success, or the issues with their paths.
 *
 * @example Catch an empty text action
 * ```ts
 * import { formatIssues, validateResponse } from "@clustaar/webhook";
 * const result = validateResponse({ actions: [{ type: "send_text_action", alternatives: [] }] });
 * if (!result.success) console.log(formatIssues(result.issues));
 * // ["actions.0.alternatives: expected 1 to 10 items"]
 * ```
 *
 * @category Models
 */
export function validateResponse(
  body: unknown,
  passthrough?: WeakSet<object>,
): ValidateResponseResult {
  if (isCommonValidResponse(body, passthrough)) return { success: true };
  const shell = v.safeParse(responseShell, body);
  const issues: ValidationIssue[] = shell.success ? [] : [...shell.issues];
  const actions = isDict(body) ? body.actions : undefined;
  if (Array.isArray(actions)) {
    for (let i = 0; i < actions.length; i++) {
      const action: unknown = actions[i];
      if (passthrough !== undefined && isDict(action) && passthrough.has(action)) continue;
      // Same verdict as the variant, without its search through 25 options.
      const type = isDict(action) ? action.type : undefined;
      const schema = typeof type === "string" ? actionSchemaByType.get(type) : undefined;
      const result = v.safeParse(schema ?? actionVariant, action);
      if (result.success) continue;
      const prefix: PathItem[] = [pathItem(body, "actions", actions), pathItem(actions, i, action)];
      for (const issue of result.issues) {
        issues.push({
          ...issue,
          path: [...prefix, ...(issue.path ?? [])] as [PathItem, ...PathItem[]],
        });
      }
    }
  }
  return issues.length > 0
    ? { success: false, issues: issues as ValidationIssues }
    : { success: true };
}

/** A text of 1 to 1000 code points, as `text(1, 1000)` checks it. */
function isText1000(value: unknown): boolean {
  return typeof value === "string" && value.length !== 0 &&
    (value.length <= 1000 || codePointLength(value) <= 1000);
}

/**
 * The common small answer, checked without the schemas: an object whose
 * `actions` holds only passthrough actions, `send_text_action`, `wait_action`
 * and `pause_bot_action`, with a `session` that is absent, null or an object
 * with a `values` object, and no interlocutor. `true` only when the schemas
 * would accept it too (a subset of their rules, the same limits); `false`
 * means "not sure": the schemas then decide and give the issues.
 */
export function isCommonValidResponse(body: unknown, passthrough?: WeakSet<object>): boolean {
  if (!isDict(body)) return false;
  const actions = body.actions;
  if (!Array.isArray(actions)) return false;
  if (body.interlocutor !== undefined && body.interlocutor !== null) return false;
  const session = body.session;
  if (session !== undefined && session !== null && !(isDict(session) && isDict(session.values))) {
    return false;
  }
  for (let i = 0; i < actions.length; i++) {
    const action: unknown = actions[i];
    if (!isDict(action)) return false;
    if (passthrough !== undefined && passthrough.has(action)) continue;
    switch (action.type) {
      case "send_text_action": {
        const alternatives = action.alternatives;
        if (!Array.isArray(alternatives) || alternatives.length < 1 || alternatives.length > 10) {
          return false;
        }
        for (let j = 0; j < alternatives.length; j++) {
          if (!isText1000(alternatives[j])) return false;
        }
        if (action.text !== undefined && !isText1000(action.text)) return false;
        break;
      }
      case "wait_action": {
        const duration = action.duration;
        if (typeof duration !== "number" || !(duration >= 0.5 && duration <= 7)) return false;
        break;
      }
      case "pause_bot_action":
        break;
      default:
        return false;
    }
  }
  return true;
}

const OBJECT_TYPES: ReadonlySet<string> = new Set([
  "object",
  "loose_object",
  "strict_object",
  "object_with_rest",
]);

/** The message of one issue, without the checked value. */
function describe(issue: ValidationIssue): string {
  const last = issue.path?.[issue.path.length - 1];
  if (issue.kind === "schema" && last?.origin === "key" && OBJECT_TYPES.has(issue.type)) {
    return "required";
  }
  if (issue.type === "variant") {
    return issue.input === undefined ? "required" : "expected a known type";
  }
  if (issue.type === "notification") return issue.message;
  // Every schema and check of the model layer has its own "expected ..." message.
  if (issue.message.startsWith("expected ")) return issue.message;
  return issue.expected === null ? "invalid value" : `expected ${issue.expected}`;
}

/**
 * Renders issues as lines `path: message`, the path dotted (`actions.0.alternatives`)
 * and the message free of the checked value (`expected 1 to 10 items`).
 *
 * @param issues Issues from this module or from a valibot parse.
 * @returns One line per issue (an array where an object belongs is one line).
 *
 * @example Render the issues of a parse
 * ```ts
 * import * as v from "valibot";
 * import { formatIssues, SendTextActionSchema } from "@clustaar/webhook";
 * const result = v.safeParse(SendTextActionSchema, { type: "send_text_action" });
 * if (!result.success) console.log(formatIssues(result.issues)); // ["alternatives: required"]
 * ```
 *
 * @category Models
 */
export function formatIssues(issues: readonly ValidationIssue[]): string[] {
  const lines = new Set<string>();
  for (const issue of issues) {
    const { path, message } = issuePath(issue);
    lines.add(path.length > 0 ? `${path.join(".")}: ${message}` : message);
  }
  return [...lines];
}

/**
 * Where {@link formatIssues} reports an issue, and what it says there: the
 * path's keys, cut at an array where an object belongs (valibot reports the
 * keys it misses there, and the values it finds on Array.prototype: all of
 * them are said once, at the array, as `expected an object`), and the
 * message free of the checked value.
 *
 * @internal
 */
export function issuePath(issue: ValidationIssue): { path: string[]; message: string } {
  const items = issue.path ?? [];
  const array = items.findIndex((item) => item.type === "object" && Array.isArray(item.input));
  const path = (array === -1 ? items : items.slice(0, array)).map((item) => String(item.key));
  return { path, message: array === -1 ? describe(issue) : OBJECT_MESSAGE };
}

/**
 * Thrown (or passed to `onError`) when a handler's response is invalid; its
 * `issues` are valibot issues, its message lists paths and reasons only.
 *
 * @example Inspect the issues
 * ```ts
 * import { ResponseValidationError, validateResponse } from "@clustaar/webhook";
 * const result = validateResponse({ actions: [{ type: "wait_action", duration: 9 }] });
 * if (!result.success) {
 *   const error = new ResponseValidationError(result.issues);
 *   console.log(error.message); // Invalid response: actions.0.duration: expected a number from 0.5 to 7
 * }
 * ```
 *
 * @category Models
 */
export class ResponseValidationError extends Error {
  /** What is wrong, with paths (the raw valibot issues, values included). */
  readonly issues: ValidationIssues;

  /**
   * Makes the error.
   *
   * @param issues The issues of the failed validation.
   * @param options Standard error options, such as `cause`.
   */
  constructor(issues: ValidationIssues, options?: ErrorOptions) {
    super(`Invalid response: ${formatIssues(issues).join("; ")}`, options);
    this.name = "ResponseValidationError";
    this.issues = issues;
  }
}
