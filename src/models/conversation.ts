/**
 * Conversation parts: inputs and their attachments, coordinates, the
 * interlocutor, the session and the step.
 *
 * @module
 */
import * as v from "valibot";
import {
  bool,
  builder,
  dict,
  type Fields,
  isDict,
  num,
  object,
  oneOf,
  record,
  str,
  tag,
  text,
  variant,
  word,
} from "./_primitives.ts";
import { type GoToAction, goToAction } from "./button_actions.ts";
import {
  actionVariant,
  isKnownActionType,
  type StepAction,
  type UnknownAction,
} from "./actions.ts";

// ------------------------------------------------------------------ inputs

const attachment = object({
  type: oneOf(["file", "audio", "video", "image"] as const),
  url: str,
});

/**
 * Kind of a file the user sent.
 *
 * @category Models
 */
export type AttachmentType = "file" | "audio" | "video" | "image";

/**
 * A file the user sent with a message.
 *
 * @category Models
 */
export interface Attachment {
  /** What kind of file. */
  type: AttachmentType;
  /** Where the file lives. */
  url: string;
}
/**
 * Schema of a message attachment (`file`, `audio`, `video` or `image`).
 *
 * @example Parse a message attachment
 * ```ts
 * import * as v from "valibot";
 * import { AttachmentSchema } from "@clustaar/webhook";
 * const attachment = v.parse(AttachmentSchema, {
 *   type: "image",
 *   url: "https://example.com/photo.png",
 * });
 * ```
 *
 * @category Models
 */
export const AttachmentSchema: v.GenericSchema<Attachment> = attachment;
/**
 * Builds a message attachment (returns a copy of its fields).
 *
 * @example Build a message attachment
 * ```ts
 * import { Attachment } from "@clustaar/webhook";
 * const attachment = Attachment({ type: "image", url: "https://example.com/photo.png" });
 * ```
 *
 * @category Models
 */
export function Attachment(fields: Attachment): Attachment {
  return { ...fields };
}

const messageInput = object({
  type: tag("message"),
  text: str,
  attachments: v.array(attachment, "expected a list"),
});
const legacyReplyInput = object({
  type: tag("legacy_reply_to_message_action"),
  text: str,
});
const urlLoadedEventInput = object({ type: tag("url_loaded_event"), url: str });
const customEventInput = object({ type: tag("custom_event"), name: str });

/**
 * The user sent a message.
 *
 * @category Models
 */
export interface MessageInput {
  /** Discriminant. */
  type: "message";
  /** The message text. */
  text: string;
  /** Files sent with it. */
  attachments: Attachment[];
}
/**
 * Schema of a message input.
 *
 * @example Parse a message input
 * ```ts
 * import * as v from "valibot";
 * import { MessageInputSchema } from "@clustaar/webhook";
 * const messageInput = v.parse(MessageInputSchema, {
 *   type: "message",
 *   text: "hello",
 *   attachments: [],
 * });
 * ```
 *
 * @category Models
 */
export const MessageInputSchema: v.GenericSchema<MessageInput> = messageInput;
/**
 * Builds a message input.
 *
 * @example Build a message input
 * ```ts
 * import { MessageInput } from "@clustaar/webhook";
 * const messageInput = MessageInput({ text: "hello", attachments: [] });
 * ```
 *
 * @category Models
 */
export const MessageInput: (fields: Fields<MessageInput>) => MessageInput = builder<MessageInput>(
  "message",
);

/**
 * The user pressed a legacy reply button, turned into a message.
 *
 * @category Models
 */
export interface LegacyReplyInput {
  /** Discriminant. */
  type: "legacy_reply_to_message_action";
  /** The button's message. */
  text: string;
}
/**
 * Schema of a legacy reply input.
 *
 * @example Parse a legacy reply input
 * ```ts
 * import * as v from "valibot";
 * import { LegacyReplyInputSchema } from "@clustaar/webhook";
 * const legacyReplyInput = v.parse(LegacyReplyInputSchema, {
 *   type: "legacy_reply_to_message_action",
 *   text: "ok",
 * });
 * ```
 *
 * @category Models
 */
export const LegacyReplyInputSchema: v.GenericSchema<LegacyReplyInput> = legacyReplyInput;
/**
 * Builds a legacy reply input.
 *
 * @example Build a legacy reply input
 * ```ts
 * import { LegacyReplyInput } from "@clustaar/webhook";
 * const legacyReplyInput = LegacyReplyInput({ text: "ok" });
 * ```
 *
 * @category Models
 */
export const LegacyReplyInput: (fields: Fields<LegacyReplyInput>) => LegacyReplyInput = builder<
  LegacyReplyInput
>("legacy_reply_to_message_action");

/**
 * The user loaded a URL.
 *
 * @category Models
 */
export interface UrlLoadedEventInput {
  /** Discriminant. */
  type: "url_loaded_event";
  /** The URL loaded. */
  url: string;
}
/**
 * Schema of a url_loaded_event input.
 *
 * @example Parse a url_loaded_event input
 * ```ts
 * import * as v from "valibot";
 * import { UrlLoadedEventInputSchema } from "@clustaar/webhook";
 * const urlLoadedEventInput = v.parse(UrlLoadedEventInputSchema, {
 *   type: "url_loaded_event",
 *   url: "https://example.com/pricing",
 * });
 * ```
 *
 * @category Models
 */
export const UrlLoadedEventInputSchema: v.GenericSchema<UrlLoadedEventInput> = urlLoadedEventInput;
/**
 * Builds a url_loaded_event input.
 *
 * @example Build a url_loaded_event input
 * ```ts
 * import { UrlLoadedEventInput } from "@clustaar/webhook";
 * const urlLoadedEventInput = UrlLoadedEventInput({ url: "https://example.com/pricing" });
 * ```
 *
 * @category Models
 */
export const UrlLoadedEventInput: (fields: Fields<UrlLoadedEventInput>) => UrlLoadedEventInput =
  builder<UrlLoadedEventInput>("url_loaded_event");

/**
 * A custom event was triggered.
 *
 * @category Models
 */
export interface CustomEventInput {
  /** Discriminant. */
  type: "custom_event";
  /** The event name. */
  name: string;
}
/**
 * Schema of a custom_event input.
 *
 * @example Parse a custom_event input
 * ```ts
 * import * as v from "valibot";
 * import { CustomEventInputSchema } from "@clustaar/webhook";
 * const customEventInput = v.parse(CustomEventInputSchema, {
 *   type: "custom_event",
 *   name: "cart_updated",
 * });
 * ```
 *
 * @category Models
 */
export const CustomEventInputSchema: v.GenericSchema<CustomEventInput> = customEventInput;
/**
 * Builds a custom_event input.
 *
 * @example Build a custom_event input
 * ```ts
 * import { CustomEventInput } from "@clustaar/webhook";
 * const customEventInput = CustomEventInput({ name: "cart_updated" });
 * ```
 *
 * @category Models
 */
export const CustomEventInput: (fields: Fields<CustomEventInput>) => CustomEventInput = builder<
  CustomEventInput
>("custom_event");

/**
 * What brought the user to the step (`data.input`); a button press is a go_to_action.
 *
 * @category Models
 */
export type Input =
  | MessageInput
  | LegacyReplyInput
  | UrlLoadedEventInput
  | GoToAction
  | CustomEventInput;

/** @internal */
export const inputVariant = variant([
  messageInput,
  legacyReplyInput,
  urlLoadedEventInput,
  goToAction,
  customEventInput,
]);
/**
 * Schema of any input, discriminated on `type`.
 *
 * @example Validate an input
 * ```ts
 * import * as v from "valibot";
 * import { InputSchema } from "@clustaar/webhook";
 * const ok = v.is(InputSchema, { type: "custom_event", name: "event1" });
 * ```
 *
 * @category Models
 */
export const InputSchema: v.GenericSchema<Input> = inputVariant;

// ------------------------------------------------------------- interlocutor

/** @internal */
export const coordinates = object({ lat: num, long: num });

/**
 * A geographic position.
 *
 * @category Models
 */
export interface Coordinates {
  /** Latitude. */
  lat: number;
  /** Longitude. */
  long: number;
}
/**
 * Schema of coordinates.
 *
 * @example Parse coordinates
 * ```ts
 * import * as v from "valibot";
 * import { CoordinatesSchema } from "@clustaar/webhook";
 * const coordinates = v.parse(CoordinatesSchema, { lat: 48.85, long: 2.35 });
 * ```
 *
 * @category Models
 */
export const CoordinatesSchema: v.GenericSchema<Coordinates> = coordinates;
/**
 * Builds coordinates (returns a copy of its fields).
 *
 * @example Build coordinates
 * ```ts
 * import { Coordinates } from "@clustaar/webhook";
 * const coordinates = Coordinates({ lat: 48.85, long: 2.35 });
 * ```
 *
 * @category Models
 */
export function Coordinates(fields: Coordinates): Coordinates {
  return { ...fields };
}

const contactField = v.nullable(text(0, 2000));

/** @internal */
export const interlocutor = object({
  id: str,
  userID: str,
  externalID: v.nullish(str),
  location: v.nullable(coordinates),
  email: contactField,
  firstName: contactField,
  lastName: contactField,
  phoneNumber: contactField,
  customAttributes: record(v.pipe(str, word), str),
  isLogged: v.nullish(bool),
  usedToTest: v.nullish(bool),
});

/**
 * The end user, as the platform validates it in a response. Notifications
 * often carry only some of these keys: see {@link StepReachedEvent}.
 *
 * @category Models
 */
export interface Interlocutor {
  /** Platform id of the user. */
  id: string;
  /** User id on the channel. */
  userID: string;
  /** Id in the customer's own system. */
  externalID?: string | null;
  /** Last known position. */
  location: Coordinates | null;
  /** Up to 2000 characters. */
  email: string | null;
  /** Up to 2000 characters. */
  firstName: string | null;
  /** Up to 2000 characters. */
  lastName: string | null;
  /** Up to 2000 characters. */
  phoneNumber: string | null;
  /** String attributes; keys are letters, digits or `_`. */
  customAttributes: Record<string, string>;
  /** Whether the user is logged in. */
  isLogged?: boolean | null;
  /** Whether this is a test conversation. */
  usedToTest?: boolean | null;
}
/**
 * Schema of an interlocutor (strict: the platform's view of a response).
 *
 * @example Validate an interlocutor
 * ```ts
 * import * as v from "valibot";
 * import { InterlocutorSchema } from "@clustaar/webhook";
 * const ok = v.is(InterlocutorSchema, {
 *   id: "123", userID: "u-1", location: null, email: null, firstName: "Tintin",
 *   lastName: null, phoneNumber: null, customAttributes: { age: "21" },
 * });
 * ```
 *
 * @category Models
 */
export const InterlocutorSchema: v.GenericSchema<Interlocutor> = interlocutor;
/**
 * Builds an interlocutor (returns a copy of its fields).
 *
 * @example Build an interlocutor
 * ```ts
 * import { Interlocutor } from "@clustaar/webhook";
 * const interlocutor = Interlocutor({
 *   id: "123",
 *   userID: "u-1",
 *   location: null,
 *   email: null,
 *   firstName: "Tintin",
 *   lastName: null,
 *   phoneNumber: null,
 *   customAttributes: {},
 * });
 * ```
 *
 * @category Models
 */
export function Interlocutor(fields: Interlocutor): Interlocutor {
  return { ...fields };
}

// ----------------------------------------------------------------- session

/** @internal */
export const session = object({ values: dict });

/**
 * The conversation's key/value memory.
 *
 * @category Models
 */
export interface ConversationSession {
  /** Values stored by the bot, keyed by name. */
  values: Record<string, unknown>;
}
/**
 * Schema of a conversation session.
 *
 * @example Validate a session
 * ```ts
 * import * as v from "valibot";
 * import { ConversationSessionSchema } from "@clustaar/webhook";
 * const ok = v.is(ConversationSessionSchema, { values: { name: "Tintin" } });
 * ```
 *
 * @category Models
 */
export const ConversationSessionSchema: v.GenericSchema<ConversationSession> = session;
/**
 * Builds a conversation session.
 *
 * @example Replace the session
 * ```ts
 * import { ConversationSession } from "@clustaar/webhook";
 * const session = ConversationSession({ values: { name: "John" } });
 * ```
 *
 * @category Models
 */
export function ConversationSession(fields: ConversationSession): ConversationSession {
  return { ...fields };
}

// -------------------------------------------------------------------- step

const unknownAction = object({
  type: v.pipe(str, v.check((t: string) => !isKnownActionType(t), "expected an unknown type")),
}) as unknown as v.GenericSchema<UnknownAction>;

/** @internal A known action (strict) or an unknown one (opaque). */
export const stepAction: v.GenericSchema<StepAction> = v.lazy((input) =>
  isDict(input) && isKnownActionType(input.type) ? actionVariant : unknownAction
);

/**
 * Schema of an item of `step.actions`: a known action is checked strictly, an
 * action whose `type` the module does not know is accepted as an opaque object.
 *
 * @example A known action is checked strictly
 * ```ts
 * import * as v from "valibot";
 * import { StepActionSchema } from "@clustaar/webhook";
 * const result = v.safeParse(StepActionSchema, { type: "wait_action", duration: 60 });
 * // result.success is false: a wait lasts 0.5 to 7 seconds
 * ```
 *
 * @example An action of an unknown type is accepted as it is
 * ```ts
 * import * as v from "valibot";
 * import { StepActionSchema } from "@clustaar/webhook";
 * const stepAction = v.parse(StepActionSchema, {
 *   type: "a_type_from_the_future",
 *   anything: true,
 * });
 * ```
 *
 * @category Models
 */
export const StepActionSchema: v.GenericSchema<StepAction> = stepAction;

/** @internal */
export const step = object({
  id: str,
  name: str,
  userData: str,
  actions: v.array(stepAction, "expected a list"),
});

/**
 * The bot step that the conversation reached.
 *
 * @category Models
 */
export interface Step {
  /** The step's id. */
  id: string;
  /** The step's name. */
  name: string;
  /** Free text set by the bot designer, often JSON. */
  userData: string;
  /** The actions configured on the step, including ones the module does not know. */
  actions: StepAction[];
}
/**
 * Schema of a step.
 *
 * @example Validate a step
 * ```ts
 * import * as v from "valibot";
 * import { StepSchema } from "@clustaar/webhook";
 * const ok = v.is(StepSchema, {
 *   id: "1234", name: "A step", userData: "{}", actions: [{ type: "pause_bot_action" }],
 * });
 * ```
 *
 * @category Models
 */
export const StepSchema: v.GenericSchema<Step> = step;
/**
 * Builds a step (returns a copy of its fields).
 *
 * @example Build a step
 * ```ts
 * import { Step } from "@clustaar/webhook";
 * const step = Step({ id: "1234", name: "Welcome", userData: "{}", actions: [] });
 * ```
 *
 * @category Models
 */
export function Step(fields: Step): Step {
  return { ...fields };
}
