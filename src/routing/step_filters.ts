/**
 * Filters on the named parts of a step-reached notification: the step (its
 * id, name and `userData`), the channel, the session and the input.
 *
 * @module
 */
import { ABSENT, getOwn, getPath, splitPath } from "./_json_path.ts";
import { assertJSONValue, jsonEqual, typeName, valueSet } from "./_json_value.ts";
import { stepUserData, stepUserDataText } from "./_user_data.ts";
import { call, register } from "./_describe.ts";
import type { SyncFilter } from "./filter.ts";

/**
 * The input types the platform sends in `data.input.type`; any other string
 * is accepted too, for types added later.
 *
 * @example Route button presses and typed messages apart
 * ```ts
 * import { InputType, type InputTypeName } from "@clustaar/webhook";
 *
 * const typed: InputTypeName[] = ["message", "legacy_reply_to_message_action"];
 * const filter = InputType(typed);
 * console.assert(filter({ data: { input: { type: "message", text: "hi", attachments: [] } } }));
 * ```
 *
 * @category Routing
 */
export type InputTypeName =
  | "message"
  | "go_to_action"
  | "url_loaded_event"
  | "custom_event"
  | "legacy_reply_to_message_action"
  // deno-lint-ignore ban-types
  | (string & {});

/** A set of accepted strings, from one string or an array of strings. */
class StringChoice {
  readonly #single: string | undefined;
  readonly #set: Set<string> | undefined;

  constructor(arg: unknown, context: string, what: string) {
    if (typeof arg === "string") {
      this.#single = arg;
      return;
    }
    if (!Array.isArray(arg)) {
      throw new TypeError(
        `${context}: ${what} must be a string or an array of strings, got ${typeName(arg)}`,
      );
    }
    for (const item of arg) {
      if (typeof item !== "string") {
        throw new TypeError(`${context}: ${what} must contain only strings, got ${typeName(item)}`);
      }
    }
    this.#set = new Set(arg as string[]);
  }

  has(value: unknown): boolean {
    if (this.#set === undefined) return value === this.#single;
    return typeof value === "string" && this.#set.has(value);
  }
}

/** Builds a filter that tests the string at a fixed path against a choice. */
function stringFilter(
  name: string,
  what: string,
  keys: readonly string[],
  arg: unknown,
): SyncFilter {
  const choice = new StringChoice(arg, `Cannot create ${name} filter`, what);
  return register(
    (data: unknown): boolean => choice.has(getPath(data, keys)),
    name,
    call(name, [arg]),
  );
}

const STEP_ID: readonly string[] = Object.freeze(["data", "step", "id"]);
const STEP_NAME: readonly string[] = Object.freeze(["data", "step", "name"]);
const CHANNEL: readonly string[] = Object.freeze(["data", "channel"]);
const SESSION_VALUES: readonly string[] = Object.freeze(["data", "session", "values"]);
const INPUT: readonly string[] = Object.freeze(["data", "input"]);
const INPUT_TYPE: readonly string[] = Object.freeze(["data", "input", "type"]);

/**
 * Accepts when `data.step.id` equals `id`, or, given a list, is one of them.
 *
 * @param id A step id, or a list of step ids.
 * @returns The filter.
 * @throws {TypeError} When `id` is neither a string nor an array of strings.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { StepID } from "@clustaar/webhook";
 *
 * const data: { data: { step: { id?: string } } } = {
 *   data: { step: { id: "507f191e810c19729de860ea" } },
 * };
 * const filter = StepID("507f191e810c19729de860ea");
 * assert.equal(filter(data), true);
 * delete data.data.step.id;
 * assert.equal(filter(data), false);
 * ```
 *
 * @example A list of step ids
 * ```ts
 * import { StepID } from "@clustaar/webhook";
 *
 * const filter = StepID(["507f191e810c19729de860ea", "507f191e810c19729de860eb"]);
 * ```
 *
 * @category Routing
 */
export function StepID(id: string | readonly string[]): SyncFilter {
  return stringFilter("StepID", "id", STEP_ID, id);
}

/**
 * Accepts when `data.step.name` equals `name`, or, given a list, is one of them.
 *
 * @param name A step name, or a list of step names.
 * @returns The filter.
 * @throws {TypeError} When `name` is neither a string nor an array of strings.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { StepName } from "@clustaar/webhook";
 *
 * const filter = StepName(["Welcome", "A step"]);
 * assert.equal(filter({ data: { step: { name: "A step" } } }), true);
 * ```
 *
 * @category Routing
 */
export function StepName(name: string | readonly string[]): SyncFilter {
  return stringFilter("StepName", "name", STEP_NAME, name);
}

/**
 * Accepts when `data.channel` equals `name`, or, given a list, is one of them.
 *
 * @param name A channel, e.g. `"facebook"` or `"web"`, or a list of channels.
 * @returns The filter.
 * @throws {TypeError} When `name` is neither a string nor an array of strings.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Channel } from "@clustaar/webhook";
 *
 * assert.equal(Channel("web")({ data: { channel: "facebook" } }), false);
 * ```
 *
 * @category Routing
 */
export function Channel(name: string | readonly string[]): SyncFilter {
  return stringFilter("Channel", "name", CHANNEL, name);
}

/**
 * Accepts when `data.input.type` equals `type`, or, given a list, is one of
 * them. A notification without `input` is rejected.
 *
 * @param type An input type (`"message"`, `"go_to_action"`,
 * `"url_loaded_event"`, `"custom_event"`, `"legacy_reply_to_message_action"`),
 * or a list of them.
 * @returns The filter.
 * @throws {TypeError} When `type` is neither a string nor an array of strings.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InputType } from "@clustaar/webhook";
 *
 * const filter = InputType(["message", "legacy_reply_to_message_action"]);
 * assert.equal(filter({ data: { input: { type: "custom_event", name: "e" } } }), false);
 * ```
 *
 * @category Routing
 */
export function InputType(type: InputTypeName | readonly InputTypeName[]): SyncFilter {
  return stringFilter("InputType", "type", INPUT_TYPE, type);
}

/**
 * Accepts when the user's message text matches `pattern`. Only inputs of type
 * `message` and `legacy_reply_to_message_action` have a text (`data.input.text`);
 * any other input, or none, is rejected.
 *
 * A `RegExp` is copied when the filter is made and its `lastIndex` reset
 * before each test, so `g` and `y` flags keep no state between requests
 * (`y` anchors the match at the start of the text).
 *
 * @param pattern A `RegExp` to search for, or a string the text must equal exactly.
 * @returns The filter.
 * @throws {TypeError} When `pattern` is neither a string nor a `RegExp`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InputMatches } from "@clustaar/webhook";
 *
 * const filter = InputMatches(/\bhello\b/i);
 * assert.equal(filter({ data: { input: { type: "message", text: "Hello there" } } }), true);
 * assert.equal(InputMatches("yes")({ data: { input: { type: "message", text: "yes!" } } }), false);
 * ```
 *
 * @category Routing
 */
export function InputMatches(pattern: string | RegExp): SyncFilter {
  let regexp: RegExp | undefined;
  let text: string | undefined;
  if (pattern instanceof RegExp) {
    regexp = new RegExp(pattern.source, pattern.flags);
  } else if (typeof pattern === "string") {
    text = pattern;
  } else {
    throw new TypeError(
      `Cannot create InputMatches filter: pattern must be a string or a RegExp, got ${
        typeName(pattern)
      }`,
    );
  }
  return register(
    (data: unknown): boolean => {
      const input = getPath(data, INPUT);
      const type = getOwn(input, "type");
      if (type !== "message" && type !== "legacy_reply_to_message_action") return false;
      const message = getOwn(input, "text");
      if (typeof message !== "string") return false;
      if (regexp === undefined) return message === text;
      regexp.lastIndex = 0;
      return regexp.test(message);
    },
    "InputMatches",
    call("InputMatches", [pattern]),
  );
}

function sessionKey(key: unknown, context: string): string {
  if (typeof key !== "string") {
    throw new TypeError(`${context}: key must be a string, got ${typeName(key)}`);
  }
  if (key === "") throw new TypeError(`${context}: key must not be empty`);
  return key;
}

/**
 * Accepts when the session value `key` (in `data.session.values`) equals
 * `value` (deep equality for JSON values).
 *
 * @param key A session key (a single key, not a path).
 * @param value The expected JSON value.
 * @returns The filter.
 * @throws {TypeError} When `key` is not a non-empty string or `value` is not a JSON value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SessionValueEquals } from "@clustaar/webhook";
 *
 * const filter = SessionValueEquals("name", "tintin");
 * assert.equal(filter({ data: { session: { values: { name: "tintin" } } } }), true);
 * ```
 *
 * @category Routing
 */
export function SessionValueEquals(key: string, value: unknown): SyncFilter {
  const context = "Cannot create SessionValueEquals filter";
  sessionKey(key, context);
  assertJSONValue(value, context, "value");
  return register(
    (data: unknown): boolean => jsonEqual(getOwn(getPath(data, SESSION_VALUES), key), value),
    "SessionValueEquals",
    call("SessionValueEquals", [key, value]),
  );
}

/**
 * Accepts when the session (`data.session.values`) has the key `key`, even
 * when its value is `null`.
 *
 * @param key A session key (a single key, not a path).
 * @returns The filter.
 * @throws {TypeError} When `key` is not a non-empty string.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SessionValueExists } from "@clustaar/webhook";
 *
 * assert.equal(SessionValueExists("lang")({ data: { session: { values: {} } } }), false);
 * ```
 *
 * @category Routing
 */
export function SessionValueExists(key: string): SyncFilter {
  sessionKey(key, "Cannot create SessionValueExists filter");
  return register(
    (data: unknown): boolean => getOwn(getPath(data, SESSION_VALUES), key) !== ABSENT,
    "SessionValueExists",
    call("SessionValueExists", [key]),
  );
}

// ---------------------------------------------------------------------------
// Filters on the step's userData, parsed as JSON once per request

/**
 * Accepts when the step's `userData`, parsed as a JSON object, has `value` at
 * the dotted path `key` (deep equality). `userData` that is missing,
 * malformed, or JSON but not an object makes the filter reject.
 *
 * The parse is done once per request and shared by all userData filters.
 *
 * @param key A dotted key path inside the userData object.
 * @param value The expected JSON value.
 * @returns The filter.
 * @throws {TypeError} When `key` is not a non-empty string or `value` is not a JSON value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { StepUserDataKeyEquals } from "@clustaar/webhook";
 *
 * const filter = StepUserDataKeyEquals("lang", "fr");
 * assert.equal(filter({ data: { step: { userData: '{"lang": "fr"}' } } }), true);
 * assert.equal(filter({ data: { step: { userData: "not JSON" } } }), false);
 * ```
 *
 * @category Routing
 */
export function StepUserDataKeyEquals(key: string, value: unknown): SyncFilter {
  const context = "Cannot create StepUserDataKeyEquals filter";
  const keys = splitPath(key, context);
  assertJSONValue(value, context, "value");
  return register(
    (data: unknown): boolean => {
      const userData = stepUserData(data);
      return userData !== undefined && jsonEqual(getPath(userData, keys), value);
    },
    "StepUserDataKeyEquals",
    call("StepUserDataKeyEquals", [key, value]),
  );
}

/**
 * Accepts when the step's `userData`, parsed as a JSON object, has at the
 * dotted path `key` one of `values` (deep equality).
 *
 * @param key A dotted key path inside the userData object.
 * @param values The accepted JSON values.
 * @returns The filter.
 * @throws {TypeError} When `key` is not a non-empty string, `values` is not an
 * array or one of them is not a JSON value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { StepUserDataKeyIn } from "@clustaar/webhook";
 *
 * const filter = StepUserDataKeyIn("lang", ["fr", "en"]);
 * assert.equal(filter({ data: { step: { userData: '{"lang": "en"}' } } }), true);
 * ```
 *
 * @category Routing
 */
export function StepUserDataKeyIn(key: string, values: readonly unknown[]): SyncFilter {
  const context = "Cannot create StepUserDataKeyIn filter";
  const keys = splitPath(key, context);
  const set = valueSet(values, context);
  return register(
    (data: unknown): boolean => {
      const userData = stepUserData(data);
      return userData !== undefined && set.has(getPath(userData, keys));
    },
    "StepUserDataKeyIn",
    call("StepUserDataKeyIn", [key, values]),
  );
}

/**
 * Accepts when the step's `userData`, parsed as a JSON object, has the dotted
 * path `key`, even when its value is `null`.
 *
 * @param key A dotted key path inside the userData object.
 * @returns The filter.
 * @throws {TypeError} When `key` is not a non-empty string.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { StepUserDataKeyExists } from "@clustaar/webhook";
 *
 * const filter = StepUserDataKeyExists("form.email");
 * assert.equal(filter({ data: { step: { userData: '{"form": {"email": null}}' } } }), true);
 * ```
 *
 * @category Routing
 */
export function StepUserDataKeyExists(key: string): SyncFilter {
  const keys = splitPath(key, "Cannot create StepUserDataKeyExists filter");
  return register(
    (data: unknown): boolean => {
      const userData = stepUserData(data);
      return userData !== undefined && getPath(userData, keys) !== ABSENT;
    },
    "StepUserDataKeyExists",
    call("StepUserDataKeyExists", [key]),
  );
}

/**
 * Accepts when the step's raw `userData` string contains `text` (a plain,
 * case-sensitive substring search; the string need not be JSON).
 *
 * @param text The text to look for.
 * @returns The filter.
 * @throws {TypeError} When `text` is not a non-empty string.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { StepUserDataContains } from "@clustaar/webhook";
 *
 * const filter = StepUserDataContains("#faq");
 * assert.equal(filter({ data: { step: { userData: "tags: #faq #billing" } } }), true);
 * ```
 *
 * @category Routing
 */
export function StepUserDataContains(text: string): SyncFilter {
  const context = "Cannot create StepUserDataContains filter";
  if (typeof text !== "string") {
    throw new TypeError(`${context}: text must be a string, got ${typeName(text)}`);
  }
  if (text === "") throw new TypeError(`${context}: text must not be empty`);
  return register(
    (data: unknown): boolean => stepUserDataText(data)?.includes(text) ?? false,
    "StepUserDataContains",
    call("StepUserDataContains", [text]),
  );
}
