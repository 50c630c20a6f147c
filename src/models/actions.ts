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
  word,
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

const pauseBotAction = object({ type: tag("pause_bot_action") });
const waitAction = object({
  type: tag("wait_action"),
  duration: v.pipe(
    num,
    v.check((n: number) => n >= 0.5 && n <= 7, "expected a number from 0.5 to 7"),
    defaultOnLoad(2),
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
  key: v.pipe(str, chars(1, 100), word),
  value: text(1, 200),
  add: v.nullish(bool),
  isInt: v.nullish(bool),
});
const setUserAttributeAction = object({
  type: tag("set_user_attribute_action"),
  key: v.pipe(
    str,
    chars(1, 100),
    word,
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
  userAttributes: v.pipe(v.optional(bool), defaultOnLoad(false)),
});

// -------------------------------------------------------------------- types

/** Hands the conversation over to a human: the bot stops answering. */
export interface PauseBotAction {
  /** Discriminant. */
  type: "pause_bot_action";
}
/** Waits (shows a typing indicator) before the next action. */
export interface WaitAction {
  /** Discriminant. */
  type: "wait_action";
  /** Seconds, from 0.5 to 7. */
  duration: number;
}
/** A text message; the bot sends one of the alternatives, picked at random. */
export interface SendTextAction {
  /** Discriminant. */
  type: "send_text_action";
  /** 1 to 10 texts of 1 to 1000 characters each. */
  alternatives: string[];
  /** Read-only: the alternative the platform picked. */
  text?: string;
}
/** Sends an image. */
export interface SendImageAction {
  /** Discriminant. */
  type: "send_image_action";
  /** An http(s) URL of up to 500 characters. */
  imageURL: string;
  /** Alternative text, up to 500 characters. */
  alt?: string | null;
}
/** Emits a JavaScript event in the web chat. */
export interface SendJsEventAction {
  /** Discriminant. */
  type: "send_js_event_action";
  /** Event name, 1 to 200 characters. */
  event: string;
  /** Event payload. */
  payload?: Record<string, unknown> | null;
}
/** Sends an email. */
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
/** Closes the Intercom conversation. */
export interface CloseIntercomConversationAction {
  /** Discriminant. */
  type: "close_intercom_conversation_action";
}
/** Assigns the Intercom conversation. */
export interface AssignIntercomConversationAction {
  /** Discriminant. */
  type: "assign_intercom_conversation_action";
  /** Intercom admin id: digits only, up to 100. */
  assigneeID?: string | null;
}
/** A message with quick reply buttons. */
export interface SendQuickRepliesAction {
  /** Discriminant. */
  type: "send_quick_replies_action";
  /** 1 to 1000 characters. */
  message: string;
  /** 1 to 11 quick replies. */
  buttons: QuickReply[];
}
/** A carousel of cards. */
export interface SendCardsAction {
  /** Discriminant. */
  type: "send_cards_action";
  /** 1 to 25 cards. */
  cards: Card[];
}
/** A carousel of simple cards. */
export interface SendSimpleCardsAction {
  /** Discriminant. */
  type: "send_simple_cards_action";
  /** 1 to 25 simple cards. */
  cards: SimpleCard[];
}
/** Stores a value in the conversation session. */
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
/** Sets an attribute of the user. */
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
/** Asks the user to share their location. */
export interface AskLocationAction {
  /** Discriminant. */
  type: "ask_location_action";
  /** 1 to 1000 characters. */
  message: string;
  /** Where to go once the location is shared. */
  action: GoToAction;
}
/** Runs a Google custom search and shows the results. */
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
/** Kind of a Zendesk ticket. */
export type ZendeskTicketType = "question" | "incident" | "problem" | "task" | "";
/** Priority of a Zendesk ticket. */
export type ZendeskTicketPriority = "urgent" | "high" | "normal" | "low" | "";
/** Creates a Zendesk ticket. */
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
/** Jumps to the first connection whose predicates hold, else to the default. */
export interface JumpToAction {
  /** Discriminant. */
  type: "jump_to_action";
  /** Up to 10 connections, tried in order. */
  connections: FlowConnection[];
  /** Where to go when no connection holds, or null. */
  defaultTarget: Target | null;
}
/** Asks how satisfied the user is. */
export interface CustomerSatisfactionAction {
  /** Discriminant. */
  type: "customer_satisfaction_action";
  /** 1 to 1000 characters. */
  message: string;
  /** 2 or 3 choices. */
  choices: CustomerSatisfactionChoice[];
}
/** Calls a custom or Zapier webhook. */
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
/** Opens a request for a human agent. */
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
/** Closes the iAdvize conversation. */
export interface CloseIadvizeConversationAction {
  /** Discriminant. */
  type: "close_iadvize_conversation_action";
}
/** Transfers the iAdvize conversation. */
export interface TransferIadvizeConversationAction {
  /** Discriminant. */
  type: "transfer_iadvize_conversation_action";
  /** Where to transfer (snake_case on the wire). */
  distribution_rule: DistributionRule;
  /** Sent when the transfer fails (snake_case on the wire). */
  failed_transfer_message?: string;
}
/** Asks the user to upload documents. */
export interface AskDocumentAction {
  /** Discriminant. */
  type: "ask_document_action";
  /** Up to 300 characters. */
  message: string;
  /** 1 to 20 documents. */
  documents: AskedDocument[];
}
/** A list of choices grouped in sections. */
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
/** Runs an AI task and follows the behaviour it selects. */
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

/** Any bot action the module knows, discriminated on `type`. */
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

/** The `type` of every action the module knows. */
export type ActionType = Action["type"];

/**
 * The `type` of an action the module does not know. At run time it is the
 * platform's plain string; the type is opaque (a pattern no real type has) so
 * that a misspelt `type` in a hand-written action never type-checks, and so
 * that narrowing on a known `type` leaves only the known action. Read it as a
 * `string`; test it with {@link isKnownAction}.
 */
export type UnknownActionType = `${string} (unknown action type)`;

/**
 * An action whose `type` the module does not know (the platform adds new ones).
 * It only comes from a notification's `step.actions`, kept as is, and may be
 * returned unchanged in a response.
 */
export interface UnknownAction {
  /** The platform's action type. */
  readonly type: UnknownActionType;
  /** The action's other keys. */
  readonly [key: string]: unknown;
}

/** An item of `step.actions` or of a response's `actions`. */
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
 */
export function isKnownAction(action: StepAction): action is Action {
  return ACTION_TYPES.has(action.type);
}

/** Tells whether `type` names an action the module knows. */
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
 */
export const ActionSchema: v.GenericSchema<Action> = actionVariant;

/** Schema of a pause_bot_action. */
export const PauseBotActionSchema: v.GenericSchema<PauseBotAction> = pauseBotAction;
/** Schema of a wait_action. */
export const WaitActionSchema: v.GenericSchema<WaitAction> = waitAction;
/** Schema of a send_text_action. */
export const SendTextActionSchema: v.GenericSchema<SendTextAction> = sendTextAction;
/** Schema of a send_image_action. */
export const SendImageActionSchema: v.GenericSchema<SendImageAction> = sendImageAction;
/** Schema of a send_js_event_action. */
export const SendJsEventActionSchema: v.GenericSchema<SendJsEventAction> = sendJsEventAction;
/** Schema of a send_email_action. */
export const SendEmailActionSchema: v.GenericSchema<SendEmailAction> = sendEmailAction;
/** Schema of a close_intercom_conversation_action. */
export const CloseIntercomConversationActionSchema: v.GenericSchema<
  CloseIntercomConversationAction
> = closeIntercomConversationAction;
/** Schema of an assign_intercom_conversation_action. */
export const AssignIntercomConversationActionSchema: v.GenericSchema<
  AssignIntercomConversationAction
> = assignIntercomConversationAction;
/** Schema of a send_quick_replies_action. */
export const SendQuickRepliesActionSchema: v.GenericSchema<SendQuickRepliesAction> =
  sendQuickRepliesAction;
/** Schema of a send_cards_action. */
export const SendCardsActionSchema: v.GenericSchema<SendCardsAction> = sendCardsAction;
/** Schema of a send_simple_cards_action. */
export const SendSimpleCardsActionSchema: v.GenericSchema<SendSimpleCardsAction> =
  sendSimpleCardsAction;
/** Schema of a store_session_value_action. */
export const StoreSessionValueActionSchema: v.GenericSchema<StoreSessionValueAction> =
  storeSessionValueAction;
/** Schema of a set_user_attribute_action. */
export const SetUserAttributeActionSchema: v.GenericSchema<SetUserAttributeAction> =
  setUserAttributeAction;
/** Schema of an ask_location_action. */
export const AskLocationActionSchema: v.GenericSchema<AskLocationAction> = askLocationAction;
/** Schema of a google_custom_search_action. */
export const GoogleCustomSearchActionSchema: v.GenericSchema<GoogleCustomSearchAction> =
  googleCustomSearchAction;
/** Schema of a create_zendesk_ticket_action. */
export const CreateZendeskTicketActionSchema: v.GenericSchema<CreateZendeskTicketAction> =
  createZendeskTicketAction;
/** Schema of a jump_to_action. */
export const JumpToActionSchema: v.GenericSchema<JumpToAction> = jumpToAction;
/** Schema of a customer_satisfaction_action. */
export const CustomerSatisfactionActionSchema: v.GenericSchema<CustomerSatisfactionAction> =
  customerSatisfactionAction;
/** Schema of a send_webhook_request_action. */
export const SendWebhookRequestActionSchema: v.GenericSchema<SendWebhookRequestAction> =
  sendWebhookRequestAction;
/** Schema of a create_user_request_action. */
export const CreateUserRequestActionSchema: v.GenericSchema<CreateUserRequestAction> =
  createUserRequestAction;
/** Schema of a close_iadvize_conversation_action. */
export const CloseIadvizeConversationActionSchema: v.GenericSchema<
  CloseIadvizeConversationAction
> = closeIadvizeConversationAction;
/** Schema of a transfer_iadvize_conversation_action. */
export const TransferIadvizeConversationActionSchema: v.GenericSchema<
  TransferIadvizeConversationAction
> = transferIadvizeConversationAction;
/** Schema of an ask_document_action. */
export const AskDocumentActionSchema: v.GenericSchema<AskDocumentAction> = askDocumentAction;
/** Schema of a send_choices_list_action. */
export const SendChoicesListActionSchema: v.GenericSchema<SendChoicesListAction> =
  sendChoicesListAction;
/** Schema of a send_ai_task_action. */
export const SendAiTaskActionSchema: v.GenericSchema<SendAiTaskAction> = sendAiTaskAction;

// ------------------------------------------------------------ constructors

/** Builds a pause_bot_action. */
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
 */
export function WaitAction(fields: Partial<Fields<WaitAction>> = {}): WaitAction {
  return { type: "wait_action", duration: 2, ...fields };
}
/**
 * Builds a send_text_action.
 *
 * @example Build a text action
 * ```ts
 * import { SendTextAction } from "@clustaar/webhook";
 * const action = SendTextAction({ alternatives: ["hello", "bye"] });
 * ```
 */
export const SendTextAction: (fields: Fields<SendTextAction>) => SendTextAction = builder<
  SendTextAction
>("send_text_action");
/** Builds a send_image_action. */
export const SendImageAction: (fields: Fields<SendImageAction>) => SendImageAction = builder<
  SendImageAction
>("send_image_action");
/** Builds a send_js_event_action. */
export const SendJsEventAction: (fields: Fields<SendJsEventAction>) => SendJsEventAction = builder<
  SendJsEventAction
>("send_js_event_action");
/** Builds a send_email_action. */
export const SendEmailAction: (fields: Fields<SendEmailAction>) => SendEmailAction = builder<
  SendEmailAction
>("send_email_action");
/** Builds a close_intercom_conversation_action. */
export const CloseIntercomConversationAction: (
  fields?: Fields<CloseIntercomConversationAction>,
) => CloseIntercomConversationAction = bare<CloseIntercomConversationAction>(
  "close_intercom_conversation_action",
);
/** Builds an assign_intercom_conversation_action. */
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
 */
export const SendCardsAction: (fields: Fields<SendCardsAction>) => SendCardsAction = builder<
  SendCardsAction
>("send_cards_action");
/** Builds a send_simple_cards_action. */
export const SendSimpleCardsAction: (
  fields: Fields<SendSimpleCardsAction>,
) => SendSimpleCardsAction = builder<SendSimpleCardsAction>("send_simple_cards_action");
/** Builds a store_session_value_action. */
export const StoreSessionValueAction: (
  fields: Fields<StoreSessionValueAction>,
) => StoreSessionValueAction = builder<StoreSessionValueAction>("store_session_value_action");
/** Builds a set_user_attribute_action. */
export const SetUserAttributeAction: (
  fields: Fields<SetUserAttributeAction>,
) => SetUserAttributeAction = builder<SetUserAttributeAction>("set_user_attribute_action");
/** Builds an ask_location_action. */
export const AskLocationAction: (fields: Fields<AskLocationAction>) => AskLocationAction = builder<
  AskLocationAction
>("ask_location_action");
/** Builds a google_custom_search_action. */
export const GoogleCustomSearchAction: (
  fields: Fields<GoogleCustomSearchAction>,
) => GoogleCustomSearchAction = builder<GoogleCustomSearchAction>("google_custom_search_action");
/** Builds a create_zendesk_ticket_action. */
export const CreateZendeskTicketAction: (
  fields: Fields<CreateZendeskTicketAction>,
) => CreateZendeskTicketAction = builder<CreateZendeskTicketAction>(
  "create_zendesk_ticket_action",
);
/** Builds a jump_to_action. */
export const JumpToAction: (fields: Fields<JumpToAction>) => JumpToAction = builder<JumpToAction>(
  "jump_to_action",
);
/** Builds a customer_satisfaction_action. */
export const CustomerSatisfactionAction: (
  fields: Fields<CustomerSatisfactionAction>,
) => CustomerSatisfactionAction = builder<CustomerSatisfactionAction>(
  "customer_satisfaction_action",
);
/** Builds a send_webhook_request_action. */
export const SendWebhookRequestAction: (
  fields: Fields<SendWebhookRequestAction>,
) => SendWebhookRequestAction = builder<SendWebhookRequestAction>("send_webhook_request_action");
/** Builds a create_user_request_action. */
export const CreateUserRequestAction: (
  fields: Fields<CreateUserRequestAction>,
) => CreateUserRequestAction = builder<CreateUserRequestAction>("create_user_request_action");
/** Builds a close_iadvize_conversation_action. */
export const CloseIadvizeConversationAction: (
  fields?: Fields<CloseIadvizeConversationAction>,
) => CloseIadvizeConversationAction = bare<CloseIadvizeConversationAction>(
  "close_iadvize_conversation_action",
);
/** Builds a transfer_iadvize_conversation_action. */
export const TransferIadvizeConversationAction: (
  fields: Fields<TransferIadvizeConversationAction>,
) => TransferIadvizeConversationAction = builder<TransferIadvizeConversationAction>(
  "transfer_iadvize_conversation_action",
);
/** Builds an ask_document_action. */
export const AskDocumentAction: (fields: Fields<AskDocumentAction>) => AskDocumentAction = builder<
  AskDocumentAction
>("ask_document_action");
/** Builds a send_choices_list_action. */
export const SendChoicesListAction: (
  fields: Fields<SendChoicesListAction>,
) => SendChoicesListAction = builder<SendChoicesListAction>("send_choices_list_action");
/** Builds a send_ai_task_action; `userAttributes` defaults to false. */
export function SendAiTaskAction(fields: Fields<SendAiTaskAction>): SendAiTaskAction {
  return { type: "send_ai_task_action", userAttributes: false, ...fields };
}
