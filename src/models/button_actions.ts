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

/** Goes to a step or a story, optionally storing session values. */
export interface GoToAction {
  /** Discriminant. */
  type: "go_to_action";
  /** Where to go. */
  target: Target;
  /** Values to store in the session on the way. */
  sessionValues?: Record<string, unknown> | null;
}
/** Schema of a go_to_action. */
export const GoToActionSchema: v.GenericSchema<GoToAction> = goToAction;
/**
 * Builds a go_to_action.
 *
 * @example Go to a step
 * ```ts
 * import { GoToAction, StepTarget } from "@clustaar/webhook";
 * const action = GoToAction({ target: StepTarget({ id: "a1a1a1a1a1a1a1a1a1a1a1a1" }) });
 * ```
 */
export const GoToAction: (fields: Fields<GoToAction>) => GoToAction = builder<GoToAction>(
  "go_to_action",
);

/** A file attached to a legacy reply. */
export interface LegacyReplyAttachment {
  /** 1 to 150 letters, digits or `_`. */
  name: string;
  /** Where the file lives. */
  url: string;
}
/** Schema of a legacy reply attachment (it has no `type` key). */
export const LegacyReplyAttachmentSchema: v.GenericSchema<LegacyReplyAttachment> =
  legacyReplyAttachment;
/** Builds a legacy reply attachment (returns a copy of its fields). */
export function LegacyReplyAttachment(fields: LegacyReplyAttachment): LegacyReplyAttachment {
  return { ...fields };
}

/** Sends a message as if the user typed it (legacy buttons). */
export interface LegacyReplyToMessageAction {
  /** Discriminant. */
  type: "legacy_reply_to_message_action";
  /** 1 to 1000 characters. */
  message: string;
  /** Files to attach; left out of the JSON when null. */
  attachments?: LegacyReplyAttachment[] | null;
}
/** Schema of a legacy_reply_to_message_action. */
export const LegacyReplyToMessageActionSchema: v.GenericSchema<LegacyReplyToMessageAction> =
  legacyReplyToMessageAction;
/** Builds a legacy_reply_to_message_action. */
export const LegacyReplyToMessageAction: (
  fields: Fields<LegacyReplyToMessageAction>,
) => LegacyReplyToMessageAction = builder<LegacyReplyToMessageAction>(
  "legacy_reply_to_message_action",
);

/** Opens a URL. */
export interface OpenUrlAction {
  /** Discriminant. */
  type: "open_url_action";
  /** An absolute URL, 1 to 500 characters. */
  url: string;
}
/** Schema of an open_url_action. */
export const OpenUrlActionSchema: v.GenericSchema<OpenUrlAction> = openUrlAction;
/** Builds an open_url_action. */
export const OpenUrlAction: (fields: Fields<OpenUrlAction>) => OpenUrlAction = builder<
  OpenUrlAction
>("open_url_action");

/** Shares the card. */
export interface ShareAction {
  /** Discriminant. */
  type: "share_action";
}
/** Schema of a share_action. */
export const ShareActionSchema: v.GenericSchema<ShareAction> = shareAction;
/** Builds a share_action. */
export const ShareAction: (fields?: Fields<ShareAction>) => ShareAction = bare<ShareAction>(
  "share_action",
);

/** How satisfied the user is. */
export type SatisfactionKind = "positive" | "neutral" | "negative";

/** Records a satisfaction answer, then goes to the target if any. */
export interface CustomerSatisfactionCallbackAction {
  /** Discriminant. */
  type: "customer_satisfaction_callback_action";
  /** Where to go next, or null. */
  target: Target | null;
  /** The answer. */
  kind: SatisfactionKind;
}
/** Schema of a customer_satisfaction_callback_action. */
export const CustomerSatisfactionCallbackActionSchema: v.GenericSchema<
  CustomerSatisfactionCallbackAction
> = customerSatisfactionCallbackAction;
/** Builds a customer_satisfaction_callback_action. */
export const CustomerSatisfactionCallbackAction: (
  fields: Fields<CustomerSatisfactionCallbackAction>,
) => CustomerSatisfactionCallbackAction = builder<CustomerSatisfactionCallbackAction>(
  "customer_satisfaction_callback_action",
);

/** Any of the five button actions. */
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
 */
export const ButtonActionSchema: v.GenericSchema<ButtonAction> = buttonActionVariant;
