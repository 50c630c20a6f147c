/**
 * Dotted-path lookup in parsed JSON that tells an absent key from `null`.
 *
 * Private to the filters: paths are split once, when a filter is made, and
 * looked up with {@linkcode getPath} on every request without allocating.
 *
 * @module
 */
import { typeName } from "./_json_value.ts";

/** What {@linkcode getPath} returns when the path does not resolve to a present key. */
export const ABSENT: unique symbol = Symbol("absent");

/**
 * Splits a dotted path (`"data.step.id"`) into its keys, once.
 *
 * @param path The dotted path.
 * @param context The start of the error message, e.g. `Cannot create JSONKeyEquals filter`.
 * @returns The keys, frozen.
 * @throws {TypeError} When the path is not a string, is empty or has an empty segment.
 */
export function splitPath(path: unknown, context: string): readonly string[] {
  if (typeof path !== "string") {
    throw new TypeError(`${context}: path must be a string, got ${typeName(path)}`);
  }
  if (path === "") throw new TypeError(`${context}: path must not be empty`);
  const keys = path.split(".");
  if (keys.includes("")) {
    throw new TypeError(`${context}: path has an empty segment: ${JSON.stringify(path)}`);
  }
  return Object.freeze(keys);
}

/**
 * Whether a value is a JSON object (not `null`, not an array).
 *
 * @param value Any value.
 * @returns `true` for a non-null, non-array object.
 */
export function isJSONObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The value of an own key of a JSON object.
 *
 * @param node Any value.
 * @param key The key.
 * @returns The value, or {@linkcode ABSENT} when `node` is not an object or lacks the key.
 */
export function getOwn(node: unknown, key: string): unknown {
  if (!isJSONObject(node) || !Object.hasOwn(node, key)) return ABSENT;
  return node[key];
}

/**
 * The value at a path of keys; only own keys of objects are followed.
 *
 * A path through a missing key, a non-object or an array resolves to
 * {@linkcode ABSENT}; a present key whose value is `null` resolves to `null`.
 *
 * @param data Any value, usually parsed JSON.
 * @param keys The keys from {@linkcode splitPath}.
 * @returns The value, or {@linkcode ABSENT}.
 */
export function getPath(data: unknown, keys: readonly string[]): unknown {
  let node = data;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (!isJSONObject(node) || !Object.hasOwn(node, key)) return ABSENT;
    node = node[key];
  }
  return node;
}
