/**
 * Notifications built in code, complete and valid, with deep overrides.
 *
 * @module
 */
import type { StepReachedNotification } from "../models/mod.ts";

/**
 * Deep overrides of a value: objects are merged key by key (unless their
 * `type` differs: then the override replaces the default), anything else
 * (arrays included) replaces the default, and `undefined` removes the key.
 *
 * @example Override one session value, keep the rest of the sample
 * ```ts
 * import type { StepReachedNotification } from "@clustaar/webhook";
 * import type { DeepPartial } from "@clustaar/webhook/testing";
 *
 * const overrides: DeepPartial<StepReachedNotification> = {
 *   data: { session: { values: { plan: "pro" } } },
 * };
 * ```
 *
 * @category Testing
 */
export type DeepPartial<T> = T extends readonly unknown[] ? T
  : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> | undefined }
  : T;

/**
 * What {@linkcode createNotification} accepts: deep overrides of a step-reached notification.
 *
 * @example A notification of a given step, without its input
 * ```ts
 * import { createNotification, type NotificationOverrides } from "@clustaar/webhook/testing";
 *
 * const overrides: NotificationOverrides = { data: { step: { name: "Welcome" }, input: undefined } };
 * const notification = createNotification(overrides);
 * console.assert(notification.data.step.name === "Welcome" && !("input" in notification.data));
 * ```
 *
 * @category Testing
 */
export type NotificationOverrides = DeepPartial<StepReachedNotification>;

/** The instant of the sample notification (`timestamp`), in milliseconds: 2018-01-03T16:58:29Z. */
export const SAMPLE_TIME_MS: number = 1514998709_000;

function sample(): StepReachedNotification {
  return {
    botID: "4321",
    data: {
      channel: "facebook",
      input: { name: "event1", type: "custom_event" },
      interlocutor: {
        customAttributes: { age: "21" },
        email: "tintin@moulinsart.fr",
        externalID: null,
        firstName: "tintin",
        id: "123",
        isLogged: true,
        lastName: null,
        location: { lat: 1.0, long: 2.4 },
        phoneNumber: "271177",
        usedToTest: false,
        userID: "test-tintin",
      },
      session: { values: { name: "tintin" } },
      step: {
        actions: [{ type: "pause_bot_action" }],
        id: "1234",
        name: "A step",
        userData: "{}",
      },
      type: "step_reached_event",
    },
    timestamp: SAMPLE_TIME_MS / 1000,
    topic: "conversation.step_reached",
    type: "notification_event",
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Whether an override may be merged into an object: not when it changes the object's `type`. */
function sameKind(current: Record<string, unknown>, value: Record<string, unknown>): boolean {
  return !("type" in value) || value.type === current.type;
}

/** Merges `overrides` into `target` in place (see {@linkcode DeepPartial}). */
export function mergeDeep(
  target: Record<string, unknown>,
  overrides: Record<string, unknown>,
): void {
  for (const key of Object.keys(overrides)) {
    if (key === "__proto__" || key === "constructor" || key === "prototype") continue;
    const value = overrides[key];
    const current = target[key];
    if (value === undefined) delete target[key];
    else if (isPlainObject(value) && isPlainObject(current) && sameKind(current, value)) {
      mergeDeep(current, value);
    } else target[key] = value;
  }
}

/**
 * Builds a complete, valid `conversation.step_reached` notification: the
 * platform's full example (every interlocutor field, a custom-event input, a
 * step with one `pause_bot_action`, session `{ name: "tintin" }`), with deep
 * overrides. Each call returns new objects.
 *
 * Overrides are merged key by key into objects, except an object whose
 * `type` differs from the default's, which replaces it (`input: { type:
 * "message", ... }` replaces the sample's custom-event input); arrays and
 * other values replace the default; `undefined` removes a key (e.g. `input:
 * undefined` for a notification without input).
 *
 * @param overrides Deep overrides of the sample.
 * @returns A new notification.
 * @throws {TypeError} When `overrides` is not an object.
 *
 * @example A notification for one step, with session values
 * ```ts
 * import { createNotification } from "@clustaar/webhook/testing";
 *
 * const notification = createNotification({
 *   data: {
 *     step: { id: "507f191e810c19729de860ea" },
 *     session: { values: { plan: "pro" } },
 *     input: { type: "message", text: "hello", attachments: [] },
 *   },
 * });
 * console.assert(notification.data.step.name === "A step");
 * console.assert(notification.data.session.values.plan === "pro");
 * ```
 *
 * @category Testing
 */
export function createNotification(overrides: NotificationOverrides = {}): StepReachedNotification {
  if (overrides === null || typeof overrides !== "object" || Array.isArray(overrides)) {
    throw new TypeError("Cannot create the notification: overrides must be an object");
  }
  const notification = sample();
  mergeDeep(
    notification as unknown as Record<string, unknown>,
    overrides as Record<string, unknown>,
  );
  return notification;
}
