// One call of the webhook by the conversation harness: the notification
// signed and sent as the platform sends it (in process or over HTTP), the
// answer read under a deadline, checked as the platform checks it, and the
// route that answered explained when the webhook can tell.
import { checkNotification, echoedUnknownActions, issuePath } from "../models/_validation.ts";
import { isDict } from "../models/_primitives.ts";
import { within } from "../security/_wait.ts";
import * as v from "valibot";
import {
  formatIssues,
  NotificationSchema,
  type StepReachedNotification,
  type StepReachedResponse,
  validateResponse,
  type ValidationIssue,
} from "../models/mod.ts";
import type { RouteExplanation } from "../webhook_types.ts";
import { type BasicCredentials, createSignedRequest, httpDate } from "./request.ts";
import type { AnswerIssue, Exchange, StepRef } from "./turn.ts";

/** What a conversation talks to: an app in this process, or a URL. */
export type Transport =
  | {
    kind: "app";
    app: {
      fetch(request: Request): Response | Promise<Response>;
      explain?(notification: unknown, request?: Request): Promise<RouteExplanation>;
    };
    url: string;
  }
  | { kind: "url"; url: string };

/** How to send: keys, credentials, clock, deadline. */
export interface SendSettings {
  transport: Transport;
  privateKey?: string;
  auth?: BasicCredentials;
  now: () => number;
  timeoutMs: number;
}

/** The exchange and, when it went through, the answer. */
export type SendResult =
  | { ok: true; exchange: Exchange; answer: StepReachedResponse }
  | { ok: false; exchange: Exchange };

/** Remembers the (Date, body) pairs signed, so that none is sent twice (a replay, 409). */
export class SentBodies {
  readonly #byDate = new Map<string, Set<string>>();

  /** The body to send: `body`, or `body` with line feeds added when it was already sent with `date`. */
  claim(date: string, body: string): { body: string; padding: number } {
    let bodies = this.#byDate.get(date);
    if (bodies === undefined) {
      bodies = new Set();
      this.#byDate.set(date, bodies);
      if (this.#byDate.size > 64) this.#byDate.delete(this.#byDate.keys().next().value!);
    }
    let padding = 0;
    let sent = body;
    while (bodies.has(sent)) {
      padding++;
      sent += "\n";
    }
    bodies.add(sent);
    return { body: sent, padding };
  }
}

/** `content-type` as `Content-Type`, `x-hub-signature` as `X-Hub-Signature`. */
function headerName(name: string): string {
  return name.replace(
    /(^|-)([a-z])/g,
    (_, dash: string, letter: string) => dash + letter.toUpperCase(),
  );
}

/**
 * Renders valibot issues as `{ path, message }`, as {@linkcode formatIssues}
 * renders them: an array where an object belongs is one issue, at the array.
 */
export function answerIssues(issues: readonly ValidationIssue[]): AnswerIssue[] {
  const seen = new Set<string>();
  const rendered: AnswerIssue[] = [];
  for (const issue of issues) {
    const { path, message } = issuePath(issue);
    const dotted = path.join(".");
    const key = JSON.stringify([dotted, message]);
    if (seen.has(key)) continue;
    seen.add(key);
    rendered.push({ path: dotted, message });
  }
  return rendered;
}

/** Parses `path: message` lines (the webhook's own `{"error": "Invalid response", "issues"}`). */
function parseIssueLines(lines: readonly string[]): AnswerIssue[] {
  return lines.map((line) => {
    const colon = line.indexOf(": ");
    return colon < 0 || /\s/.test(line.slice(0, colon))
      ? { path: "", message: line }
      : { path: line.slice(0, colon), message: line.slice(colon + 2) };
  });
}

/** Lists issues for a message, one per line. */
function issueLines(issues: readonly AnswerIssue[]): string {
  return issues.map((issue) => `  - ${issue.path ? `${issue.path}: ` : ""}${issue.message}`).join(
    "\n",
  );
}

/** An error's message, with its cause and code (a network failure's), for a report line. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  const code = (error as { code?: unknown }).code;
  const parts = [error.message];
  if (cause && !error.message.includes(cause)) parts.push(cause);
  if (typeof code === "string" && !parts.some((part) => part.includes(code))) parts.push(code);
  return parts.join(": ");
}

/** The message of the deadline's `TimeoutError`, which tells it from any other error. */
const DEADLINE = "Cannot wait longer: the deadline passed";

/** Whether `error` is the rejection of {@linkcode beforeDeadline} when the time is up. */
export function isDeadline(error: unknown): boolean {
  return error instanceof DOMException && error.name === "TimeoutError" &&
    error.message === DEADLINE;
}

/**
 * Resolves as `work` does, or rejects (see {@linkcode isDeadline}) once `ms`
 * milliseconds have passed, aborting `abort` then: the wait ends on time
 * even when what `work` waits for ignores the abort.
 */
export function beforeDeadline<T>(
  work: PromiseLike<T>,
  ms: number,
  abort?: AbortController,
): Promise<T> {
  return within(work, ms, DEADLINE).catch((error: unknown) => {
    if (isDeadline(error)) abort?.abort();
    throw error;
  });
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/**
 * Sends the notification for a step and reads the answer. Never throws for
 * a failure of the exchange: the result says what went wrong, in
 * `exchange.error` and `exchange.issues`.
 */
export async function send(
  settings: SendSettings,
  sent: SentBodies,
  step: StepRef,
  notification: StepReachedNotification,
): Promise<SendResult> {
  // The harness builds every notification from checked parts: a failure here is its own bug.
  const strict = v.safeParse(NotificationSchema, notification);
  const lenient = checkNotification(notification);
  if (!strict.success || !lenient.success) {
    const issues = !strict.success
      ? strict.issues
      : (lenient as { issues: ValidationIssue[] }).issues;
    throw new Error(
      `Cannot send the notification: it is invalid: ${formatIssues(issues).join("; ")}`,
    );
  }
  const { transport } = settings;
  const date = httpDate(settings.now());
  const claimed = settings.privateKey === undefined
    ? { body: JSON.stringify(notification), padding: 0 }
    : sent.claim(date, JSON.stringify(notification));
  const body = claimed.body;
  const request = await createSignedRequest({
    body,
    date,
    privateKey: settings.privateKey,
    auth: settings.auth,
    url: transport.url,
  });
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[headerName(name)] = value));
  const exchange: Exchange = {
    step,
    request: { method: request.method, url: request.url, headers, body },
    notification: structuredClone(notification),
    elapsedMs: 0,
    issues: [],
  };
  if (claimed.padding > 0) {
    exchange.note = `The body ends with ${claimed.padding} added line feed${
      claimed.padding === 1 ? "" : "s"
    }: the same notification was already signed with this Date, and the webhook would refuse it as a replay (409)`;
  }
  const where = transport.kind === "url" ? transport.url : "the webhook in process";
  const app = transport.kind === "app" ? transport.app : undefined;
  const explain = app?.explain?.bind(app);
  const forRouting = explain ? request.clone() : undefined;

  const started = performance.now();
  let response: Response;
  let text: string;
  const abort = new AbortController();
  try {
    const answered = (async () => {
      const r = app ? await app.fetch(request) : await fetch(
        new Request(request, { signal: abort.signal }),
      );
      return { r, t: await r.text() };
    })();
    const done = await beforeDeadline(answered, settings.timeoutMs, abort);
    response = done.r;
    text = done.t;
  } catch (error) {
    exchange.elapsedMs = performance.now() - started;
    exchange.error = isDeadline(error)
      ? `no answer from ${where} within ${settings.timeoutMs / 1000} s`
      : transport.kind === "url"
      ? `cannot reach ${where}: ${describeError(error)}`
      : `the webhook failed: ${describeError(error)}`;
    return { ok: false, exchange };
  }
  exchange.elapsedMs = performance.now() - started;
  exchange.status = response.status;
  if (response.statusText) exchange.statusText = response.statusText;
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => (responseHeaders[name] = value));
  exchange.headers = responseHeaders;
  exchange.text = text;
  let json: unknown;
  let isJson = true;
  try {
    json = JSON.parse(text);
    exchange.json = json;
  } catch {
    isJson = false;
  }

  if (explain !== undefined) {
    try {
      exchange.routing = await beforeDeadline(
        explain(JSON.parse(body), forRouting),
        settings.timeoutMs,
      );
    } catch (error) {
      exchange.routingError = isDeadline(error)
        ? `a filter gave no answer within ${settings.timeoutMs / 1000} s`
        : describeError(error);
    }
  }

  const label = `step ${JSON.stringify(step.name)}`;
  if (response.status < 200 || response.status > 299) {
    const reason = isDict(json) && typeof json.error === "string" ? json.error : undefined;
    if (
      reason === "Invalid response" && isDict(json) && Array.isArray(json.issues) &&
      json.issues.every((line) => typeof line === "string")
    ) {
      exchange.issues = parseIssueLines(json.issues as string[]);
      exchange.error =
        `the webhook refused to send its answer for ${label} (${response.status}): the answer is invalid:\n${
          issueLines(exchange.issues)
        }`;
    } else {
      exchange.error = `the webhook refused the notification of ${label} with ${response.status}${
        reason !== undefined ? `: ${excerpt(reason)}` : isJson ? "" : `: ${excerpt(text)}`
      }`;
    }
    return { ok: false, exchange };
  }
  if (!isJson) {
    const type = response.headers.get("content-type") ?? "no content type";
    exchange.error = `the answer for ${label} is not JSON (${type}): ${excerpt(text) || "empty"}`;
    return { ok: false, exchange };
  }
  const check = validateResponse(json, echoedUnknownActions(notification, json));
  if (!check.success) {
    exchange.issues = answerIssues(check.issues);
    exchange.error = `the platform would refuse the answer for ${label}:\n${
      issueLines(exchange.issues)
    }`;
    return { ok: false, exchange };
  }
  return { ok: true, exchange, answer: structuredClone(json) as StepReachedResponse };
}
