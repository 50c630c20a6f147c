/**
 * The model layer: wire schemas (valibot), their TypeScript types, and
 * constructors that fill `type` and return the plain wire object.
 *
 * Each model `Foo` has a type `Foo`, a schema `FooSchema` and a constructor
 * `Foo(fields)`. Constructors do not validate; the webhook validates each
 * response once, with {@link validateResponse}.
 *
 * @example Build and check a response
 * ```ts
 * import { SendTextAction, StepReachedResponse, validateResponse } from "@clustaar/webhook";
 * const body = StepReachedResponse({ actions: [SendTextAction({ alternatives: ["Hi"] })] });
 * validateResponse(body).success; // true
 * ```
 *
 * @module
 */

// Commonly used: the response and what goes in it.
export {
  ActionSchema,
  AskDocumentAction,
  AskDocumentActionSchema,
  AskLocationAction,
  AskLocationActionSchema,
  AssignIntercomConversationAction,
  AssignIntercomConversationActionSchema,
  CloseIadvizeConversationAction,
  CloseIadvizeConversationActionSchema,
  CloseIntercomConversationAction,
  CloseIntercomConversationActionSchema,
  CreateUserRequestAction,
  CreateUserRequestActionSchema,
  CreateZendeskTicketAction,
  CreateZendeskTicketActionSchema,
  CustomerSatisfactionAction,
  CustomerSatisfactionActionSchema,
  GoogleCustomSearchAction,
  GoogleCustomSearchActionSchema,
  isKnownAction,
  isKnownActionType,
  JumpToAction,
  JumpToActionSchema,
  PauseBotAction,
  PauseBotActionSchema,
  SendAiTaskAction,
  SendAiTaskActionSchema,
  SendCardsAction,
  SendCardsActionSchema,
  SendChoicesListAction,
  SendChoicesListActionSchema,
  SendEmailAction,
  SendEmailActionSchema,
  SendImageAction,
  SendImageActionSchema,
  SendJsEventAction,
  SendJsEventActionSchema,
  SendQuickRepliesAction,
  SendQuickRepliesActionSchema,
  SendSimpleCardsAction,
  SendSimpleCardsActionSchema,
  SendTextAction,
  SendTextActionSchema,
  SendWebhookRequestAction,
  SendWebhookRequestActionSchema,
  SetUserAttributeAction,
  SetUserAttributeActionSchema,
  StoreSessionValueAction,
  StoreSessionValueActionSchema,
  TransferIadvizeConversationAction,
  TransferIadvizeConversationActionSchema,
  WaitAction,
  WaitActionSchema,
} from "./actions.ts";
export type {
  Action,
  ActionType,
  StepAction,
  UnknownAction,
  UnknownActionType,
  ZendeskTicketPriority,
  ZendeskTicketType,
} from "./actions.ts";

// Parts of actions.
export {
  AiTaskBehavior,
  AiTaskBehaviorSchema,
  AiTaskEngine,
  AiTaskEngineSchema,
  AskedDocument,
  AskedDocumentSchema,
  Button,
  ButtonSchema,
  Card,
  CardSchema,
  Choice,
  ChoiceSchema,
  CustomerSatisfactionChoice,
  CustomerSatisfactionChoiceSchema,
  DistributionRule,
  DistributionRuleSchema,
  OpenUrlButton,
  OpenUrlButtonSchema,
  QuickReply,
  QuickReplySchema,
  Section,
  SectionSchema,
  SimpleCard,
  SimpleCardSchema,
  WebhookRequestField,
  WebhookRequestFieldSchema,
  ZendeskUser,
  ZendeskUserSchema,
} from "./action_parts.ts";

// Button actions.
export {
  ButtonActionSchema,
  CustomerSatisfactionCallbackAction,
  CustomerSatisfactionCallbackActionSchema,
  GoToAction,
  GoToActionSchema,
  LegacyReplyAttachment,
  LegacyReplyAttachmentSchema,
  LegacyReplyToMessageAction,
  LegacyReplyToMessageActionSchema,
  OpenUrlAction,
  OpenUrlActionSchema,
  ShareAction,
  ShareActionSchema,
} from "./button_actions.ts";
export type { ButtonAction, SatisfactionKind } from "./button_actions.ts";

// Targets, value getters, conditions, predicates and flow connections.
export {
  AttachmentValueGetter,
  AttachmentValueGetterSchema,
  ConditionSchema,
  ConnectionPredicate,
  ConnectionPredicateSchema,
  ConnectionTeamPredicate,
  ConnectionTeamPredicateSchema,
  ConnectionUserPredicate,
  ConnectionUserPredicateSchema,
  ContainsCondition,
  ContainsConditionSchema,
  EqualsCondition,
  EqualsConditionSchema,
  FlowConnection,
  FlowConnectionSchema,
  Intent,
  IntentSchema,
  IsGreaterThanCondition,
  IsGreaterThanConditionSchema,
  IsGreaterThanOrEqualCondition,
  IsGreaterThanOrEqualConditionSchema,
  IsLessThanCondition,
  IsLessThanConditionSchema,
  IsLessThanOrEqualCondition,
  IsLessThanOrEqualConditionSchema,
  IsLoggedCondition,
  IsLoggedConditionSchema,
  IsNotLoggedCondition,
  IsNotLoggedConditionSchema,
  IsNotSetCondition,
  IsNotSetConditionSchema,
  IsNumberCondition,
  IsNumberConditionSchema,
  IsOfflineCondition,
  IsOfflineConditionSchema,
  IsOnlineCondition,
  IsOnlineConditionSchema,
  IsSetCondition,
  IsSetConditionSchema,
  MatchIntentCondition,
  MatchIntentConditionSchema,
  MatchRegexpCondition,
  MatchRegexpConditionSchema,
  MessageGetter,
  MessageGetterSchema,
  PredicateSchema,
  SessionValueGetter,
  SessionValueGetterSchema,
  StepTarget,
  StepTargetSchema,
  StoryTarget,
  StoryTargetSchema,
  TargetSchema,
  TeamConditionSchema,
  UserAttributeGetter,
  UserAttributeGetterSchema,
  UserConditionSchema,
  ValueConditionSchema,
  ValueGetterSchema,
} from "./flow.ts";
export type {
  Condition,
  Predicate,
  Target,
  TeamCondition,
  UserCondition,
  ValueCondition,
  ValueGetter,
} from "./flow.ts";

// Conversation: inputs, interlocutor, session, step.
export {
  Attachment,
  AttachmentSchema,
  ConversationSession,
  ConversationSessionSchema,
  Coordinates,
  CoordinatesSchema,
  CustomEventInput,
  CustomEventInputSchema,
  InputSchema,
  Interlocutor,
  InterlocutorSchema,
  LegacyReplyInput,
  LegacyReplyInputSchema,
  MessageInput,
  MessageInputSchema,
  Step,
  StepActionSchema,
  StepSchema,
  UrlLoadedEventInput,
  UrlLoadedEventInputSchema,
} from "./conversation.ts";
export type { AttachmentType, Input } from "./conversation.ts";

// Envelopes: the notification and the response.
export {
  Notification,
  NotificationSchema,
  StepReachedEvent,
  StepReachedEventSchema,
  StepReachedResponse,
  StepReachedResponseSchema,
} from "./envelopes.ts";
export type {
  NotificationEvent,
  StepReachedNotification,
  UnknownEvent,
  UnknownEventType,
} from "./envelopes.ts";

/** The fields a model constructor takes: the model without its `type`. */
export type { Fields } from "./_primitives.ts";

// For the webhook core and experts: the inbound and outbound checks.
export {
  collectUnknownActions,
  formatIssues,
  parseNotification,
  ResponseValidationError,
  validateResponse,
} from "./_validation.ts";
export type {
  ParseNotificationResult,
  ValidateResponseResult,
  ValidationIssue,
  ValidationIssues,
} from "./_validation.ts";
