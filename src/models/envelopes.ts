/**
 * Envelopes: the notification the platform sends, its step-reached event, and
 * the response it expects.
 *
 * @module
 */
import * as v from "valibot";
import { builder, type Fields, num, object, str, tag, variant } from "./_primitives.ts";
import { type Action, actionVariant, type StepAction } from "./actions.ts";
import {
  type ConversationSession,
  type Input,
  inputVariant,
  type Interlocutor,
  interlocutor,
  session,
  type Step,
  step,
} from "./conversation.ts";

// --------------------------------------------------------- step reached

const stepReachedEvent = object({
  type: tag("step_reached_event"),
  channel: str,
  interlocutor,
  session,
  step,
  input: v.optional(inputVariant),
});

/**
 * The `data` of a `conversation.step_reached` notification.
 *
 * The webhook only guarantees `type`, `step` (with its `actions` list) and
 * `session` (with its `values`); real payloads may omit `input` and most
 * interlocutor keys, hence the partial interlocutor.
 *
 * @category Models
 */
export interface StepReachedEvent {
  /** Discriminant. */
  type: "step_reached_event";
  /** The channel, e.g. `"facebook"` or `"web"`. */
  channel: string;
  /** The end user, often with only some of its keys. */
  interlocutor: Partial<Interlocutor>;
  /** The conversation's memory; the handler may change `values`. */
  session: ConversationSession;
  /** The step reached. */
  step: Step;
  /** What the user did to get here; may be absent. */
  input?: Input;
}
/**
 * Schema of a step-reached event, strict as in the spec (all interlocutor keys
 * required). Incoming payloads are checked leniently by {@link parseNotification}.
 *
 * @example Tell a complete event from one that lacks interlocutor keys
 * ```ts
 * import * as v from "valibot";
 * import { StepReachedEventSchema } from "@clustaar/webhook";
 * const event = {
 *   type: "step_reached_event",
 *   channel: "web",
 *   interlocutor: { id: "123" },
 *   session: { values: {} },
 *   step: { id: "1234", name: "Welcome", userData: "{}", actions: [] },
 * };
 * v.is(StepReachedEventSchema, event); // false: userID, location, email... are missing
 * const interlocutor = {
 *   id: "123",
 *   userID: "u-1",
 *   location: null,
 *   email: null,
 *   firstName: "Tintin",
 *   lastName: null,
 *   phoneNumber: null,
 *   customAttributes: {},
 * };
 * const complete = v.parse(StepReachedEventSchema, { ...event, interlocutor });
 * ```
 *
 * @category Models
 */
export const StepReachedEventSchema: v.GenericSchema<StepReachedEvent> = stepReachedEvent;
/**
 * Builds a step-reached event (e.g. for tests).
 *
 * @example Build a step-reached event
 * ```ts
 * import { StepReachedEvent } from "@clustaar/webhook";
 * const stepReachedEvent = StepReachedEvent({
 *   channel: "web",
 *   interlocutor: { id: "123" },
 *   session: { values: {} },
 *   step: { id: "1234", name: "Welcome", userData: "{}", actions: [] },
 * });
 * ```
 *
 * @category Models
 */
export const StepReachedEvent: (fields: Fields<StepReachedEvent>) => StepReachedEvent = builder<
  StepReachedEvent
>("step_reached_event");

/**
 * The `type` of an event the module does not know. At run time it is the
 * platform's plain string; the type is opaque (a pattern no real type has) so
 * that narrowing on `data.type === "step_reached_event"` leaves only the
 * step-reached event.
 *
 * @category Models
 */
export type UnknownEventType = `${string} (unknown event type)`;

/**
 * An event whose `data.type` the module does not know, kept as is.
 *
 * @category Models
 */
export interface UnknownEvent {
  /** The platform's event type. */
  readonly type: UnknownEventType;
  /** The event's other keys. */
  readonly [key: string]: unknown;
}

/**
 * Any notification event.
 *
 * @category Models
 */
export type NotificationEvent = StepReachedEvent | UnknownEvent;

// --------------------------------------------------------- notification

const notification = object({
  topic: str,
  botID: str,
  timestamp: v.pipe(num, v.check((n: number) => Number.isInteger(n), "expected an integer")),
  type: v.optional(tag("notification_event")),
  data: variant([stepReachedEvent]),
});

/**
 * What the platform POSTs to the webhook.
 *
 * @category Models
 */
export interface Notification<TEvent extends NotificationEvent = NotificationEvent> {
  /** The event name, e.g. `"conversation.step_reached"`. */
  topic: string;
  /** Id of the bot. */
  botID: string;
  /** Unix seconds when the platform emitted it. */
  timestamp: number;
  /** Envelope tag, often absent. */
  type?: "notification_event";
  /** The event. */
  data: TEvent;
}
/**
 * A `conversation.step_reached` notification.
 *
 * @category Models
 */
export type StepReachedNotification = Notification<StepReachedEvent>;

/**
 * Schema of a notification, strict as in the spec. Real payloads omit keys
 * (see `parseNotification`, which the webhook uses); this one is for tools
 * and tests that want the full documented shape.
 *
 * @example Check a complete notification
 * ```ts
 * import * as v from "valibot";
 * import { NotificationSchema } from "@clustaar/webhook";
 * const ok = v.is(NotificationSchema, JSON.parse("{}")); // false
 * ```
 *
 * @category Models
 */
export const NotificationSchema: v.GenericSchema<Notification> = notification;
/**
 * Builds a notification (e.g. for tests).
 *
 * @example Build a notification
 * ```ts
 * import { Notification } from "@clustaar/webhook";
 * const notification = Notification({
 *   topic: "conversation.step_reached",
 *   botID: "4321",
 *   timestamp: 1514998709,
 *   data: {
 *     type: "step_reached_event",
 *     channel: "web",
 *     interlocutor: { id: "123" },
 *     session: { values: {} },
 *     step: { id: "1234", name: "Welcome", userData: "{}", actions: [] },
 *   },
 * });
 * ```
 *
 * @category Models
 */
export function Notification<TEvent extends NotificationEvent>(
  fields: Notification<TEvent>,
): Notification<TEvent> {
  return { ...fields };
}

// ------------------------------------------------------------- response

/** @internal */
export const stepReachedResponse = object({
  actions: v.array(actionVariant, "expected a list"),
  session: v.nullish(session),
  interlocutor: v.nullish(interlocutor),
});

/**
 * What a webhook answers to a `conversation.step_reached` notification.
 *
 * @category Models
 */
export interface StepReachedResponse {
  /** The actions to run now, in order; unknown ones only as received. */
  actions: StepAction[];
  /** Replaces the conversation session when given. */
  session?: ConversationSession | null;
  /** Updated interlocutor. */
  interlocutor?: Interlocutor | null;
}
/**
 * Schema of a step-reached response, strict as the platform: an action whose
 * `type` the module does not know is rejected.
 *
 * @example Validate a response
 * ```ts
 * import * as v from "valibot";
 * import { StepReachedResponseSchema } from "@clustaar/webhook";
 * const result = v.safeParse(StepReachedResponseSchema, {
 *   actions: [{ type: "send_text_action", alternatives: ["Hello"] }],
 * });
 * ```
 *
 * @category Models
 */
export const StepReachedResponseSchema: v.GenericSchema<{
  actions: Action[];
  session?: ConversationSession | null;
  interlocutor?: Interlocutor | null;
}> = stepReachedResponse;
/**
 * Builds a step-reached response.
 *
 * @example Answer with no action and a new session
 * ```ts
 * import { ConversationSession, StepReachedResponse } from "@clustaar/webhook";
 * const body = StepReachedResponse({
 *   actions: [],
 *   session: ConversationSession({ values: { name: "John" } }),
 * });
 * ```
 *
 * @category Models
 */
export function StepReachedResponse(fields: StepReachedResponse): StepReachedResponse {
  return { ...fields };
}
