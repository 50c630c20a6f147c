/**
 * Button actions: what a button, a quick reply or a card button does when the
 * user presses it.
 *
 * @module
 */
import * as v from "valibot";
import {
  bare,
  builder,
  dict,
  type Fields,
  object,
  oneOf,
  str,
  tag,
  text,
  url,
  variant,
  wordKey,
} from "./_primitives.ts";
import { type Target, targetVariant } from "./flow.ts";

/** @internal The go_to_action schema, for composition. */
export const goToAction = object({
  type: tag("go_to_action"),
  target: targetVariant,
  sessionValues: v.nullish(dict),
});

const legacyReplyAttachment = object({
  name: wordKey(1, 150),
  url: str,
});

const legacyReplyToMessageAction = object({
  type: tag("legacy_reply_to_message_action"),
  message: text(1, 1000),
  attachments: v.nullish(v.array(legacyReplyAttachment, "expected a list")),
});

/** @internal The open_url_action schema, for composition. */
export const openUrlAction = object({
  type: tag("open_url_action"),
  url: v.pipe(text(1, 500), url),
});

const shareAction = object({ type: tag("share_action") });

const satisfactionKind = oneOf(["positive", "neutral", "negative"] as const);

/** @internal The kinds of a satisfaction answer, for composition. */
export const satisfactionKindSchema = satisfactionKind;

const customerSatisfactionCallbackAction = object({
  type: tag("customer_satisfaction_callback_action"),
  target: v.nullable(targetVariant),
  kind: satisfactionKind,
});

/**
 * Goes to a step or a story, optionally storing session values.
 *
 * @category Models
 */
export interface GoToAction {
  /** Discriminant. */
  type: "go_to_action";
  /** Where to go. */
  target: Target;
  /** Values to store in the session on the way. */
  sessionValues?: Record<string, unknown> | null;
}
/**
 * Schema of a go_to_action.
 *
 * @example Parse a go_to_action
 * ```ts
 * import * as v from "valibot";
 * import { GoToActionSchema } from "@clustaar/webhook";
 * const goToAction = v.parse(GoToActionSchema, {
 *   type: "go_to_action",
 *   target: { type: "step", id: "a1a1a1a1a1a1a1a1a1a1a1a1" },
 *   sessionValues: { origin: "menu" },
 * });
 * ```
 *
 * @category Models
 */
export const GoToActionSchema: v.GenericSchema<GoToAction> = goToAction;
/**
 * Builds a go_to_action.
 *
 * @example Go to a step
 * ```ts
 * import { GoToAction, StepTarget } from "@clustaar/webhook";
 * const action = GoToAction({ target: StepTarget({ id: "a1a1a1a1a1a1a1a1a1a1a1a1" }) });
 * ```
 *
 * @category Models
 */
export const GoToAction: (fields: Fields<GoToAction>) => GoToAction = builder<GoToAction>(
  "go_to_action",
);

/**
 * A file attached to a legacy reply.
 *
 * @category Models
 */
export interface LegacyReplyAttachment {
  /** 1 to 150 letters, digits or `_`. */
  name: string;
  /** Where the file lives. */
  url: string;
}
/**
 * Schema of a legacy reply attachment (it has no `type` key).
 *
 * @example Parse a legacy reply attachment
 * ```ts
 * import * as v from "valibot";
 * import { LegacyReplyAttachmentSchema } from "@clustaar/webhook";
 * const legacyReplyAttachment = v.parse(LegacyReplyAttachmentSchema, {
 *   name: "invoice",
 *   url: "https://example.com/invoice.pdf",
 * });
 * ```
 *
 * @category Models
 */
export const LegacyReplyAttachmentSchema: v.GenericSchema<LegacyReplyAttachment> =
  legacyReplyAttachment;
/**
 * Builds a legacy reply attachment (returns a copy of its fields).
 *
 * @example Build a legacy reply attachment
 * ```ts
 * import { LegacyReplyAttachment } from "@clustaar/webhook";
 * const legacyReplyAttachment = LegacyReplyAttachment({
 *   name: "invoice",
 *   url: "https://example.com/invoice.pdf",
 * });
 * ```
 *
 * @category Models
 */
export function LegacyReplyAttachment(fields: LegacyReplyAttachment): LegacyReplyAttachment {
  return { ...fields };
}

/**
 * Sends a message as if the user typed it (legacy buttons).
 *
 * @category Models
 */
export interface LegacyReplyToMessageAction {
  /** Discriminant. */
  type: "legacy_reply_to_message_action";
  /** 1 to 1000 characters. */
  message: string;
  /** Files to attach; left out of the JSON when null. */
  attachments?: LegacyReplyAttachment[] | null;
}
/**
 * Schema of a legacy_reply_to_message_action.
 *
 * @example Parse a legacy_reply_to_message_action
 * ```ts
 * import * as v from "valibot";
 * import { LegacyReplyToMessageActionSchema } from "@clustaar/webhook";
 * const legacyReplyToMessageAction = v.parse(LegacyReplyToMessageActionSchema, {
 *   type: "legacy_reply_to_message_action",
 *   message: "ok",
 * });
 * ```
 *
 * @category Models
 */
export const LegacyReplyToMessageActionSchema: v.GenericSchema<LegacyReplyToMessageAction> =
  legacyReplyToMessageAction;
/**
 * Builds a legacy_reply_to_message_action.
 *
 * @example Build a legacy_reply_to_message_action
 * ```ts
 * import { LegacyReplyToMessageAction } from "@clustaar/webhook";
 * const legacyReplyToMessageAction = LegacyReplyToMessageAction({ message: "ok" });
 * ```
 *
 * @category Models
 */
export const LegacyReplyToMessageAction: (
  fields: Fields<LegacyReplyToMessageAction>,
) => LegacyReplyToMessageAction = builder<LegacyReplyToMessageAction>(
  "legacy_reply_to_message_action",
);

/**
 * Opens a URL.
 *
 * @category Models
 */
export interface OpenUrlAction {
  /** Discriminant. */
  type: "open_url_action";
  /** An absolute URL, 1 to 500 characters. */
  url: string;
}
/**
 * Schema of an open_url_action.
 *
 * @example Parse an open_url_action
 * ```ts
 * import * as v from "valibot";
 * import { OpenUrlActionSchema } from "@clustaar/webhook";
 * const openUrlAction = v.parse(OpenUrlActionSchema, {
 *   type: "open_url_action",
 *   url: "https://example.com",
 * });
 * ```
 *
 * @category Models
 */
export const OpenUrlActionSchema: v.GenericSchema<OpenUrlAction> = openUrlAction;
/**
 * Builds an open_url_action.
 *
 * @example Build an open_url_action
 * ```ts
 * import { OpenUrlAction } from "@clustaar/webhook";
 * const openUrlAction = OpenUrlAction({ url: "https://example.com" });
 * ```
 *
 * @category Models
 */
export const OpenUrlAction: (fields: Fields<OpenUrlAction>) => OpenUrlAction = builder<
  OpenUrlAction
>("open_url_action");

/**
 * Shares the card.
 *
 * @category Models
 */
export interface ShareAction {
  /** Discriminant. */
  type: "share_action";
}
/**
 * Schema of a share_action.
 *
 * @example Parse a share_action
 * ```ts
 * import * as v from "valibot";
 * import { ShareActionSchema } from "@clustaar/webhook";
 * const shareAction = v.parse(ShareActionSchema, { type: "share_action" });
 * ```
 *
 * @category Models
 */
export const ShareActionSchema: v.GenericSchema<ShareAction> = shareAction;
/**
 * Builds a share_action.
 *
 * @example Build a share_action
 * ```ts
 * import { ShareAction } from "@clustaar/webhook";
 * const shareAction = ShareAction();
 * ```
 *
 * @category Models
 */
export const ShareAction: (fields?: Fields<ShareAction>) => ShareAction = bare<ShareAction>(
  "share_action",
);

/**
 * How satisfied the user is.
 *
 * @category Models
 */
export type SatisfactionKind = "positive" | "neutral" | "negative";

/**
 * Records a satisfaction answer, then goes to the target if any.
 *
 * @category Models
 */
export interface CustomerSatisfactionCallbackAction {
  /** Discriminant. */
  type: "customer_satisfaction_callback_action";
  /** Where to go next, or null. */
  target: Target | null;
  /** The answer. */
  kind: SatisfactionKind;
}
/**
 * Schema of a customer_satisfaction_callback_action.
 *
 * @example Parse a customer_satisfaction_callback_action
 * ```ts
 * import * as v from "valibot";
 * import { CustomerSatisfactionCallbackActionSchema } from "@clustaar/webhook";
 * const customerSatisfactionCallbackAction = v.parse(CustomerSatisfactionCallbackActionSchema, {
 *   type: "customer_satisfaction_callback_action",
 *   target: null,
 *   kind: "neutral",
 * });
 * ```
 *
 * @category Models
 */
export const CustomerSatisfactionCallbackActionSchema: v.GenericSchema<
  CustomerSatisfactionCallbackAction
> = customerSatisfactionCallbackAction;
/**
 * Builds a customer_satisfaction_callback_action.
 *
 * @example Build a customer_satisfaction_callback_action
 * ```ts
 * import { CustomerSatisfactionCallbackAction } from "@clustaar/webhook";
 * const customerSatisfactionCallbackAction = CustomerSatisfactionCallbackAction({
 *   target: null,
 *   kind: "neutral",
 * });
 * ```
 *
 * @category Models
 */
export const CustomerSatisfactionCallbackAction: (
  fields: Fields<CustomerSatisfactionCallbackAction>,
) => CustomerSatisfactionCallbackAction = builder<CustomerSatisfactionCallbackAction>(
  "customer_satisfaction_callback_action",
);

/**
 * Any of the five button actions.
 *
 * @category Models
 */
export type ButtonAction =
  | GoToAction
  | LegacyReplyToMessageAction
  | OpenUrlAction
  | ShareAction
  | CustomerSatisfactionCallbackAction;

/** @internal The button action variant, for composition. */
export const buttonActionVariant = variant([
  goToAction,
  legacyReplyToMessageAction,
  openUrlAction,
  shareAction,
  customerSatisfactionCallbackAction,
]);

/**
 * Schema of any button action, discriminated on `type`.
 *
 * @example Validate a button action
 * ```ts
 * import * as v from "valibot";
 * import { ButtonActionSchema } from "@clustaar/webhook";
 * const ok = v.is(ButtonActionSchema, { type: "open_url_action", url: "https://example.com" });
 * ```
 *
 * @category Models
 */
export const ButtonActionSchema: v.GenericSchema<ButtonAction> = buttonActionVariant;
