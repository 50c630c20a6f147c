/**
 * Bot actions: the items of `step.actions` in a notification and of `actions`
 * in a response, discriminated on `type`.
 *
 * @module
 */
import * as v from "valibot";
import {
  bare,
  bool,
  builder,
  chars,
  defaultOnLoad,
  dict,
  digits,
  type Fields,
  list,
  num,
  object,
  oneOf,
  str,
  tag,
  text,
  variant,
  webUrl,
  wordKey,
} from "./_primitives.ts";
import {
  type AiTaskBehavior,
  aiTaskBehavior,
  type AiTaskEngine,
  aiTaskEngine,
  type AskedDocument,
  askedDocument,
  type Card,
  card,
  type CustomerSatisfactionChoice,
  type DistributionRule,
  distributionRule,
  type QuickReply,
  quickReply,
  satisfactionChoice,
  type Section,
  section,
  type SimpleCard,
  simpleCard,
  type WebhookRequestField,
  webhookRequestField,
  type ZendeskUser,
  zendeskUser,
} from "./action_parts.ts";
import { type GoToAction, goToAction } from "./button_actions.ts";
import { type FlowConnection, flowConnection, type Target, targetVariant } from "./flow.ts";

// ------------------------------------------------------------------ schemas

// Defaults on load, marked in the schemas (`defaultOnLoad`) and filled by the
// constructors: a wait_action's `duration` (seconds), a send_ai_task_action's
// `userAttributes`.
const DEFAULT_WAIT_DURATION = 2;
const DEFAULT_USER_ATTRIBUTES = false;

const pauseBotAction = object({ type: tag("pause_bot_action") });
const waitAction = object({
  type: tag("wait_action"),
  duration: v.pipe(
    num,
    v.check((n: number) => n >= 0.5 && n <= 7, "expected a number from 0.5 to 7"),
    defaultOnLoad(DEFAULT_WAIT_DURATION),
  ),
});
const sendTextAction = object({
  type: tag("send_text_action"),
  alternatives: list(text(1, 1000), 1, 10),
  text: v.optional(text(1, 1000)),
});
const sendImageAction = object({
  type: tag("send_image_action"),
  imageURL: v.pipe(str, chars(0, 500), webUrl),
  alt: v.nullish(text(0, 500)),
});
const sendJsEventAction = object({
  type: tag("send_js_event_action"),
  event: text(1, 200),
  payload: v.nullish(dict),
});
const CLUSTAAR = /@clustaar\./i;
const sendEmailAction = object({
  type: tag("send_email_action"),
  recipient: text(0, 150),
  subject: text(0, 150),
  content: text(0, 1500),
  fromEmail: v.nullish(
    v.pipe(
      text(0, 150),
      v.check((s: string) => !CLUSTAAR.test(s), 'expected an address outside "@clustaar."'),
    ),
  ),
  fromName: v.nullish(text(0, 50)),
  replyToEmail: v.nullish(text(0, 150)),
  replyToName: v.nullish(text(0, 50)),
  userAttachments: v.nullish(bool),
});
const closeIntercomConversationAction = object({
  type: tag("close_intercom_conversation_action"),
});
const assignIntercomConversationAction = object({
  type: tag("assign_intercom_conversation_action"),
  assigneeID: v.nullish(v.pipe(str, chars(0, 100), digits)),
});
const sendQuickRepliesAction = object({
  type: tag("send_quick_replies_action"),
  message: text(1, 1000),
  buttons: list(quickReply, 1, 11),
});
const sendCardsAction = object({
  type: tag("send_cards_action"),
  cards: list(card, 1, 25),
});
const sendSimpleCardsAction = object({
  type: tag("send_simple_cards_action"),
  cards: list(simpleCard, 1, 25),
});
const storeSessionValueAction = object({
  type: tag("store_session_value_action"),
  key: wordKey(1, 100),
  value: text(1, 200),
  add: v.nullish(bool),
  isInt: v.nullish(bool),
});
const setUserAttributeAction = object({
  type: tag("set_user_attribute_action"),
  key: v.pipe(
    wordKey(1, 100),
    v.check((s: string) => s.toLowerCase() !== "id", 'expected a key other than "id"'),
  ),
  value: text(1, 2000),
  add: v.nullish(bool),
  isInt: v.nullish(bool),
});
const askLocationAction = object({
  type: tag("ask_location_action"),
  message: text(1, 1000),
  action: goToAction,
});
const googleCustomSearchAction = object({
  type: tag("google_custom_search_action"),
  query: text(1, 2048),
  customEngineID: text(1),
  limit: v.pipe(
    num,
    v.check(
      (n: number) => Number.isInteger(n) && n >= 1 && n <= 10,
      "expected an integer from 1 to 10",
    ),
  ),
});
const zendeskId = v.optional(v.pipe(str, chars(0, 24), digits));
const createZendeskTicketAction = object({
  type: tag("create_zendesk_ticket_action"),
  user: zendeskUser,
  description: text(1, 1500),
  subject: v.optional(text(0, 100)),
  ticketType: v.optional(oneOf(["question", "incident", "problem", "task", ""] as const)),
  ticketPriority: v.optional(oneOf(["urgent", "high", "normal", "low", ""] as const)),
  tags: v.optional(list(text(0, 80), 0, 10)),
  groupID: zendeskId,
  assigneeID: zendeskId,
});
const jumpToAction = object({
  type: tag("jump_to_action"),
  connections: list(flowConnection, 0, 10),
  defaultTarget: v.nullable(targetVariant),
});
const customerSatisfactionAction = object({
  type: tag("customer_satisfaction_action"),
  message: text(1, 1000),
  choices: list(satisfactionChoice, 2, 3),
});
const sendWebhookRequestAction = object({
  type: tag("send_webhook_request_action"),
  url: text(1, 500),
  description: text(0, 500),
  service: oneOf(["custom", "zapier"] as const),
  fields: list(webhookRequestField, 0, 100),
});
const createUserRequestAction = object({
  type: tag("create_user_request_action"),
  message: text(1, 1000),
  assigneeID: v.nullish(str),
  groupID: v.nullish(str),
});
const closeIadvizeConversationAction = object({
  type: tag("close_iadvize_conversation_action"),
});
const transferIadvizeConversationAction = object({
  type: tag("transfer_iadvize_conversation_action"),
  distribution_rule: distributionRule,
  failed_transfer_message: v.optional(str),
});
const askDocumentAction = object({
  type: tag("ask_document_action"),
  message: text(0, 300),
  documents: list(askedDocument, 1, 20),
});
const sendChoicesListAction = v.pipe(
  object({
    type: tag("send_choices_list_action"),
    placeholder: text(1, 45),
    sections: list(section, 1, 50),
    action: goToAction,
    message: v.nullish(text(1, 500)),
  }),
  // With several sections, each needs a title to tell them apart.
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const sections = dataset.value.sections;
    if (sections.length < 2) return;
    sections.forEach((item, index) => {
      if (typeof item.title === "string" && item.title !== "") return;
      addIssue({
        message: "expected a non-empty title when there are several sections",
        path: [
          {
            type: "object",
            origin: "value",
            input: dataset.value,
            key: "sections",
            value: sections,
          },
          { type: "array", origin: "value", input: sections, key: index, value: item },
          { type: "object", origin: "value", input: item, key: "title", value: item.title },
        ],
      });
    });
  }),
);
const sendAiTaskAction = object({
  type: tag("send_ai_task_action"),
  engine: aiTaskEngine,
  behaviors: v.array(aiTaskBehavior, "expected a list"),
  defaultTarget: v.nullable(targetVariant),
  selectTarget: v.nullish(targetVariant),
  userAttributes: v.pipe(v.optional(bool), defaultOnLoad(DEFAULT_USER_ATTRIBUTES)),
});

// -------------------------------------------------------------------- types

/**
 * Hands the conversation over to a human: the bot stops answering.
 *
 * @category Models
 */
export interface PauseBotAction {
  /** Discriminant. */
  type: "pause_bot_action";
}
/**
 * Waits (shows a typing indicator) before the next action.
 *
 * @category Models
 */
export interface WaitAction {
  /** Discriminant. */
  type: "wait_action";
  /** Seconds, from 0.5 to 7. */
  duration: number;
}
/**
 * A text message; the bot sends one of the alternatives, picked at random.
 *
 * @category Models
 */
export interface SendTextAction {
  /** Discriminant. */
  type: "send_text_action";
  /** 1 to 10 texts of 1 to 1000 characters each. */
  alternatives: string[];
  /** Read-only: the alternative the platform picked. */
  text?: string;
}
/**
 * Sends an image.
 *
 * @category Models
 */
export interface SendImageAction {
  /** Discriminant. */
  type: "send_image_action";
  /** An http(s) URL of up to 500 characters. */
  imageURL: string;
  /** Alternative text, up to 500 characters. */
  alt?: string | null;
}
/**
 * Emits a JavaScript event in the web chat.
 *
 * @category Models
 */
export interface SendJsEventAction {
  /** Discriminant. */
  type: "send_js_event_action";
  /** Event name, 1 to 200 characters. */
  event: string;
  /** Event payload. */
  payload?: Record<string, unknown> | null;
}
/**
 * Sends an email.
 *
 * @category Models
 */
export interface SendEmailAction {
  /** Discriminant. */
  type: "send_email_action";
  /** Up to 150 characters. */
  recipient: string;
  /** Up to 150 characters. */
  subject: string;
  /** Up to 1500 characters. */
  content: string;
  /** Up to 150 characters, not an `@clustaar.` address. */
  fromEmail?: string | null;
  /** Up to 50 characters. */
  fromName?: string | null;
  /** Up to 150 characters. */
  replyToEmail?: string | null;
  /** Up to 50 characters. */
  replyToName?: string | null;
  /** Whether to attach the user's uploaded files. */
  userAttachments?: boolean | null;
}
/**
 * Closes the Intercom conversation.
 *
 * @category Models
 */
export interface CloseIntercomConversationAction {
  /** Discriminant. */
  type: "close_intercom_conversation_action";
}
/**
 * Assigns the Intercom conversation.
 *
 * @category Models
 */
export interface AssignIntercomConversationAction {
  /** Discriminant. */
  type: "assign_intercom_conversation_action";
  /** Intercom admin id: digits only, up to 100. */
  assigneeID?: string | null;
}
/**
 * A message with quick reply buttons.
 *
 * @category Models
 */
export interface SendQuickRepliesAction {
  /** Discriminant. */
  type: "send_quick_replies_action";
  /** 1 to 1000 characters. */
  message: string;
  /** 1 to 11 quick replies. */
  buttons: QuickReply[];
}
/**
 * A carousel of cards.
 *
 * @category Models
 */
export interface SendCardsAction {
  /** Discriminant. */
  type: "send_cards_action";
  /** 1 to 25 cards. */
  cards: Card[];
}
/**
 * A carousel of simple cards.
 *
 * @category Models
 */
export interface SendSimpleCardsAction {
  /** Discriminant. */
  type: "send_simple_cards_action";
  /** 1 to 25 simple cards. */
  cards: SimpleCard[];
}
/**
 * Stores a value in the conversation session.
 *
 * @category Models
 */
export interface StoreSessionValueAction {
  /** Discriminant. */
  type: "store_session_value_action";
  /** 1 to 100 letters, digits or `_`. */
  key: string;
  /** 1 to 200 characters. */
  value: string;
  /** Add to the current value instead of replacing it. */
  add?: boolean | null;
  /** Treat the value as an integer. */
  isInt?: boolean | null;
}
/**
 * Sets an attribute of the user.
 *
 * @category Models
 */
export interface SetUserAttributeAction {
  /** Discriminant. */
  type: "set_user_attribute_action";
  /** 1 to 100 letters, digits or `_`; never `id`. */
  key: string;
  /** 1 to 2000 characters. */
  value: string;
  /** Add to the current value instead of replacing it. */
  add?: boolean | null;
  /** Treat the value as an integer. */
  isInt?: boolean | null;
}
/**
 * Asks the user to share their location.
 *
 * @category Models
 */
export interface AskLocationAction {
  /** Discriminant. */
  type: "ask_location_action";
  /** 1 to 1000 characters. */
  message: string;
  /** Where to go once the location is shared. */
  action: GoToAction;
}
/**
 * Runs a Google custom search and shows the results.
 *
 * @category Models
 */
export interface GoogleCustomSearchAction {
  /** Discriminant. */
  type: "google_custom_search_action";
  /** 1 to 2048 characters. */
  query: string;
  /** Custom search engine id. */
  customEngineID: string;
  /** Number of results: an integer from 1 to 10. */
  limit: number;
}
/**
 * Kind of a Zendesk ticket.
 *
 * @category Models
 */
export type ZendeskTicketType = "question" | "incident" | "problem" | "task" | "";
/**
 * Priority of a Zendesk ticket.
 *
 * @category Models
 */
export type ZendeskTicketPriority = "urgent" | "high" | "normal" | "low" | "";
/**
 * Creates a Zendesk ticket.
 *
 * @category Models
 */
export interface CreateZendeskTicketAction {
  /** Discriminant. */
  type: "create_zendesk_ticket_action";
  /** The requester. */
  user: ZendeskUser;
  /** 1 to 1500 characters. */
  description: string;
  /** Up to 100 characters. */
  subject?: string;
  /** Ticket kind. */
  ticketType?: ZendeskTicketType;
  /** Ticket priority. */
  ticketPriority?: ZendeskTicketPriority;
  /** Up to 10 tags of up to 80 characters. */
  tags?: string[];
  /** Zendesk group id: digits, up to 24. */
  groupID?: string;
  /** Zendesk agent id: digits, up to 24. */
  assigneeID?: string;
}
/**
 * Jumps to the first connection whose predicates hold, else to the default.
 *
 * @category Models
 */
export interface JumpToAction {
  /** Discriminant. */
  type: "jump_to_action";
  /** Up to 10 connections, tried in order. */
  connections: FlowConnection[];
  /** Where to go when no connection holds, or null. */
  defaultTarget: Target | null;
}
/**
 * Asks how satisfied the user is.
 *
 * @category Models
 */
export interface CustomerSatisfactionAction {
  /** Discriminant. */
  type: "customer_satisfaction_action";
  /** 1 to 1000 characters. */
  message: string;
  /** 2 or 3 choices. */
  choices: CustomerSatisfactionChoice[];
}
/**
 * Calls a custom or Zapier webhook.
 *
 * @category Models
 */
export interface SendWebhookRequestAction {
  /** Discriminant. */
  type: "send_webhook_request_action";
  /** 1 to 500 characters. */
  url: string;
  /** Up to 500 characters. */
  description: string;
  /** Kind of service. */
  service: "custom" | "zapier";
  /** Up to 100 fields. */
  fields: WebhookRequestField[];
}
/**
 * Opens a request for a human agent.
 *
 * @category Models
 */
export interface CreateUserRequestAction {
  /** Discriminant. */
  type: "create_user_request_action";
  /** 1 to 1000 characters. */
  message: string;
  /** Agent to assign. */
  assigneeID?: string | null;
  /** Group to assign. */
  groupID?: string | null;
}
/**
 * Closes the iAdvize conversation.
 *
 * @category Models
 */
export interface CloseIadvizeConversationAction {
  /** Discriminant. */
  type: "close_iadvize_conversation_action";
}
/**
 * Transfers the iAdvize conversation.
 *
 * @category Models
 */
export interface TransferIadvizeConversationAction {
  /** Discriminant. */
  type: "transfer_iadvize_conversation_action";
  /** Where to transfer (snake_case on the wire). */
  distribution_rule: DistributionRule;
  /** Sent when the transfer fails (snake_case on the wire). */
  failed_transfer_message?: string;
}
/**
 * Asks the user to upload documents.
 *
 * @category Models
 */
export interface AskDocumentAction {
  /** Discriminant. */
  type: "ask_document_action";
  /** Up to 300 characters. */
  message: string;
  /** 1 to 20 documents. */
  documents: AskedDocument[];
}
/**
 * A list of choices grouped in sections.
 *
 * @category Models
 */
export interface SendChoicesListAction {
  /** Discriminant. */
  type: "send_choices_list_action";
  /** 1 to 45 characters. */
  placeholder: string;
  /** 1 to 50 sections; with several, each needs a non-empty title. */
  sections: Section[];
  /** Where to go once a choice is made. */
  action: GoToAction;
  /** 1 to 500 characters. */
  message?: string | null;
}
/**
 * Runs an AI task and follows the behaviour it selects.
 *
 * @category Models
 */
export interface SendAiTaskAction {
  /** Discriminant. */
  type: "send_ai_task_action";
  /** The engine that runs the task. */
  engine: AiTaskEngine;
  /** The possible outcomes. */
  behaviors: AiTaskBehavior[];
  /** Where to go when no behaviour applies, or null. */
  defaultTarget: Target | null;
  /** Where to go to select; left out when null. */
  selectTarget?: Target | null;
  /** Whether the task sees the user's attributes (default false). */
  userAttributes?: boolean;
}

/**
 * Any bot action the module knows, discriminated on `type`.
 *
 * @category Models
 */
export type Action =
  | PauseBotAction
  | WaitAction
  | SendTextAction
  | SendImageAction
  | SendJsEventAction
  | SendEmailAction
  | CloseIntercomConversationAction
  | AssignIntercomConversationAction
  | SendQuickRepliesAction
  | SendCardsAction
  | SendSimpleCardsAction
  | StoreSessionValueAction
  | SetUserAttributeAction
  | AskLocationAction
  | GoogleCustomSearchAction
  | CreateZendeskTicketAction
  | JumpToAction
  | CustomerSatisfactionAction
  | SendWebhookRequestAction
  | CreateUserRequestAction
  | CloseIadvizeConversationAction
  | TransferIadvizeConversationAction
  | AskDocumentAction
  | SendChoicesListAction
  | SendAiTaskAction;

/**
 * The `type` of every action the module knows.
 *
 * @category Models
 */
export type ActionType = Action["type"];

/**
 * The `type` of an action the module does not know. At run time it is the
 * platform's plain string; the type is opaque (a pattern no real type has) so
 * that a misspelt `type` in a hand-written action never type-checks, and so
 * that narrowing on a known `type` leaves only the known action. Read it as a
 * `string`; test it with {@link isKnownAction}.
 *
 * @category Models
 */
export type UnknownActionType = `${string} (unknown action type)`;

/**
 * An action whose `type` the module does not know (the platform adds new ones).
 * It only comes from a notification's `step.actions`, kept as is, and may be
 * returned unchanged in a response.
 *
 * @category Models
 */
export interface UnknownAction {
  /** The platform's action type. */
  readonly type: UnknownActionType;
  /** The action's other keys. */
  readonly [key: string]: unknown;
}

/**
 * An item of `step.actions` or of a response's `actions`.
 *
 * @category Models
 */
export type StepAction = Action | UnknownAction;

// ------------------------------------------------------------ the variant

const actionOptions = [
  pauseBotAction,
  waitAction,
  sendTextAction,
  sendImageAction,
  sendJsEventAction,
  sendEmailAction,
  closeIntercomConversationAction,
  assignIntercomConversationAction,
  sendQuickRepliesAction,
  sendCardsAction,
  sendSimpleCardsAction,
  storeSessionValueAction,
  setUserAttributeAction,
  askLocationAction,
  googleCustomSearchAction,
  createZendeskTicketAction,
  jumpToAction,
  customerSatisfactionAction,
  sendWebhookRequestAction,
  createUserRequestAction,
  closeIadvizeConversationAction,
  transferIadvizeConversationAction,
  askDocumentAction,
  sendChoicesListAction,
  sendAiTaskAction,
] as const;

/** @internal The action variant, for composition. */
export const actionVariant = variant([...actionOptions]);

/** @internal Each action's own schema, by `type`: a direct lookup for hot paths. */
export const actionSchemaByType: ReadonlyMap<string, v.GenericSchema> = new Map(
  actionOptions.map((schema) => [schema.entries.type.literal, schema as v.GenericSchema]),
);

const ACTION_TYPES: ReadonlySet<string> = new Set(actionSchemaByType.keys());

/**
 * Tells whether an action's `type` is one the module knows.
 *
 * @example Skip the actions the module does not know
 * ```ts
 * import { isKnownAction, type StepAction } from "@clustaar/webhook";
 * const known = (actions: StepAction[]) => actions.filter(isKnownAction);
 * ```
 *
 * @category Models
 */
export function isKnownAction(action: StepAction): action is Action {
  return ACTION_TYPES.has(action.type);
}

/**
 * Tells whether `type` names an action the module knows.
 *
 * @example Tell a known action type from a new one
 * ```ts
 * import { isKnownActionType } from "@clustaar/webhook";
 * isKnownActionType("send_text_action"); // true
 * isKnownActionType("a_type_from_the_future"); // false
 * ```
 *
 * @category Models
 */
export function isKnownActionType(type: unknown): type is ActionType {
  return typeof type === "string" && ACTION_TYPES.has(type);
}

/**
 * Schema of any bot action the module knows, discriminated on `type` (an
 * unknown `type` is rejected, as the platform does).
 *
 * @example Validate one action
 * ```ts
 * import * as v from "valibot";
 * import { ActionSchema } from "@clustaar/webhook";
 * const result = v.safeParse(ActionSchema, { type: "send_text_action", alternatives: [] });
 * // result.success is false: 1 to 10 alternatives are expected
 * ```
 *
 * @category Models
 */
export const ActionSchema: v.GenericSchema<Action> = actionVariant;

/**
 * Schema of a pause_bot_action.
 *
 * @example Parse a pause_bot_action
 * ```ts
 * import * as v from "valibot";
 * import { PauseBotActionSchema } from "@clustaar/webhook";
 * const pauseBotAction = v.parse(PauseBotActionSchema, { type: "pause_bot_action" });
 * ```
 *
 * @category Models
 */
export const PauseBotActionSchema: v.GenericSchema<PauseBotAction> = pauseBotAction;
/**
 * Schema of a wait_action.
 *
 * @example Parse a wait_action
 * ```ts
 * import * as v from "valibot";
 * import { WaitActionSchema } from "@clustaar/webhook";
 * const waitAction = v.parse(WaitActionSchema, { type: "wait_action", duration: 1.5 });
 * ```
 *
 * @category Models
 */
export const WaitActionSchema: v.GenericSchema<WaitAction> = waitAction;
/**
 * Schema of a send_text_action.
 *
 * @example Parse a send_text_action
 * ```ts
 * import * as v from "valibot";
 * import { SendTextActionSchema } from "@clustaar/webhook";
 * const sendTextAction = v.parse(SendTextActionSchema, {
 *   type: "send_text_action",
 *   alternatives: ["Hello", "Hi"],
 * });
 * ```
 *
 * @category Models
 */
export const SendTextActionSchema: v.GenericSchema<SendTextAction> = sendTextAction;
/**
 * Schema of a send_image_action.
 *
 * @example Parse a send_image_action
 * ```ts
 * import * as v from "valibot";
 * import { SendImageActionSchema } from "@clustaar/webhook";
 * const sendImageAction = v.parse(SendImageActionSchema, {
 *   type: "send_image_action",
 *   imageURL: "https://example.com/tintin.png",
 *   alt: "Tintin",
 * });
 * ```
 *
 * @category Models
 */
export const SendImageActionSchema: v.GenericSchema<SendImageAction> = sendImageAction;
/**
 * Schema of a send_js_event_action.
 *
 * @example Parse a send_js_event_action
 * ```ts
 * import * as v from "valibot";
 * import { SendJsEventActionSchema } from "@clustaar/webhook";
 * const sendJsEventAction = v.parse(SendJsEventActionSchema, {
 *   type: "send_js_event_action",
 *   event: "cart_updated",
 *   payload: { items: 2 },
 * });
 * ```
 *
 * @category Models
 */
export const SendJsEventActionSchema: v.GenericSchema<SendJsEventAction> = sendJsEventAction;
/**
 * Schema of a send_email_action.
 *
 * @example Parse a send_email_action
 * ```ts
 * import * as v from "valibot";
 * import { SendEmailActionSchema } from "@clustaar/webhook";
 * const sendEmailAction = v.parse(SendEmailActionSchema, {
 *   type: "send_email_action",
 *   recipient: "team@example.com",
 *   subject: "New lead",
 *   content: "Call back",
 * });
 * ```
 *
 * @category Models
 */
export const SendEmailActionSchema: v.GenericSchema<SendEmailAction> = sendEmailAction;
/**
 * Schema of a close_intercom_conversation_action.
 *
 * @example Parse a close_intercom_conversation_action
 * ```ts
 * import * as v from "valibot";
 * import { CloseIntercomConversationActionSchema } from "@clustaar/webhook";
 * const closeIntercomConversationAction = v.parse(CloseIntercomConversationActionSchema, {
 *   type: "close_intercom_conversation_action",
 * });
 * ```
 *
 * @category Models
 */
export const CloseIntercomConversationActionSchema: v.GenericSchema<
  CloseIntercomConversationAction
> = closeIntercomConversationAction;
/**
 * Schema of an assign_intercom_conversation_action.
 *
 * @example Parse an assign_intercom_conversation_action
 * ```ts
 * import * as v from "valibot";
 * import { AssignIntercomConversationActionSchema } from "@clustaar/webhook";
 * const assignIntercomConversationAction = v.parse(AssignIntercomConversationActionSchema, {
 *   type: "assign_intercom_conversation_action",
 *   assigneeID: "1234567",
 * });
 * ```
 *
 * @category Models
 */
export const AssignIntercomConversationActionSchema: v.GenericSchema<
  AssignIntercomConversationAction
> = assignIntercomConversationAction;
/**
 * Schema of a send_quick_replies_action.
 *
 * @example Parse a send_quick_replies_action
 * ```ts
 * import * as v from "valibot";
 * import { SendQuickRepliesActionSchema } from "@clustaar/webhook";
 * const sendQuickRepliesAction = v.parse(SendQuickRepliesActionSchema, {
 *   type: "send_quick_replies_action",
 *   message: "Ready?",
 *   buttons: [{
 *     type: "quick_reply",
 *     title: "Yes",
 *     action: { type: "go_to_action", target: { type: "step", id: "a1a1a1a1a1a1a1a1a1a1a1a1" } },
 *   }],
 * });
 * ```
 *
 * @category Models
 */
export const SendQuickRepliesActionSchema: v.GenericSchema<SendQuickRepliesAction> =
  sendQuickRepliesAction;
/**
 * Schema of a send_cards_action.
 *
 * @example Parse a send_cards_action
 * ```ts
 * import * as v from "valibot";
 * import { SendCardsActionSchema } from "@clustaar/webhook";
 * const sendCardsAction = v.parse(SendCardsActionSchema, {
 *   type: "send_cards_action",
 *   cards: [{ type: "card", title: "Tintin", buttons: [] }],
 * });
 * ```
 *
 * @category Models
 */
export const SendCardsActionSchema: v.GenericSchema<SendCardsAction> = sendCardsAction;
/**
 * Schema of a send_simple_cards_action.
 *
 * @example Parse a send_simple_cards_action
 * ```ts
 * import * as v from "valibot";
 * import { SendSimpleCardsActionSchema } from "@clustaar/webhook";
 * const sendSimpleCardsAction = v.parse(SendSimpleCardsActionSchema, {
 *   type: "send_simple_cards_action",
 *   cards: [{ type: "simple_card", title: "Tintin" }],
 * });
 * ```
 *
 * @category Models
 */
export const SendSimpleCardsActionSchema: v.GenericSchema<SendSimpleCardsAction> =
  sendSimpleCardsAction;
/**
 * Schema of a store_session_value_action.
 *
 * @example Parse a store_session_value_action
 * ```ts
 * import * as v from "valibot";
 * import { StoreSessionValueActionSchema } from "@clustaar/webhook";
 * const storeSessionValueAction = v.parse(StoreSessionValueActionSchema, {
 *   type: "store_session_value_action",
 *   key: "prénom",
 *   value: "Tintin",
 * });
 * ```
 *
 * @category Models
 */
export const StoreSessionValueActionSchema: v.GenericSchema<StoreSessionValueAction> =
  storeSessionValueAction;
/**
 * Schema of a set_user_attribute_action.
 *
 * @example Parse a set_user_attribute_action
 * ```ts
 * import * as v from "valibot";
 * import { SetUserAttributeActionSchema } from "@clustaar/webhook";
 * const setUserAttributeAction = v.parse(SetUserAttributeActionSchema, {
 *   type: "set_user_attribute_action",
 *   key: "plan",
 *   value: "premium",
 * });
 * ```
 *
 * @category Models
 */
export const SetUserAttributeActionSchema: v.GenericSchema<SetUserAttributeAction> =
  setUserAttributeAction;
/**
 * Schema of an ask_location_action.
 *
 * @example Parse an ask_location_action
 * ```ts
 * import * as v from "valibot";
 * import { AskLocationActionSchema } from "@clustaar/webhook";
 * const askLocationAction = v.parse(AskLocationActionSchema, {
 *   type: "ask_location_action",
 *   message: "Where are you?",
 *   action: { type: "go_to_action", target: { type: "step", id: "a1a1a1a1a1a1a1a1a1a1a1a1" } },
 * });
 * ```
 *
 * @category Models
 */
export const AskLocationActionSchema: v.GenericSchema<AskLocationAction> = askLocationAction;
/**
 * Schema of a google_custom_search_action.
 *
 * @example Parse a google_custom_search_action
 * ```ts
 * import * as v from "valibot";
 * import { GoogleCustomSearchActionSchema } from "@clustaar/webhook";
 * const googleCustomSearchAction = v.parse(GoogleCustomSearchActionSchema, {
 *   type: "google_custom_search_action",
 *   query: "Tintin",
 *   customEngineID: "engine-1",
 *   limit: 3,
 * });
 * ```
 *
 * @category Models
 */
export const GoogleCustomSearchActionSchema: v.GenericSchema<GoogleCustomSearchAction> =
  googleCustomSearchAction;
/**
 * Schema of a create_zendesk_ticket_action.
 *
 * @example Parse a create_zendesk_ticket_action
 * ```ts
 * import * as v from "valibot";
 * import { CreateZendeskTicketActionSchema } from "@clustaar/webhook";
 * const createZendeskTicketAction = v.parse(CreateZendeskTicketActionSchema, {
 *   type: "create_zendesk_ticket_action",
 *   user: { email: "tintin@example.com" },
 *   description: "Lost my dog",
 * });
 * ```
 *
 * @category Models
 */
export const CreateZendeskTicketActionSchema: v.GenericSchema<CreateZendeskTicketAction> =
  createZendeskTicketAction;
/**
 * Schema of a jump_to_action.
 *
 * @example Parse a jump_to_action
 * ```ts
 * import * as v from "valibot";
 * import { JumpToActionSchema } from "@clustaar/webhook";
 * const jumpToAction = v.parse(JumpToActionSchema, {
 *   type: "jump_to_action",
 *   connections: [{
 *     type: "flow_connection",
 *     target: { type: "step", id: "a1a1a1a1a1a1a1a1a1a1a1a1" },
 *     predicates: [{ type: "connection_team_predicate", condition: { type: "is_online" } }],
 *   }],
 *   defaultTarget: null,
 * });
 * ```
 *
 * @category Models
 */
export const JumpToActionSchema: v.GenericSchema<JumpToAction> = jumpToAction;
/**
 * Schema of a customer_satisfaction_action.
 *
 * @example Parse a customer_satisfaction_action
 * ```ts
 * import * as v from "valibot";
 * import { CustomerSatisfactionActionSchema } from "@clustaar/webhook";
 * const customerSatisfactionAction = v.parse(CustomerSatisfactionActionSchema, {
 *   type: "customer_satisfaction_action",
 *   message: "Happy?",
 *   choices: [{
 *     type: "customer_satisfaction_choice",
 *     target: null,
 *     kind: "positive",
 *     label: "Yes",
 *     matchingIntent: null,
 *   }, {
 *     type: "customer_satisfaction_choice",
 *     target: null,
 *     kind: "negative",
 *     label: "No",
 *     matchingIntent: null,
 *   }],
 * });
 * ```
 *
 * @category Models
 */
export const CustomerSatisfactionActionSchema: v.GenericSchema<CustomerSatisfactionAction> =
  customerSatisfactionAction;
/**
 * Schema of a send_webhook_request_action.
 *
 * @example Parse a send_webhook_request_action
 * ```ts
 * import * as v from "valibot";
 * import { SendWebhookRequestActionSchema } from "@clustaar/webhook";
 * const sendWebhookRequestAction = v.parse(SendWebhookRequestActionSchema, {
 *   type: "send_webhook_request_action",
 *   url: "https://hooks.example.com/lead",
 *   description: "New lead",
 *   service: "custom",
 *   fields: [],
 * });
 * ```
 *
 * @category Models
 */
export const SendWebhookRequestActionSchema: v.GenericSchema<SendWebhookRequestAction> =
  sendWebhookRequestAction;
/**
 * Schema of a create_user_request_action.
 *
 * @example Parse a create_user_request_action
 * ```ts
 * import * as v from "valibot";
 * import { CreateUserRequestActionSchema } from "@clustaar/webhook";
 * const createUserRequestAction = v.parse(CreateUserRequestActionSchema, {
 *   type: "create_user_request_action",
 *   message: "A human, please",
 * });
 * ```
 *
 * @category Models
 */
export const CreateUserRequestActionSchema: v.GenericSchema<CreateUserRequestAction> =
  createUserRequestAction;
/**
 * Schema of a close_iadvize_conversation_action.
 *
 * @example Parse a close_iadvize_conversation_action
 * ```ts
 * import * as v from "valibot";
 * import { CloseIadvizeConversationActionSchema } from "@clustaar/webhook";
 * const closeIadvizeConversationAction = v.parse(CloseIadvizeConversationActionSchema, {
 *   type: "close_iadvize_conversation_action",
 * });
 * ```
 *
 * @category Models
 */
export const CloseIadvizeConversationActionSchema: v.GenericSchema<
  CloseIadvizeConversationAction
> = closeIadvizeConversationAction;
/**
 * Schema of a transfer_iadvize_conversation_action.
 *
 * @example Parse a transfer_iadvize_conversation_action
 * ```ts
 * import * as v from "valibot";
 * import { TransferIadvizeConversationActionSchema } from "@clustaar/webhook";
 * const transferIadvizeConversationAction = v.parse(TransferIadvizeConversationActionSchema, {
 *   type: "transfer_iadvize_conversation_action",
 *   distribution_rule: { label: "Human", id: "234" },
 * });
 * ```
 *
 * @category Models
 */
export const TransferIadvizeConversationActionSchema: v.GenericSchema<
  TransferIadvizeConversationAction
> = transferIadvizeConversationAction;
/**
 * Schema of an ask_document_action.
 *
 * @example Parse an ask_document_action
 * ```ts
 * import * as v from "valibot";
 * import { AskDocumentActionSchema } from "@clustaar/webhook";
 * const askDocumentAction = v.parse(AskDocumentActionSchema, {
 *   type: "ask_document_action",
 *   message: "Your ID, please",
 *   documents: [{
 *     type: "asked_document",
 *     message: "",
 *     name: "id_card",
 *     authorizedFileTypes: ["pdf"],
 *   }],
 * });
 * ```
 *
 * @category Models
 */
export const AskDocumentActionSchema: v.GenericSchema<AskDocumentAction> = askDocumentAction;
/**
 * Schema of a send_choices_list_action.
 *
 * @example Parse a send_choices_list_action
 * ```ts
 * import * as v from "valibot";
 * import { SendChoicesListActionSchema } from "@clustaar/webhook";
 * const sendChoicesListAction = v.parse(SendChoicesListActionSchema, {
 *   type: "send_choices_list_action",
 *   placeholder: "Pick one",
 *   sections: [{ type: "section", choices: [{ type: "choice", title: "Tintin" }] }],
 *   action: { type: "go_to_action", target: { type: "step", id: "a1a1a1a1a1a1a1a1a1a1a1a1" } },
 * });
 * ```
 *
 * @category Models
 */
export const SendChoicesListActionSchema: v.GenericSchema<SendChoicesListAction> =
  sendChoicesListAction;
/**
 * Schema of a send_ai_task_action.
 *
 * @example Parse a send_ai_task_action
 * ```ts
 * import * as v from "valibot";
 * import { SendAiTaskActionSchema } from "@clustaar/webhook";
 * const sendAiTaskAction = v.parse(SendAiTaskActionSchema, {
 *   type: "send_ai_task_action",
 *   engine: { type: "ai_task_engine", name: "Rune", opts: {} },
 *   behaviors: [],
 *   defaultTarget: null,
 * });
 * ```
 *
 * @category Models
 */
export const SendAiTaskActionSchema: v.GenericSchema<SendAiTaskAction> = sendAiTaskAction;

// ------------------------------------------------------------ constructors

/**
 * Builds a pause_bot_action.
 *
 * @example Build a pause_bot_action
 * ```ts
 * import { PauseBotAction } from "@clustaar/webhook";
 * const pauseBotAction = PauseBotAction();
 * ```
 *
 * @category Models
 */
export const PauseBotAction: (fields?: Fields<PauseBotAction>) => PauseBotAction = bare<
  PauseBotAction
>("pause_bot_action");
/**
 * Builds a wait_action; `duration` defaults to 2 seconds.
 *
 * @example Wait one second
 * ```ts
 * import { WaitAction } from "@clustaar/webhook";
 * const action = WaitAction({ duration: 1 });
 * ```
 *
 * @category Models
 */
export function WaitAction(fields: Partial<Fields<WaitAction>> = {}): WaitAction {
  return { type: "wait_action", duration: DEFAULT_WAIT_DURATION, ...fields };
}
/**
 * Builds a send_text_action.
 *
 * @example Build a text action
 * ```ts
 * import { SendTextAction } from "@clustaar/webhook";
 * const action = SendTextAction({ alternatives: ["hello", "bye"] });
 * ```
 *
 * @category Models
 */
export const SendTextAction: (fields: Fields<SendTextAction>) => SendTextAction = builder<
  SendTextAction
>("send_text_action");
/**
 * Builds a send_image_action.
 *
 * @example Build a send_image_action
 * ```ts
 * import { SendImageAction } from "@clustaar/webhook";
 * const sendImageAction = SendImageAction({
 *   imageURL: "https://example.com/tintin.png",
 *   alt: "Tintin",
 * });
 * ```
 *
 * @category Models
 */
export const SendImageAction: (fields: Fields<SendImageAction>) => SendImageAction = builder<
  SendImageAction
>("send_image_action");
/**
 * Builds a send_js_event_action.
 *
 * @example Build a send_js_event_action
 * ```ts
 * import { SendJsEventAction } from "@clustaar/webhook";
 * const sendJsEventAction = SendJsEventAction({ event: "cart_updated", payload: { items: 2 } });
 * ```
 *
 * @category Models
 */
export const SendJsEventAction: (fields: Fields<SendJsEventAction>) => SendJsEventAction = builder<
  SendJsEventAction
>("send_js_event_action");
/**
 * Builds a send_email_action.
 *
 * @example Build a send_email_action
 * ```ts
 * import { SendEmailAction } from "@clustaar/webhook";
 * const sendEmailAction = SendEmailAction({
 *   recipient: "team@example.com",
 *   subject: "New lead",
 *   content: "Call back",
 * });
 * ```
 *
 * @category Models
 */
export const SendEmailAction: (fields: Fields<SendEmailAction>) => SendEmailAction = builder<
  SendEmailAction
>("send_email_action");
/**
 * Builds a close_intercom_conversation_action.
 *
 * @example Build a close_intercom_conversation_action
 * ```ts
 * import { CloseIntercomConversationAction } from "@clustaar/webhook";
 * const closeIntercomConversationAction = CloseIntercomConversationAction();
 * ```
 *
 * @category Models
 */
export const CloseIntercomConversationAction: (
  fields?: Fields<CloseIntercomConversationAction>,
) => CloseIntercomConversationAction = bare<CloseIntercomConversationAction>(
  "close_intercom_conversation_action",
);
/**
 * Builds an assign_intercom_conversation_action.
 *
 * @example Build an assign_intercom_conversation_action
 * ```ts
 * import { AssignIntercomConversationAction } from "@clustaar/webhook";
 * const assignIntercomConversationAction = AssignIntercomConversationAction();
 * ```
 *
 * @category Models
 */
export const AssignIntercomConversationAction: (
  fields?: Fields<AssignIntercomConversationAction>,
) => AssignIntercomConversationAction = bare<AssignIntercomConversationAction>(
  "assign_intercom_conversation_action",
);
/**
 * Builds a send_quick_replies_action.
 *
 * @example Ask a yes/no question
 * ```ts
 * import { GoToAction, QuickReply, SendQuickRepliesAction, StepTarget } from "@clustaar/webhook";
 * const yes = GoToAction({ target: StepTarget({ id: "a1a1a1a1a1a1a1a1a1a1a1a1" }) });
 * const action = SendQuickRepliesAction({
 *   message: "Ready?",
 *   buttons: [QuickReply({ title: "Yes", action: yes })],
 * });
 * ```
 *
 * @category Models
 */
export const SendQuickRepliesAction: (
  fields: Fields<SendQuickRepliesAction>,
) => SendQuickRepliesAction = builder<SendQuickRepliesAction>("send_quick_replies_action");
/**
 * Builds a send_cards_action.
 *
 * @example A one-card carousel
 * ```ts
 * import { Card, SendCardsAction } from "@clustaar/webhook";
 * const action = SendCardsAction({ cards: [Card({ title: "Tintin" })] });
 * ```
 *
 * @category Models
 */
export const SendCardsAction: (fields: Fields<SendCardsAction>) => SendCardsAction = builder<
  SendCardsAction
>("send_cards_action");
/**
 * Builds a send_simple_cards_action.
 *
 * @example Build a send_simple_cards_action
 * ```ts
 * import { SendSimpleCardsAction } from "@clustaar/webhook";
 * const sendSimpleCardsAction = SendSimpleCardsAction({
 *   cards: [{ type: "simple_card", title: "Tintin" }],
 * });
 * ```
 *
 * @category Models
 */
export const SendSimpleCardsAction: (
  fields: Fields<SendSimpleCardsAction>,
) => SendSimpleCardsAction = builder<SendSimpleCardsAction>("send_simple_cards_action");
/**
 * Builds a store_session_value_action.
 *
 * @example Build a store_session_value_action
 * ```ts
 * import { StoreSessionValueAction } from "@clustaar/webhook";
 * const storeSessionValueAction = StoreSessionValueAction({ key: "prénom", value: "Tintin" });
 * ```
 *
 * @category Models
 */
export const StoreSessionValueAction: (
  fields: Fields<StoreSessionValueAction>,
) => StoreSessionValueAction = builder<StoreSessionValueAction>("store_session_value_action");
/**
 * Builds a set_user_attribute_action.
 *
 * @example Build a set_user_attribute_action
 * ```ts
 * import { SetUserAttributeAction } from "@clustaar/webhook";
 * const setUserAttributeAction = SetUserAttributeAction({ key: "plan", value: "premium" });
 * ```
 *
 * @category Models
 */
export const SetUserAttributeAction: (
  fields: Fields<SetUserAttributeAction>,
) => SetUserAttributeAction = builder<SetUserAttributeAction>("set_user_attribute_action");
/**
 * Builds an ask_location_action.
 *
 * @example Build an ask_location_action
 * ```ts
 * import { AskLocationAction } from "@clustaar/webhook";
 * const askLocationAction = AskLocationAction({
 *   message: "Where are you?",
 *   action: { type: "go_to_action", target: { type: "step", id: "a1a1a1a1a1a1a1a1a1a1a1a1" } },
 * });
 * ```
 *
 * @category Models
 */
export const AskLocationAction: (fields: Fields<AskLocationAction>) => AskLocationAction = builder<
  AskLocationAction
>("ask_location_action");
/**
 * Builds a google_custom_search_action.
 *
 * @example Build a google_custom_search_action
 * ```ts
 * import { GoogleCustomSearchAction } from "@clustaar/webhook";
 * const googleCustomSearchAction = GoogleCustomSearchAction({
 *   query: "Tintin",
 *   customEngineID: "engine-1",
 *   limit: 3,
 * });
 * ```
 *
 * @category Models
 */
export const GoogleCustomSearchAction: (
  fields: Fields<GoogleCustomSearchAction>,
) => GoogleCustomSearchAction = builder<GoogleCustomSearchAction>("google_custom_search_action");
/**
 * Builds a create_zendesk_ticket_action.
 *
 * @example Build a create_zendesk_ticket_action
 * ```ts
 * import { CreateZendeskTicketAction } from "@clustaar/webhook";
 * const createZendeskTicketAction = CreateZendeskTicketAction({
 *   user: { email: "tintin@example.com" },
 *   description: "Lost my dog",
 * });
 * ```
 *
 * @category Models
 */
export const CreateZendeskTicketAction: (
  fields: Fields<CreateZendeskTicketAction>,
) => CreateZendeskTicketAction = builder<CreateZendeskTicketAction>(
  "create_zendesk_ticket_action",
);
/**
 * Builds a jump_to_action.
 *
 * @example Build a jump_to_action
 * ```ts
 * import { JumpToAction } from "@clustaar/webhook";
 * const jumpToAction = JumpToAction({
 *   connections: [{
 *     type: "flow_connection",
 *     target: { type: "step", id: "a1a1a1a1a1a1a1a1a1a1a1a1" },
 *     predicates: [{ type: "connection_team_predicate", condition: { type: "is_online" } }],
 *   }],
 *   defaultTarget: null,
 * });
 * ```
 *
 * @category Models
 */
export const JumpToAction: (fields: Fields<JumpToAction>) => JumpToAction = builder<JumpToAction>(
  "jump_to_action",
);
/**
 * Builds a customer_satisfaction_action.
 *
 * @example Build a customer_satisfaction_action
 * ```ts
 * import { CustomerSatisfactionAction } from "@clustaar/webhook";
 * const customerSatisfactionAction = CustomerSatisfactionAction({
 *   message: "Happy?",
 *   choices: [{
 *     type: "customer_satisfaction_choice",
 *     target: null,
 *     kind: "positive",
 *     label: "Yes",
 *     matchingIntent: null,
 *   }, {
 *     type: "customer_satisfaction_choice",
 *     target: null,
 *     kind: "negative",
 *     label: "No",
 *     matchingIntent: null,
 *   }],
 * });
 * ```
 *
 * @category Models
 */
export const CustomerSatisfactionAction: (
  fields: Fields<CustomerSatisfactionAction>,
) => CustomerSatisfactionAction = builder<CustomerSatisfactionAction>(
  "customer_satisfaction_action",
);
/**
 * Builds a send_webhook_request_action.
 *
 * @example Build a send_webhook_request_action
 * ```ts
 * import { SendWebhookRequestAction } from "@clustaar/webhook";
 * const sendWebhookRequestAction = SendWebhookRequestAction({
 *   url: "https://hooks.example.com/lead",
 *   description: "New lead",
 *   service: "custom",
 *   fields: [],
 * });
 * ```
 *
 * @category Models
 */
export const SendWebhookRequestAction: (
  fields: Fields<SendWebhookRequestAction>,
) => SendWebhookRequestAction = builder<SendWebhookRequestAction>("send_webhook_request_action");
/**
 * Builds a create_user_request_action.
 *
 * @example Build a create_user_request_action
 * ```ts
 * import { CreateUserRequestAction } from "@clustaar/webhook";
 * const createUserRequestAction = CreateUserRequestAction({ message: "A human, please" });
 * ```
 *
 * @category Models
 */
export const CreateUserRequestAction: (
  fields: Fields<CreateUserRequestAction>,
) => CreateUserRequestAction = builder<CreateUserRequestAction>("create_user_request_action");
/**
 * Builds a close_iadvize_conversation_action.
 *
 * @example Build a close_iadvize_conversation_action
 * ```ts
 * import { CloseIadvizeConversationAction } from "@clustaar/webhook";
 * const closeIadvizeConversationAction = CloseIadvizeConversationAction();
 * ```
 *
 * @category Models
 */
export const CloseIadvizeConversationAction: (
  fields?: Fields<CloseIadvizeConversationAction>,
) => CloseIadvizeConversationAction = bare<CloseIadvizeConversationAction>(
  "close_iadvize_conversation_action",
);
/**
 * Builds a transfer_iadvize_conversation_action.
 *
 * @example Build a transfer_iadvize_conversation_action
 * ```ts
 * import { TransferIadvizeConversationAction } from "@clustaar/webhook";
 * const transferIadvizeConversationAction = TransferIadvizeConversationAction({
 *   distribution_rule: { label: "Human", id: "234" },
 * });
 * ```
 *
 * @category Models
 */
export const TransferIadvizeConversationAction: (
  fields: Fields<TransferIadvizeConversationAction>,
) => TransferIadvizeConversationAction = builder<TransferIadvizeConversationAction>(
  "transfer_iadvize_conversation_action",
);
/**
 * Builds an ask_document_action.
 *
 * @example Build an ask_document_action
 * ```ts
 * import { AskDocumentAction } from "@clustaar/webhook";
 * const askDocumentAction = AskDocumentAction({
 *   message: "Your ID, please",
 *   documents: [{
 *     type: "asked_document",
 *     message: "",
 *     name: "id_card",
 *     authorizedFileTypes: ["pdf"],
 *   }],
 * });
 * ```
 *
 * @category Models
 */
export const AskDocumentAction: (fields: Fields<AskDocumentAction>) => AskDocumentAction = builder<
  AskDocumentAction
>("ask_document_action");
/**
 * Builds a send_choices_list_action.
 *
 * @example Build a send_choices_list_action
 * ```ts
 * import { SendChoicesListAction } from "@clustaar/webhook";
 * const sendChoicesListAction = SendChoicesListAction({
 *   placeholder: "Pick one",
 *   sections: [{ type: "section", choices: [{ type: "choice", title: "Tintin" }] }],
 *   action: { type: "go_to_action", target: { type: "step", id: "a1a1a1a1a1a1a1a1a1a1a1a1" } },
 * });
 * ```
 *
 * @category Models
 */
export const SendChoicesListAction: (
  fields: Fields<SendChoicesListAction>,
) => SendChoicesListAction = builder<SendChoicesListAction>("send_choices_list_action");
/**
 * Builds a send_ai_task_action; `userAttributes` defaults to false.
 *
 * @example Build a send_ai_task_action
 * ```ts
 * import { SendAiTaskAction } from "@clustaar/webhook";
 * const sendAiTaskAction = SendAiTaskAction({
 *   engine: { type: "ai_task_engine", name: "Rune", opts: {} },
 *   behaviors: [],
 *   defaultTarget: null,
 * });
 * ```
 *
 * @category Models
 */
export function SendAiTaskAction(fields: Fields<SendAiTaskAction>): SendAiTaskAction {
  return { type: "send_ai_task_action", userAttributes: DEFAULT_USER_ATTRIBUTES, ...fields };
}
