/**
 * Runs a handler against a notification without HTTP and validates its answer.
 *
 * @module
 */
import {
  formatIssues,
  parseNotification,
  validateResponse,
  type ValidationIssue,
} from "../models/mod.ts";
import type { Handler, HandlerResponse, IncomingNotification } from "../webhook_types.ts";
import { createNotification } from "./notification.ts";
import { createSignedRequest } from "./request.ts";

/**
 * Options of {@linkcode runHandler}.
 *
 * @example Run a handler on a notification of your own
 * ```ts
 * import { createNotification, runHandler, type RunHandlerOptions } from "@clustaar/webhook/testing";
 *
 * const options: RunHandlerOptions = {
 *   notification: createNotification({ data: { session: { values: { plan: "pro" } } } }),
 * };
 * const result = await runHandler(() => ({ actions: [] }), options);
 * console.assert(result.valid);
 * ```
 *
 * @category Testing
 */
export interface RunHandlerOptions {
  /** The notification (default: {@linkcode createNotification}`()`); it is sent through JSON, as on the wire. */
  notification?: unknown;
  /** The request handed to the handler (default: an unsigned POST of the notification). */
  request?: Request;
}

/**
 * What {@linkcode runHandler} gives back.
 *
 * @example Check a handler's answer
 * ```ts
 * import { type HandlerResult, runHandler } from "@clustaar/webhook/testing";
 *
 * const result: HandlerResult = await runHandler(() => ({ actions: [] }));
 * console.assert(result.valid && result.issues.length === 0);
 * ```
 *
 * @category Testing
 */
export interface HandlerResult {
  /** The status the webhook would send (the handler may set it, or return a `Response`). */
  status: number;
  /** The headers the handler set, or those of its `Response`. */
  headers: Headers;
  /** The answer: the handler's return value, or the parsed JSON (else the text) of its `Response`. */
  body: unknown;
  /** Whether the platform would accept the answer: a 2xx status and a valid body. */
  valid: boolean;
  /** What is wrong, with paths (empty when valid). */
  issues: ValidationIssue[];
  /** The issues as lines `path: message` (empty when valid). */
  errors: string[];
}

function issue(type: string, input: unknown, expected: string, received: string): ValidationIssue {
  return { kind: "schema", type, input, expected, received, message: `expected ${expected}` };
}

/**
 * Calls a handler as the webhook would (same arguments, the notification
 * parsed from JSON) and validates its answer with the platform's schemas,
 * without HTTP, signatures or routing. Actions that the handler echoes from
 * the notification's `step.actions` are accepted even when the module does
 * not know their type, as the webhook does. A handler that throws makes the
 * returned promise reject with that error.
 *
 * @param handler The handler under test.
 * @param options The notification and request.
 * @returns The status, headers, body, and the validation verdict.
 * @throws {TypeError} When the notification lacks what the webhook relies on.
 *
 * @example Check a handler's answer
 * ```ts
 * import { SendTextAction, StepReachedResponse } from "@clustaar/webhook";
 * import { createNotification, runHandler } from "@clustaar/webhook/testing";
 *
 * const result = await runHandler(
 *   (_request, _response, notification) =>
 *     StepReachedResponse({
 *       actions: [SendTextAction({ alternatives: [`Hi ${notification.event.session.values.name}`] })],
 *     }),
 *   { notification: createNotification({ data: { session: { values: { name: "Haddock" } } } }) },
 * );
 * console.assert(result.valid, result.errors.join("\n"));
 *
 * const bad = await runHandler(() => ({ actions: [SendTextAction({ alternatives: [] })] }));
 * console.assert(!bad.valid); // bad.errors: ["actions.0.alternatives: expected 1 to 10 items"]
 * ```
 *
 * @category Testing
 */
export async function runHandler(
  handler: Handler<"conversation.step_reached">,
  options: RunHandlerOptions = {},
): Promise<HandlerResult> {
  if (typeof handler !== "function") {
    throw new TypeError("Cannot run the handler: handler must be a function");
  }
  const text = JSON.stringify(options.notification ?? createNotification());
  const wire: unknown = JSON.parse(text);
  const parsed = parseNotification(wire);
  if (!parsed.success) {
    throw new TypeError(
      `Cannot run the handler: invalid notification: ${formatIssues(parsed.issues).join("; ")}`,
    );
  }
  const request = options.request ?? await createSignedRequest({ body: text });
  const response: HandlerResponse = { status: 200, headers: new Headers() };
  const raw = parsed.output;
  const notification = {
    topic: raw.topic,
    botID: raw.botID,
    timestamp: raw.timestamp,
    event: raw.data,
  } as IncomingNotification<never>;
  const answer: unknown = await handler(request, response, notification);

  let status = response.status;
  let headers = response.headers;
  let body: unknown = answer;
  const issues: ValidationIssue[] = [];
  let isJson = true;
  if (answer instanceof Response) {
    status = answer.status;
    headers = answer.headers;
    const content = await answer.text();
    try {
      body = JSON.parse(content);
    } catch {
      body = content;
      isJson = false;
      issues.push(issue("json", content, "a JSON body", "text"));
    }
  }
  if (status < 200 || status > 299) {
    issues.push(issue("status", status, "a 2xx status", String(status)));
  }
  if (isJson) {
    const result = validateResponse(body, parsed.unknownActions);
    if (!result.success) issues.push(...result.issues);
  }
  return {
    status,
    headers,
    body,
    valid: issues.length === 0,
    issues,
    errors: formatIssues(issues),
  };
}
