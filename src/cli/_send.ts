// `send <url>`: build (or read) a notification, sign it, post it, and check
// the answer against the platform's schemas.
import { formatIssues, isKnownActionType, validateResponse } from "../models/mod.ts";
import { sign } from "../security/signature.ts";
import { createNotification, mergeDeep } from "../testing/notification.ts";
import { basicAuthorization, httpDate } from "../testing/request.ts";
import { option, type OptionSpec, parseArgs } from "./_args.ts";
import {
  AUTH_OPTION,
  type CliIO,
  credentials,
  EXIT,
  failure,
  FILE_OPTION,
  HELP_OPTION,
  isRecord,
  KEY_OPTION,
  PROGRAM,
  readText,
  usage,
} from "./_io.ts";

/** The help of `send`. */
export const SEND_HELP = `Usage: ${PROGRAM} send <url> [options]

Builds a conversation.step_reached notification, signs it, posts it to <url>,
prints the status and the answer, and checks the answer against the
platform's schemas. Exits with 0 only when the webhook answered 2xx with a
valid response.

Options:
  -f, --file <path>         the notification as a JSON file (default: a built-in sample)
      --step-id <id>        set data.step.id
      --text <text>         set data.input to a message with this text
      --session <key=value> set a session value (repeatable; the value is a string)
  -k, --private-key <key>   sign with this key (default: $CLUSTAAR_PRIVATE_KEY;
                            without a key the request is not signed)
  -u, --auth <user:pass>    HTTP Basic credentials (default:
                            $CLUSTAAR_AUTH_USERNAME and $CLUSTAAR_AUTH_PASSWORD)
      --timeout <seconds>   give up after this long (default 10)
  -h, --help                show this help
`;

const SEND_OPTIONS: readonly OptionSpec[] = [
  HELP_OPTION,
  KEY_OPTION,
  AUTH_OPTION,
  FILE_OPTION,
  { name: "step-id", value: true },
  { name: "text", value: true },
  { name: "session", value: true, multiple: true },
  { name: "timeout", value: true },
];

const DEFAULT_TIMEOUT_S = 10;
const decoder = new TextDecoder();

/** Runs `send` with its arguments. */
export async function send(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, SEND_OPTIONS);
  if ("error" in parsed) return usage(io, parsed.error, SEND_HELP);
  if (parsed.options.has("help")) {
    io.stdout(SEND_HELP);
    return EXIT.ok;
  }
  if (parsed.positionals.length !== 1) {
    return usage(
      io,
      parsed.positionals.length === 0 ? "send needs a URL" : "send takes one URL",
      SEND_HELP,
    );
  }
  const target = parsed.positionals[0]!;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return usage(io, `invalid URL: ${target}`, SEND_HELP);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return usage(io, `the URL must be http or https: ${target}`, SEND_HELP);
  }
  const timeoutText = option(parsed, "timeout");
  const timeoutS = timeoutText === undefined ? DEFAULT_TIMEOUT_S : Number(timeoutText);
  if (!(timeoutS > 0) || !Number.isFinite(timeoutS)) {
    return usage(
      io,
      `--timeout must be a positive number of seconds (got ${timeoutText})`,
      SEND_HELP,
    );
  }
  const auth = credentials(parsed, io);
  if (auth && "error" in auth) return usage(io, auth.error, SEND_HELP);
  const privateKey = option(parsed, "private-key") ?? (io.env("CLUSTAAR_PRIVATE_KEY") || undefined);
  const now = io.now ?? Date.now;

  // The notification: the file's bytes as they are, or the sample, then the edits.
  const overrides: Record<string, unknown> = {};
  const data: Record<string, unknown> = {};
  const stepId = option(parsed, "step-id");
  if (stepId !== undefined) data.step = { id: stepId };
  const text = option(parsed, "text");
  if (text !== undefined) data.input = { type: "message", text, attachments: [] };
  const values: Record<string, string> = {};
  for (const pair of parsed.options.get("session") ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) return usage(io, `--session must be key=value (got ${pair})`, SEND_HELP);
    values[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  if (Object.keys(values).length > 0) data.session = { values };
  if (Object.keys(data).length > 0) overrides.data = data;

  let body: string | Uint8Array;
  let notification: unknown;
  const file = option(parsed, "file");
  if (file !== undefined) {
    const bytes = await readText(io, file);
    if ("error" in bytes) return failure(io, bytes.error);
    try {
      notification = JSON.parse(decoder.decode(bytes));
    } catch (error) {
      return failure(io, `${file} is not valid JSON: ${(error as Error).message}`);
    }
    if (!isRecord(notification)) return failure(io, `${file} must hold a JSON object`);
    if (overrides.data !== undefined) {
      if (!isRecord(notification.data)) notification.data = {};
      mergeDeep(notification, overrides);
      body = JSON.stringify(notification);
    } else {
      body = bytes;
    }
  } else {
    notification = createNotification(
      {
        timestamp: Math.floor(now() / 1000),
        ...overrides,
      } as Parameters<typeof createNotification>[0],
    );
    body = JSON.stringify(notification);
  }

  const date = httpDate(now());
  const headers = new Headers({ "content-type": "application/json", date });
  if (privateKey !== undefined) {
    headers.set("x-hub-signature", await sign({ privateKey, date, body }));
  }
  if (auth) headers.set("authorization", basicAuthorization(auth));
  const notes = [
    privateKey !== undefined ? "signed" : "not signed",
    ...(auth ? ["Basic auth"] : []),
  ];
  io.stdout(`POST ${url.href} (${notes.join(", ")})\n`);

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutS * 1000);
  const started = now();
  let response: Response;
  let answer: string;
  try {
    const request = new Request(url, {
      method: "POST",
      headers,
      body: body as BodyInit,
      signal: controller.signal,
    });
    response = await (io.fetch ?? fetch)(request);
    answer = await response.text();
  } catch (error) {
    if (timedOut) return failure(io, `no answer from ${url.href} within ${timeoutS} s (--timeout)`);
    return failure(io, `cannot reach ${url.href}: ${describeError(error)}`);
  } finally {
    clearTimeout(timer);
  }
  const elapsed = Math.max(0, Math.round(now() - started));
  io.stdout(
    `Status: ${response.status} ${response.statusText || ""}`.trimEnd() + ` (${elapsed} ms)\n`,
  );

  let json: unknown;
  try {
    json = JSON.parse(answer);
  } catch {
    const type = response.headers.get("content-type") ?? "no content type";
    const excerpt = answer.length > 500 ? `${answer.slice(0, 500)}…` : answer;
    io.stdout(`${excerpt}\n`);
    return failure(io, `the answer is not JSON (${type})`);
  }
  io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  if (response.status < 200 || response.status > 299) {
    const reason = isRecord(json) && typeof json.error === "string" ? `: ${json.error}` : "";
    return failure(io, `the webhook refused the request with ${response.status}${reason}`);
  }
  const result = validateResponse(json, echoedUnknownActions(notification, json));
  if (!result.success) {
    io.stdout("Invalid: the platform would reject this response:\n");
    for (const line of formatIssues(result.issues)) io.stdout(`  - ${line}\n`);
    return EXIT.failed;
  }
  io.stdout("Valid: the platform would accept this response.\n");
  return EXIT.ok;
}

/**
 * The answer's actions that repeat an action of the notification's step whose
 * type the module does not know: the webhook lets those through, so does this.
 */
function echoedUnknownActions(notification: unknown, answer: unknown): WeakSet<object> {
  const passthrough = new WeakSet<object>();
  const data = isRecord(notification) ? notification.data : undefined;
  const step = isRecord(data) ? data.step : undefined;
  const stepActions = isRecord(step) && Array.isArray(step.actions) ? step.actions : [];
  const unknown = new Set(
    stepActions.filter((a) => isRecord(a) && !isKnownActionType(a.type)).map((a) =>
      JSON.stringify(a)
    ),
  );
  const actions = isRecord(answer) && Array.isArray(answer.actions) ? answer.actions : [];
  for (const action of actions) {
    if (isRecord(action) && unknown.has(JSON.stringify(action))) passthrough.add(action);
  }
  return passthrough;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  const code = (error as { code?: unknown }).code;
  const parts = [error.message];
  if (cause && !error.message.includes(cause)) parts.push(cause);
  if (typeof code === "string" && !parts.some((part) => part.includes(code))) parts.push(code);
  return parts.join(": ");
}
