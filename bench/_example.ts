/**
 * What the benches run: the handler of examples/server.ts (one text action
 * and the session) and the options the anchors' security maps to.
 *
 * @module
 */
import {
  ConversationSession,
  type events,
  type Handler,
  SendTextAction,
  StepReachedResponse,
  type WebhookOptions,
} from "../mod.ts";
import { KEY } from "./_payloads.ts";

/** The handler of examples/server.ts. */
export const handler: Handler<typeof events.CONVERSATION_STEP_REACHED> = (
  _request,
  _response,
  notification,
) => {
  const values = notification.event.session.values;
  const previous = values["key"];
  values["key"] = "data";
  const session = previous === undefined
    ? notification.event.session
    : ConversationSession({ values: { ...values, visits: Number(values["visits"] ?? 0) + 1 } });
  return StepReachedResponse({
    actions: [SendTextAction({ alternatives: ["hello", "bye"] })],
    session,
  });
};

/** The anchors' security: key, Basic credentials, no Date window (their `Date` is fixed). */
export const SECURE: WebhookOptions = {
  privateKey: KEY,
  authUsername: "bench",
  authPassword: "pass",
  requestMaxAge: null,
};
