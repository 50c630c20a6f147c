/**
 * The reference framework's filters: a dotted key path into the
 * notification's JSON body, and the value found there.
 *
 * @module
 */
import { ABSENT, getPath, splitPath } from "./_json_path.ts";
import { assertJSONValue, jsonEqual, valueSet } from "./_json_value.ts";
import { call, register } from "./_describe.ts";
import type { SyncFilter } from "./filter.ts";

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
 *
 * @category Routing
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
 *
 * @category Routing
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
 *
 * @category Routing
 */
export function JSONKeyExists(path: string): SyncFilter {
  const keys = splitPath(path, "Cannot create JSONKeyExists filter");
  return register(
    (data: unknown): boolean => getPath(data, keys) !== ABSENT,
    "JSONKeyExists",
    call("JSONKeyExists", [path]),
  );
}
