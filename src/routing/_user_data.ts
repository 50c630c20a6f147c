/**
 * The step's `userData` string, parsed as JSON once per request.
 *
 * The parsed value is cached per step object (in a `WeakMap`), so every
 * userData filter of the routes tried for one request shares one parse.
 *
 * @module
 */
import { getOwn, getPath, isJSONObject } from "./_json_path.ts";

interface Parsed {
  /** The string that was parsed, to notice a changed `userData`. */
  readonly raw: string;
  /** The JSON object, or `undefined` when `raw` is malformed or not an object. */
  readonly value: Record<string, unknown> | undefined;
}

const STEP_PATH: readonly string[] = Object.freeze(["data", "step"]);
const cache = new WeakMap<object, Parsed>();

/**
 * The raw `data.step.userData` string of a notification.
 *
 * @param data The parsed notification.
 * @returns The string, or `undefined` when it is absent or not a string.
 */
export function stepUserDataText(data: unknown): string | undefined {
  const raw = getOwn(getPath(data, STEP_PATH), "userData");
  return typeof raw === "string" ? raw : undefined;
}

/**
 * The `data.step.userData` string of a notification, parsed as a JSON object.
 *
 * @param data The parsed notification.
 * @returns The object, or `undefined` when `userData` is absent, not a
 * string, malformed JSON, or JSON that is not an object. Never throws.
 */
export function stepUserData(data: unknown): Record<string, unknown> | undefined {
  const step = getPath(data, STEP_PATH);
  if (!isJSONObject(step)) return undefined;
  const raw = getOwn(step, "userData");
  if (typeof raw !== "string") return undefined;
  const hit = cache.get(step);
  if (hit !== undefined && hit.raw === raw) return hit.value;
  let value: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    value = isJSONObject(parsed) ? parsed : undefined;
  } catch {
    value = undefined;
  }
  cache.set(step, { raw, value });
  return value;
}
