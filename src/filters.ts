/**
 * Route filters: predicates over a notification's JSON body (and the HTTP
 * request) that decide whether a route handles it.
 *
 * Built-in filters are synchronous, never throw on any JSON input (a missing
 * key, a wrong type, an array, `null` all make them return `false`) and do
 * their preparation once, when they are made: paths are split, patterns
 * copied, value sets built.
 *
 * @module
 */
import { ABSENT, getOwn, getPath, splitPath } from "./_json_path.ts";
import { assertJSONValue, formatValue, jsonEqual, JSONValueSet, typeName } from "./_json_value.ts";
import { stepUserData, stepUserDataText } from "./_user_data.ts";

/**
 * A route filter: gets the parsed JSON body of the request (the notification
 * as it arrived) and the HTTP request, and tells whether the route applies.
 *
 * @example A custom filter on a request header
 * ```ts
 * import type { Filter } from "@clustaar/webhook";
 *
 * const hasToken: Filter = (_data, request) => request?.headers.has("X-Token") ?? false;
 * ```
 */
// deno-lint-ignore no-explicit-any
export type Filter<T = any> = (data: T, request?: Request) => boolean | Promise<boolean>;

/**
 * A filter that always answers synchronously and accepts any JSON input:
 * what every built-in filter is.
 *
 * @example
 * ```ts
 * import { StepID, type SyncFilter } from "@clustaar/webhook";
 *
 * const filter: SyncFilter = StepID("507f191e810c19729de860ea");
 * const accepted: boolean = filter({ data: { step: { id: "507f191e810c19729de860ea" } } });
 * ```
 */
export type SyncFilter = (data: unknown, request?: Request) => boolean;

/**
 * The input types the platform sends in `data.input.type`; any other string
 * is accepted too, for types added later.
 */
export type InputTypeName =
  | "message"
  | "go_to_action"
  | "url_loaded_event"
  | "custom_event"
  | "legacy_reply_to_message_action"
  // deno-lint-ignore ban-types
  | (string & {});

const descriptions = new WeakMap<Filter, string>();

/** Registers a built-in filter's description and gives the function a useful name. */
function register<F extends Filter>(filter: F, name: string, description: string): F {
  Object.defineProperty(filter, "name", { value: name });
  descriptions.set(filter, description);
  return filter;
}

function call(name: string, args: readonly unknown[]): string {
  return `${name}(${args.map(formatValue).join(", ")})`;
}

/**
 * A readable description of a filter, as shown in the list of routes.
 *
 * @param filter A built-in filter, a combination, or a custom function.
 * @returns For a built-in filter, the call that made it, e.g.
 * `JSONKeyEquals("data.step.id", "507f191e810c19729de860ea")`; for a custom
 * function, its name, or `"custom filter"` when it has none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { and, describeFilter, not, SessionValueExists, StepName } from "@clustaar/webhook";
 *
 * const filter = and(StepName("a"), not(SessionValueExists("lang")));
 * assert.equal(describeFilter(filter), 'and(StepName("a"), not(SessionValueExists("lang")))');
 * ```
 */
export function describeFilter(filter: Filter): string {
  const description = descriptions.get(filter);
  if (description !== undefined) return description;
  return typeof filter === "function" && filter.name !== "" ? filter.name : "custom filter";
}

// ---------------------------------------------------------------------------
// Generic JSON filters (the reference's)

/**
 * Accepts when the value at a dotted path equals `value` (deep equality for
 * JSON values: objects match whatever their key order).
 *
 * @param path A dotted key path, e.g. `"data.step.id"`.
 * @param value The expected JSON value.
 * @returns The filter.
 * @throws {TypeError} When `path` is not a non-empty string or `value` is not a JSON value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JSONKeyEquals } from "@clustaar/webhook";
 *
 * const data = { user: { id: 1 } };
 * const filter = JSONKeyEquals("user.id", 1);
 * assert.equal(filter(data), true);
 * data.user.id = 2;
 * assert.equal(filter(data), false);
 * ```
 */
export function JSONKeyEquals(path: string, value: unknown): SyncFilter {
  const context = "Cannot create JSONKeyEquals filter";
  const keys = splitPath(path, context);
  assertJSONValue(value, context, "value");
  return register(
    (data: unknown): boolean => jsonEqual(getPath(data, keys), value),
    "JSONKeyEquals",
    call("JSONKeyEquals", [path, value]),
  );
}

/**
 * Accepts when the value at a dotted path equals one of `values` (deep
 * equality for JSON values).
 *
 * @param path A dotted key path.
 * @param values The accepted JSON values.
 * @returns The filter.
 * @throws {TypeError} When `path` is not a non-empty string, `values` is not
 * an array or one of them is not a JSON value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JSONKeyIn } from "@clustaar/webhook";
 *
 * const data = { user: { id: 1 } };
 * const filter = JSONKeyIn("user.id", [1, 2]);
 * assert.equal(filter(data), true);
 * data.user.id = 2;
 * assert.equal(filter(data), true);
 * data.user.id = 3;
 * assert.equal(filter(data), false);
 * ```
 */
export function JSONKeyIn(path: string, values: readonly unknown[]): SyncFilter {
  const context = "Cannot create JSONKeyIn filter";
  const keys = splitPath(path, context);
  const set = valueSet(values, context);
  return register(
    (data: unknown): boolean => set.has(getPath(data, keys)),
    "JSONKeyIn",
    call("JSONKeyIn", [path, values]),
  );
}

/**
 * Accepts when a dotted path resolves to a present key, even when its value is
 * `null`. A path through a missing key, a non-object or an array is absent.
 *
 * @param path A dotted key path.
 * @returns The filter.
 * @throws {TypeError} When `path` is not a non-empty string.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JSONKeyExists } from "@clustaar/webhook";
 *
 * const data: { user: { id?: number | null } } = { user: { id: 1 } };
 * const filter = JSONKeyExists("user.id");
 * assert.equal(filter(data), true);
 * data.user.id = null;
 * assert.equal(filter(data), true);
 * delete data.user.id;
 * assert.equal(filter(data), false);
 * ```
 */
export function JSONKeyExists(path: string): SyncFilter {
  const keys = splitPath(path, "Cannot create JSONKeyExists filter");
  return register(
    (data: unknown): boolean => getPath(data, keys) !== ABSENT,
    "JSONKeyExists",
    call("JSONKeyExists", [path]),
  );
}

// ---------------------------------------------------------------------------
// Filters on named parts of a step_reached notification

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

function valueSet(values: unknown, context: string): JSONValueSet {
  if (!Array.isArray(values)) {
    throw new TypeError(`${context}: values must be an array, got ${typeName(values)}`);
  }
  for (const value of values) assertJSONValue(value, context, "each of values");
  return new JSONValueSet(values);
}

// ---------------------------------------------------------------------------
// Combinators

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null &&
    typeof (value as { then?: unknown }).then === "function";
}

function assertFilters(filters: readonly unknown[], name: string): readonly Filter[] {
  for (let i = 0; i < filters.length; i++) {
    if (typeof filters[i] !== "function") {
      throw new TypeError(
        `Cannot create ${name} filter: argument ${i + 1} must be a function, got ${
          typeName(filters[i])
        }`,
      );
    }
  }
  return Object.freeze([...filters]) as readonly Filter[];
}

// Like the router, the combinators count only `true` (or a Promise of `true`)
// as acceptance: any other result, even a truthy one, is a rejection.

/**
 * Runs `filters[start..]` in order until one rejects. Stays synchronous while
 * the filters answer synchronously; from the first Promise on, continues in
 * {@linkcode andAfter}.
 */
function andFrom(
  filters: readonly Filter[],
  start: number,
  data: unknown,
  request: Request | undefined,
): boolean | Promise<boolean> {
  for (let i = start; i < filters.length; i++) {
    const result: unknown = (filters[i] as Filter)(data, request);
    if (result === true) continue;
    if (isThenable(result)) return andAfter(filters, i + 1, result, data, request);
    return false;
  }
  return true;
}

async function andAfter(
  filters: readonly Filter[],
  next: number,
  pending: PromiseLike<unknown>,
  data: unknown,
  request: Request | undefined,
): Promise<boolean> {
  if ((await pending) !== true) return false;
  return await andFrom(filters, next, data, request);
}

function orFrom(
  filters: readonly Filter[],
  start: number,
  data: unknown,
  request: Request | undefined,
): boolean | Promise<boolean> {
  for (let i = start; i < filters.length; i++) {
    const result: unknown = (filters[i] as Filter)(data, request);
    if (result === true) return true;
    if (isThenable(result)) return orAfter(filters, i + 1, result, data, request);
  }
  return false;
}

async function orAfter(
  filters: readonly Filter[],
  next: number,
  pending: PromiseLike<unknown>,
  data: unknown,
  request: Request | undefined,
): Promise<boolean> {
  if ((await pending) === true) return true;
  return await orFrom(filters, next, data, request);
}

function negate(value: unknown): boolean {
  return value !== true;
}

/**
 * Accepts when every filter accepts, trying them in order and stopping at the
 * first that rejects. The result is synchronous as long as the filters tried
 * answered synchronously; it becomes a Promise only once one returns a
 * Promise. With no filters, accepts. As for the router, only `true` (or a
 * Promise of `true`) counts as acceptance.
 *
 * @param filters The filters, built-in or custom, sync or async.
 * @returns The combined filter; a {@linkcode SyncFilter} when all parts are.
 * @throws {TypeError} When an argument is not a function.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { and, Channel, StepName } from "@clustaar/webhook";
 *
 * const filter = and(StepName("A step"), Channel("facebook"));
 * assert.equal(filter({ data: { channel: "facebook", step: { name: "A step" } } }), true);
 * ```
 *
 * @example With an async custom filter
 * ```ts
 * import { and, type Filter, StepName } from "@clustaar/webhook";
 *
 * const knownUser: Filter = async (data) => (await Promise.resolve(data)) !== null;
 * const filter = and(StepName("A step"), knownUser);
 * ```
 */
export function and(...filters: SyncFilter[]): SyncFilter;
/**
 * Accepts when every filter accepts; the overload for async or typed custom
 * filters, whose result may be a Promise.
 *
 * @param filters The filters, built-in or custom, sync or async.
 * @returns The combined filter.
 *
 * @example
 * ```ts
 * import { and, StepName } from "@clustaar/webhook";
 *
 * const filter = and(StepName("A step"), async () => await Promise.resolve(true));
 * ```
 */
export function and<T>(...filters: Filter<T>[]): Filter<T>;
export function and(...filters: Filter[]): Filter {
  const parts = assertFilters(filters, "and");
  return register(
    (data: unknown, request?: Request) => andFrom(parts, 0, data, request),
    "and",
    `and(${parts.map(describeFilter).join(", ")})`,
  );
}

/**
 * Accepts when one of the filters accepts, trying them in order and stopping
 * at the first that accepts. The result is synchronous as long as the filters
 * tried answered synchronously; it becomes a Promise only once one returns a
 * Promise. With no filters, rejects. As for the router, only `true` (or a
 * Promise of `true`) counts as acceptance.
 *
 * @param filters The filters, built-in or custom, sync or async.
 * @returns The combined filter; a {@linkcode SyncFilter} when all parts are.
 * @throws {TypeError} When an argument is not a function.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InputType, or, StepID } from "@clustaar/webhook";
 *
 * const filter = or(StepID("507f191e810c19729de860ea"), InputType("custom_event"));
 * assert.equal(filter({ data: { input: { type: "custom_event", name: "e" } } }), true);
 * ```
 */
export function or(...filters: SyncFilter[]): SyncFilter;
/**
 * Accepts when one of the filters accepts; the overload for async or typed
 * custom filters, whose result may be a Promise.
 *
 * @param filters The filters, built-in or custom, sync or async.
 * @returns The combined filter.
 *
 * @example
 * ```ts
 * import { or, StepName } from "@clustaar/webhook";
 *
 * const filter = or(StepName("A step"), async () => await Promise.resolve(false));
 * ```
 */
export function or<T>(...filters: Filter<T>[]): Filter<T>;
export function or(...filters: Filter[]): Filter {
  const parts = assertFilters(filters, "or");
  return register(
    (data: unknown, request?: Request) => orFrom(parts, 0, data, request),
    "or",
    `or(${parts.map(describeFilter).join(", ")})`,
  );
}

/**
 * Accepts when `filter` rejects, and the reverse; synchronous when `filter` is.
 * Any result other than `true` (or a Promise of `true`) counts as a rejection.
 *
 * @param filter A filter, built-in or custom, sync or async.
 * @returns The negated filter; a {@linkcode SyncFilter} when `filter` is one.
 * @throws {TypeError} When `filter` is not a function.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { not, SessionValueExists } from "@clustaar/webhook";
 *
 * const filter = not(SessionValueExists("lang"));
 * assert.equal(filter({ data: { session: { values: {} } } }), true);
 * ```
 */
export function not(filter: SyncFilter): SyncFilter;
/**
 * Accepts when `filter` rejects; the overload for an async or typed custom
 * filter, whose result may be a Promise.
 *
 * @param filter A filter, sync or async.
 * @returns The negated filter.
 *
 * @example
 * ```ts
 * import { not } from "@clustaar/webhook";
 *
 * const filter = not(async () => await Promise.resolve(false));
 * ```
 */
export function not<T>(filter: Filter<T>): Filter<T>;
export function not(filter: Filter): Filter {
  const [part] = assertFilters([filter], "not") as [Filter];
  return register(
    (data: unknown, request?: Request): boolean | Promise<boolean> => {
      const result: unknown = part(data, request);
      if (result === true) return false;
      if (isThenable(result)) return Promise.resolve(result).then(negate);
      return true;
    },
    "not",
    `not(${describeFilter(part)})`,
  );
}
