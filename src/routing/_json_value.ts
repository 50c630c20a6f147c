/**
 * JSON values: validation, deep equality, membership and display.
 *
 * @module
 */

/**
 * A short, readable name for the type of a value, for error messages.
 *
 * @param value Any value.
 * @returns E.g. `number 42`, `null`, `an array`, `undefined`.
 */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string":
      return `string ${JSON.stringify(value)}`;
    case "number":
    case "boolean":
    case "bigint":
      return `${typeof value} ${String(value)}`;
    case "undefined":
      return "undefined";
    case "function":
      return "a function";
    case "symbol":
      return "a symbol";
    default:
      return value instanceof RegExp ? "a RegExp" : "an object";
  }
}

/**
 * Checks that a value is a JSON value: `null`, a boolean, a finite number, a
 * string, or an array or plain object of JSON values (no cycles).
 *
 * @param value The value to check.
 * @param context The start of the error message.
 * @param what What the value is, e.g. `value`.
 * @throws {TypeError} When it is not.
 */
export function assertJSONValue(value: unknown, context: string, what: string): void {
  const problem = findNonJSON(value, new Set());
  if (problem !== undefined) {
    throw new TypeError(`${context}: ${what} must be a JSON value, got ${problem}`);
  }
}

function findNonJSON(value: unknown, ancestors: Set<object>): string | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : String(value);
  if (typeof value !== "object") return typeName(value);
  if (ancestors.has(value)) return "a cyclic structure";
  let values: unknown[];
  if (Array.isArray(value)) {
    values = value;
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      return value instanceof RegExp ? "a RegExp" : `an instance of ${proto?.constructor?.name}`;
    }
    values = Object.values(value);
  }
  ancestors.add(value);
  for (const item of values) {
    const problem = findNonJSON(item, ancestors);
    if (problem !== undefined) return problem;
  }
  ancestors.delete(value);
  return undefined;
}

/**
 * Deep equality for JSON values: primitives by `===`, arrays item by item,
 * objects by their own keys in any order.
 *
 * @param a A value.
 * @param b Another value.
 * @returns Whether they are equal as JSON.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const aIsArray = Array.isArray(a);
  if (aIsArray !== Array.isArray(b)) return false;
  if (aIsArray) {
    const bItems = b as unknown[];
    if (a.length !== bItems.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (!jsonEqual(a[i], bItems[i])) return false;
    }
    return true;
  }
  const aObject = a as Record<string, unknown>;
  const bObject = b as Record<string, unknown>;
  let keys = 0;
  for (const key in aObject) {
    if (!Object.hasOwn(aObject, key)) continue;
    if (!Object.hasOwn(bObject, key) || !jsonEqual(aObject[key], bObject[key])) return false;
    keys++;
  }
  for (const key in bObject) {
    if (Object.hasOwn(bObject, key)) keys--;
  }
  return keys === 0;
}

/**
 * A set of JSON values with deep-equality membership: primitives go in a
 * `Set`, arrays and objects are compared one by one.
 */
export class JSONValueSet {
  readonly #primitives: Set<unknown>;
  readonly #composites: readonly unknown[];

  /**
   * @param values The members, already checked to be JSON values.
   */
  constructor(values: readonly unknown[]) {
    this.#primitives = new Set(values.filter((value) => !isComposite(value)));
    this.#composites = Object.freeze(values.filter(isComposite));
  }

  /**
   * Whether a value deep-equals a member.
   *
   * @param value Any value.
   * @returns `true` when it is a member.
   */
  has(value: unknown): boolean {
    if (!isComposite(value)) return this.#primitives.has(value);
    const composites = this.#composites;
    for (let i = 0; i < composites.length; i++) {
      if (jsonEqual(value, composites[i])) return true;
    }
    return false;
  }
}

function isComposite(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

/**
 * Renders a filter argument as code: JSON for JSON values, with a space after
 * commas and colons; a RegExp as its literal.
 *
 * @param value A JSON value or a RegExp.
 * @returns The text.
 */
export function formatValue(value: unknown): string {
  if (value instanceof RegExp) return String(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  if (isComposite(value)) {
    const entries = Object.entries(value).map(([key, item]) =>
      `${JSON.stringify(key)}: ${formatValue(item)}`
    );
    return `{${entries.join(", ")}}`;
  }
  return JSON.stringify(value) ?? String(value);
}

/** The accepted values of a filter, checked to be JSON values. */
export function valueSet(values: unknown, context: string): JSONValueSet {
  if (!Array.isArray(values)) {
    throw new TypeError(`${context}: values must be an array, got ${typeName(values)}`);
  }
  for (const value of values) assertJSONValue(value, context, "each of values");
  return new JSONValueSet(values);
}
