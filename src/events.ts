/**
 * The topics the Clustaar platform notifies a webhook about.
 *
 * @module
 */

/**
 * Topic names, as they travel in a notification's `topic` key.
 *
 * @example Route the step-reached notification
 * ```ts
 * import { events, Webhook } from "@clustaar/webhook";
 * const app = new Webhook();
 * app.on(events.CONVERSATION_STEP_REACHED, (_request, _response, notification) => ({
 *   actions: notification.event.step.actions,
 *   session: notification.event.session,
 * }));
 * ```
 *
 * @category Webhook
 */
export const events: {
  /** A conversation reached a bot step that has "use webhook" on. */
  readonly CONVERSATION_STEP_REACHED: "conversation.step_reached";
} = {
  CONVERSATION_STEP_REACHED: "conversation.step_reached",
};
