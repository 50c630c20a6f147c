// The CLI's commands (send, sign) and help, written against a small I/O
// interface so that tests can run them in memory. Runtime APIs stay in cli.ts.
import { formatIssues, isKnownActionType, validateResponse } from "./models/mod.ts";
import { sign } from "./signature.ts";
import { createNotification, mergeDeep } from "./testing/notification.ts";
import { basicAuthorization, type BasicCredentials, httpDate } from "./testing/request.ts";
import { option, type OptionSpec, parseArgs, type ParsedArgs } from "./_cli_args.ts";

/** What the command-line tool reads and writes; {@linkcode main} uses the process's by default. */
export interface CliIO {
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** Reads an environment variable. */
  env(name: string): string | undefined;
  /** Reads a file's bytes. */
  readFile(path: string): Promise<Uint8Array>;
  /** Sends HTTP requests (default: the global `fetch`). */
  fetch?: (request: Request) => Promise<Response>;
  /** The clock, in milliseconds (default `Date.now`). */
  now?: () => number;
}

/** Exit codes. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const PROGRAM = "clustaar-webhook";

export const HELP = `Send signed test notifications to a Clustaar webhook, and sign bodies.

Usage:
  ${PROGRAM} send <url> [options]   post a notification and check the answer
  ${PROGRAM} sign <file> [options]  print the headers (or a curl command) for a body
  ${PROGRAM} help [command]         show help

Run with Deno:  deno run -A jsr:@clustaar/webhook/cli <command> ...
Run with Bun:   bun run src/cli.ts <command> ...   (from a checkout)

Exit status: 0 on success, 1 when the exchange failed or the answer is
invalid, 2 for a usage error.
`;

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

export const SIGN_HELP = `Usage: ${PROGRAM} sign <file> [options]

Prints the headers the platform would send with the body in <file> (signed
byte for byte as it is), or a ready curl command with --curl. The webhook
accepts the Date for its requestMaxAge only (10 seconds by default).

Options:
  -f, --file <path>         the body file (instead of <file>)
  -k, --private-key <key>   the private key (default: $CLUSTAAR_PRIVATE_KEY; required)
  -u, --auth <user:pass>    add HTTP Basic credentials (default:
                            $CLUSTAAR_AUTH_USERNAME and $CLUSTAAR_AUTH_PASSWORD)
      --date <date>         the Date header value (default: now)
      --curl <url>          print a curl command posting the file to <url>
  -h, --help                show this help
`;

const HELP_OPTION: OptionSpec = { name: "help", short: "h", value: false };
const KEY_OPTION: OptionSpec = { name: "private-key", short: "k", value: true };
const AUTH_OPTION: OptionSpec = { name: "auth", short: "u", value: true };
const FILE_OPTION: OptionSpec = { name: "file", short: "f", value: true };

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

const SIGN_OPTIONS: readonly OptionSpec[] = [
  HELP_OPTION,
  KEY_OPTION,
  AUTH_OPTION,
  FILE_OPTION,
  { name: "date", value: true },
  { name: "curl", value: true },
];

const DEFAULT_TIMEOUT_S = 10;
const decoder = new TextDecoder();

function usage(io: CliIO, message: string, help: string): number {
  io.stderr(`Error: ${message}\n\n${help}`);
  return EXIT.usage;
}

function failure(io: CliIO, message: string): number {
  io.stderr(`Error: ${message}\n`);
  return EXIT.failed;
}

/** Runs the tool with `args` (without the program name); resolves to the exit code. */
export async function run(args: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case "send":
      return await send(rest, io);
    case "sign":
      return await signCommand(rest, io);
    case undefined:
    case "help":
    case "--help":
    case "-h": {
      const topic = rest[0];
      io.stdout(topic === "send" ? SEND_HELP : topic === "sign" ? SIGN_HELP : HELP);
      return EXIT.ok;
    }
    default:
      return usage(io, `unknown command "${command}"`, HELP);
  }
}

function credentials(
  parsed: ParsedArgs,
  io: CliIO,
): BasicCredentials | undefined | { error: string } {
  const auth = option(parsed, "auth");
  if (auth !== undefined) {
    const colon = auth.indexOf(":");
    if (colon < 0) return { error: "--auth must be user:password" };
    return { username: auth.slice(0, colon), password: auth.slice(colon + 1) };
  }
  const username = io.env("CLUSTAAR_AUTH_USERNAME");
  const password = io.env("CLUSTAAR_AUTH_PASSWORD");
  return username && password !== undefined ? { username, password } : undefined;
}

async function readText(io: CliIO, path: string): Promise<Uint8Array | { error: string }> {
  try {
    return await io.readFile(path);
  } catch (error) {
    return { error: `cannot read ${path}: ${(error as Error)?.message ?? String(error)}` };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

async function send(args: readonly string[], io: CliIO): Promise<number> {
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

/** Quotes a word for a POSIX shell. */
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

async function signCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, SIGN_OPTIONS);
  if ("error" in parsed) return usage(io, parsed.error, SIGN_HELP);
  if (parsed.options.has("help")) {
    io.stdout(SIGN_HELP);
    return EXIT.ok;
  }
  const files = [...parsed.positionals, ...(parsed.options.get("file") ?? [])];
  if (files.length !== 1) {
    return usage(
      io,
      files.length === 0 ? "sign needs a body file" : "sign takes one body file",
      SIGN_HELP,
    );
  }
  const file = files[0]!;
  const privateKey = option(parsed, "private-key") ?? (io.env("CLUSTAAR_PRIVATE_KEY") || undefined);
  if (privateKey === undefined) {
    return usage(io, "sign needs a private key: --private-key or CLUSTAAR_PRIVATE_KEY", SIGN_HELP);
  }
  const auth = credentials(parsed, io);
  if (auth && "error" in auth) return usage(io, auth.error, SIGN_HELP);
  const curl = option(parsed, "curl");
  if (curl !== undefined && !/^https?:\/\//.test(curl)) {
    return usage(io, `--curl needs an http or https URL (got ${curl})`, SIGN_HELP);
  }
  const body = await readText(io, file);
  if ("error" in body) return failure(io, body.error);
  const date = option(parsed, "date") ?? httpDate((io.now ?? Date.now)());
  const headers: [string, string][] = [
    ["Date", date],
    ["X-Hub-Signature", await sign({ privateKey, date, body })],
    ["Content-Type", "application/json"],
  ];
  if (auth) headers.push(["Authorization", basicAuthorization(auth)]);
  if (curl === undefined) {
    for (const [name, value] of headers) io.stdout(`${name}: ${value}\n`);
  } else {
    const parts = ["curl", "-sS", "-X", "POST", shellQuote(curl)];
    for (const [name, value] of headers) parts.push("-H", shellQuote(`${name}: ${value}`));
    parts.push("--data-binary", shellQuote(`@${file}`));
    io.stdout(`${parts.join(" ")}\n`);
  }
  if (option(parsed, "date") === undefined) {
    io.stderr(
      "Note: the webhook accepts this Date for its requestMaxAge only (10 s by default).\n",
    );
  }
  return EXIT.ok;
}
