/**
 * Build webhooks for the [Clustaar](https://clustaar.com) chatbot platform,
 * on Deno and Bun.
 *
 * When a conversation reaches a bot step with "use webhook" on, the platform
 * POSTs a signed JSON notification; the webhook answers with the actions the
 * bot runs next. This module checks the request (signature, credentials,
 * freshness, size), routes it to a handler, validates the handler's answer
 * against the platform's schemas and sends it.
 *
 * This module exports everything a webhook needs. The reference is also
 * grouped by module: `@clustaar/webhook/models` (the platform's schemas,
 * types and constructors), `/routing` (route filters), `/security`
 * (signatures, credentials, freshness, replay stores), `/http` (serving on
 * Deno, Bun and Node.js), whose names this module re-exports, and
 * `/testing`, `/cli`, `/deno-kv` and `/redis`, which it does not.
 *
 * @example A webhook that greets the user
 * ```ts
 * import { events, SendTextAction, StepReachedResponse, Webhook } from "@clustaar/webhook";
 *
 * const app = new Webhook({ privateKey: "XXXXXXXXXX" });
 * app.on(events.CONVERSATION_STEP_REACHED, (_request, _response, notification) =>
 *   StepReachedResponse({
 *     actions: [SendTextAction({ alternatives: ["hello", "bye"] })],
 *     session: notification.event.session,
 *   }));
 *
 * // Deno.serve(app.fetch), Bun.serve({ fetch: app.fetch }), or:
 * // app.serve({ port: 8000 });
 * ```
 *
 * @module
 */

// Commonly used: the webhook, its topics and the guide's models.
export {
  type AnswerOf,
  type EventOf,
  type Handler,
  type HandlerResponse,
  type IncomingNotification,
  type Logger,
  type Rejection,
  type RejectReason,
  type RouteExplanation,
  type RouteFilters,
  type RouteInfo,
  type TelemetryOptions,
  type TopicTypes,
  Webhook,
  type WebhookOptions,
} from "./src/webhook.ts";
export { events } from "./src/events.ts";
// The model layer: every wire schema (`SendTextActionSchema`, ...), its type
// and its constructor (`SendTextAction`, ...), and the two checks the webhook
// runs (`parseNotification`, `validateResponse`). src/models/mod.ts is the
// curated list, grouped by domain.
export * from "./src/models/mod.ts";

// Routing: filters and combinators.
export {
  and,
  Channel,
  describeFilter,
  type Filter,
  InputMatches,
  InputType,
  type InputTypeName,
  JSONKeyEquals,
  JSONKeyExists,
  JSONKeyIn,
  not,
  or,
  SessionValueEquals,
  SessionValueExists,
  StepID,
  StepName,
  StepUserDataContains,
  StepUserDataKeyEquals,
  StepUserDataKeyExists,
  StepUserDataKeyIn,
  type SyncFilter,
} from "./src/routing/mod.ts";

// Security building blocks, for experts and other servers.
export {
  BasicAuth,
  type CryptoProvider,
  FreshnessCheck,
  MemoryReplayStore,
  type MemoryReplayStoreOptions,
  type ReplayStore,
  sign,
  type SignatureAlgorithm,
  type SignatureCheck,
  SignatureVerifier,
  type SignatureVerifierOptions,
  type SignOptions,
} from "./src/security/mod.ts";

// Serving: on Deno and Bun, and on Node.js (node:http, Express) through a (req, res) adapter.
export {
  type FetchApp,
  type NodeHandler,
  type NodeHandlerOptions,
  type NodeRequest,
  type NodeResponse,
  serve,
  type ServeHandle,
  type ServeOptions,
  type ShutdownOptions,
  type ShutdownSignal,
  toNodeHandler,
} from "./src/http/mod.ts";
