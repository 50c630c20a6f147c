/**
 * A kit for testing Clustaar webhooks without the platform: complete sample
 * notifications with deep overrides, requests signed exactly as the platform
 * signs them, a way to run a handler and validate its answer without HTTP,
 * a manual clock for the freshness and replay rules, and whole
 * conversations played turn by turn against a bot file, as the platform
 * plays them (createBot, createConversation).
 *
 * @example Test a webhook end to end, in memory
 * ```ts
 * import { events, SendTextAction, StepID, Webhook } from "@clustaar/webhook";
 * import { createNotification, createSignedRequest } from "@clustaar/webhook/testing";
 *
 * const app = new Webhook({ privateKey: "secret" });
 * app.on(
 *   events.CONVERSATION_STEP_REACHED,
 *   () => ({ actions: [SendTextAction({ alternatives: ["Welcome!"] })] }),
 *   StepID("507f191e810c19729de860ea"),
 * );
 *
 * const request = await createSignedRequest({
 *   notification: createNotification({ data: { step: { id: "507f191e810c19729de860ea" } } }),
 *   privateKey: "secret",
 * });
 * const response = await app.fetch(request);
 * console.assert(response.status === 200);
 * ```
 *
 * @module
 */
export {
  createNotification,
  type DeepPartial,
  type NotificationOverrides,
} from "./notification.ts";
export {
  basicAuthorization,
  type BasicCredentials,
  createSignedRequest,
  signature,
  type SignatureOptions,
  type SignedRequestOptions,
} from "./request.ts";
export { type HandlerResult, runHandler, type RunHandlerOptions } from "./run.ts";
export { createClock, type TestClock } from "./clock.ts";
export {
  type Bot,
  type BotFile,
  type BotFileStep,
  BotSchema,
  type BotStep,
  createBot,
} from "./bot.ts";
export {
  type ClickOptions,
  type Conversation,
  ConversationError,
  type ConversationOptions,
  type ConversationTarget,
  createConversation,
  type EventOptions,
  MAX_HOPS,
  type ReachOptions,
  type SayOptions,
} from "./conversation.ts";
export type {
  AnswerIssue,
  Exchange,
  ExchangeRequest,
  ShownText,
  StepRef,
  Turn,
  TurnButton,
  TurnEvent,
  UserAct,
} from "./turn.ts";
