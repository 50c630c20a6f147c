// The playground's HTTP side: the page and its assets, and a small JSON API
// that plays the user's acts through one conversation (the harness of
// src/testing/conversation.ts). Web-standard fetch handler only: `dev`
// serves it with the runtime's server.
import { escapeText } from "../../_text.ts";
import { readBody, TIMED_OUT, TOO_LARGE } from "../../http/_body.ts";
import { isDict } from "../../models/_primitives.ts";
import { type Conversation, ConversationError } from "../../testing/conversation.ts";
import type { Turn } from "../../testing/turn.ts";
import { APP_JS, INDEX_HTML, STYLE_CSS } from "./_assets.ts";
import { type Edit, testCode, type TestCodeOptions } from "./_test_code.ts";

/** What the playground talks to and how, for the page and for "Copy as test". */
export interface PlaygroundOptions {
  /** The conversation the page drives. */
  conversation: Conversation;
  /** What the page says the webhook is: a module (in process) or a URL. */
  target: { kind: "module"; label: string } | { kind: "url"; label: string };
  /** The bot file's path as given, if any. */
  botPath?: string;
  /** Whether the requests are signed (`X-Hub-Signature`). */
  signed: boolean;
  /** Whether the requests carry Basic credentials. */
  auth: boolean;
  /** The imports of the generated test. */
  test: Pick<TestCodeOptions, "target" | "bot" | "testing">;
  /**
   * The `Host` header values the playground answers to (`host:port`), or
   * `"any"` when it listens on every interface. Any other host is refused,
   * so that a web page elsewhere cannot reach it through DNS rebinding.
   */
  hosts: ReadonlySet<string> | "any";
}

/** The most a request body of the API may hold. */
const MAX_BODY_BYTES = 1_000_000;

const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
  "cross-origin-resource-policy": "same-origin",
};

/** The page runs only its own script; images load from anywhere, as in the platform's chat. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src http: https: data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

function asset(body: string, type: string, extra: Record<string, string> = {}): Response {
  return new Response(body, {
    headers: { "content-type": type, ...SECURITY_HEADERS, ...extra },
  });
}

function json(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...SECURITY_HEADERS },
  });
}

function problem(message: string, status: number): Response {
  return json({ error: message }, status);
}

const decoder = new TextDecoder();

class RequestError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

async function readJson(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new RequestError("Expected a JSON body (Content-Type: application/json)", 415);
  }
  // In bytes, as announced or as they arrive, and within a deadline (10 s).
  const body = await readBody(request, MAX_BODY_BYTES);
  if (body === TOO_LARGE) throw new RequestError("The body is too large", 413);
  if (body === TIMED_OUT) throw new RequestError("The body did not arrive in time", 408);
  const text = decoder.decode(body);
  let value: unknown;
  try {
    value = text === "" ? {} : JSON.parse(text);
  } catch (error) {
    throw new RequestError(`The body is not JSON: ${escapeText((error as Error).message)}`, 400);
  }
  if (!isDict(value)) throw new RequestError("The body must be a JSON object", 400);
  return value;
}

function text(body: Record<string, unknown>, key: string, optional = false): string | undefined {
  const value = body[key];
  if (value === undefined && optional) return undefined;
  if (typeof value !== "string") {
    throw new RequestError(`${key} must be a string (got ${typeof value})`, 400);
  }
  return value;
}

/** The page's view of the conversation. */
function state(options: PlaygroundOptions, withTurns: boolean) {
  const { conversation } = options;
  const bot = conversation.bot;
  return {
    target: options.target,
    botPath: options.botPath,
    signed: options.signed,
    auth: options.auth,
    bot: {
      steps: bot.steps.map((step) => ({ id: step.id, name: step.name, webhook: step.webhook })),
      start: bot.start?.name,
    },
    step: conversation.step && { id: conversation.step.id, name: conversation.step.name },
    outside: conversation.outside,
    session: conversation.session,
    interlocutor: conversation.interlocutor,
    turnCount: conversation.turns.length,
    ...(withTurns ? { turns: conversation.turns } : {}),
  };
}

/**
 * The playground's request handler.
 *
 * @param options The conversation and what the page shows of it.
 */
export function createPlayground(
  options: PlaygroundOptions,
): (request: Request) => Promise<Response> {
  const { conversation } = options;
  let edits: Edit[] = [];

  /** Runs one act: the turn it gave (failed or not), or why there was none. */
  const play = async (run: () => Promise<Turn>): Promise<Response> => {
    let turn: Turn;
    try {
      turn = await run();
    } catch (error) {
      if (error instanceof ConversationError) {
        return json({ turn: error.turn, state: state(options, false) });
      }
      if (error instanceof TypeError || error instanceof RangeError) {
        return json({ error: error.message, state: state(options, false) }, 400);
      }
      return json(
        { error: `The turn failed: ${String(error)}`, state: state(options, false) },
        500,
      );
    }
    return json({ turn, state: state(options, false) });
  };

  const set = (kind: "session" | "interlocutor", value: unknown): Response => {
    try {
      if (kind === "session") conversation.session = value as Conversation["session"];
      else conversation.interlocutor = value as Conversation["interlocutor"];
    } catch (error) {
      // A TypeError for a bad value; an Error while a turn is running.
      return json(
        { error: (error as Error).message, state: state(options, false) },
        error instanceof TypeError ? 400 : 409,
      );
    }
    const after = conversation.turns.length;
    edits = edits.filter((edit) => !(edit.after === after && edit.kind === kind));
    edits.push({ after, kind, value: conversation[kind] });
    return json({ state: state(options, false) });
  };

  const api = async (request: Request, path: string): Promise<Response> => {
    if (path === "/api/state" || path === "/api/test") {
      if (request.method !== "GET") {
        return problem(`Method not allowed: ${escapeText(path)} takes GET`, 405);
      }
    }
    if (path === "/api/state") return json({ state: state(options, true) });
    if (path === "/api/test") {
      const turns = conversation.turns;
      return json({
        code: testCode({
          ...options.test,
          turns,
          edits: edits.filter((edit) => edit.after <= turns.length),
          signed: options.signed,
          auth: options.auth,
        }),
      });
    }
    const method = path === "/api/session" || path === "/api/interlocutor" ? "PUT" : "POST";
    if (request.method !== method) {
      return problem(`Method not allowed: ${escapeText(path)} takes ${method}`, 405);
    }
    const body = await readJson(request);
    switch (path) {
      case "/api/reach": {
        const step = text(body, "step", true);
        if (step === undefined || step === "") return await play(() => conversation.reach());
        // A step of the bot file by id or name; any other text is the id of a step the file lacks.
        const known = conversation.bot.find(step);
        return await play(() =>
          conversation.reach(known ? step : { id: step, name: step, actions: [] })
        );
      }
      case "/api/say": {
        const said = text(body, "text")!;
        return await play(() => conversation.say(said));
      }
      case "/api/click": {
        const title = text(body, "title")!;
        const card = text(body, "card", true);
        return await play(() => conversation.click(title, card === undefined ? {} : { card }));
      }
      case "/api/event": {
        const name = text(body, "name")!;
        return await play(() => conversation.event(name));
      }
      case "/api/restart":
        conversation.restart();
        edits = [];
        return json({ state: state(options, true) });
      case "/api/session":
        return set("session", body.session);
      case "/api/interlocutor":
        return set("interlocutor", body.interlocutor);
      default:
        return problem(`Not found: ${escapeText(path)}`, 404);
    }
  };

  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const host = request.headers.get("host") ?? url.host;
    if (options.hosts !== "any" && !options.hosts.has(host.toLowerCase())) {
      return problem(
        `Forbidden: the playground does not answer to the host ${escapeText(host)}`,
        403,
      );
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      // A page of another site may post here; only the playground's own page may.
      const origin = request.headers.get("origin");
      const site = request.headers.get("sec-fetch-site");
      if (
        (origin !== null && origin !== `http://${host}`) ||
        (site !== null && site !== "same-origin")
      ) {
        return problem("Forbidden: only the playground's own page may do this", 403);
      }
    }
    const path = url.pathname;
    try {
      if (path.startsWith("/api/")) return await api(request, path);
      if (request.method !== "GET" && request.method !== "HEAD") {
        return problem("Method not allowed", 405);
      }
      switch (path) {
        case "/":
          return asset(INDEX_HTML, "text/html; charset=utf-8", {
            "content-security-policy": CSP,
            "x-frame-options": "DENY",
          });
        case "/app.js":
          return asset(APP_JS, "text/javascript; charset=utf-8");
        case "/style.css":
          return asset(STYLE_CSS, "text/css; charset=utf-8");
        default:
          return problem(`Not found: ${escapeText(path)}`, 404);
      }
    } catch (error) {
      if (error instanceof RequestError) return problem(error.message, error.status);
      throw error;
    }
  };
}
