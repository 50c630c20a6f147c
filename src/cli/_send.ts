// `send <url>`: build (or read) a notification, sign it, post it, and check
// the answer against the platform's schemas.
import { escapeControls } from "../_text.ts";
import { echoedUnknownActions } from "../models/_validation.ts";
import { formatIssues, validateResponse } from "../models/mod.ts";
import { beforeDeadline, describeError, isDeadline } from "../testing/_exchange.ts";
import { createSignedRequest, httpDate } from "../testing/request.ts";
import { option, type OptionSpec } from "./_args.ts";
import {
  AUTH_OPTION,
  type CliIO,
  EXIT,
  failure,
  HELP_OPTION,
  httpURL,
  isRecord,
  KEY_OPTION,
  parseCommand,
  PROGRAM,
  signing,
  signingNotes,
  usage,
} from "./_io.ts";
import { buildNotification, NOTIFICATION_HELP, NOTIFICATION_OPTIONS } from "./_notification.ts";

/** The help of `send`. */
export const SEND_HELP = `Usage: ${PROGRAM} send <url> [options]

Builds a conversation.step_reached notification, signs it, posts it to <url>,
prints the status and the answer, and checks the answer against the
platform's schemas. Exits with 0 only when the webhook answered 2xx with a
valid response. A 4xx is reported as a refusal (with the webhook's error), a
5xx as the webhook's own failure.

The notification (print it with: ${PROGRAM} sample [options]):
${NOTIFICATION_HELP}
The request:
  -k, --private-key <key>   sign with this key (default: $CLUSTAAR_PRIVATE_KEY;
                            without a key the request is not signed, and a
                            webhook without privateKey checks only its Date)
  -u, --auth <user:pass>    HTTP Basic credentials (default:
                            $CLUSTAAR_AUTH_USERNAME and $CLUSTAAR_AUTH_PASSWORD)
  -H, --header <name:value> add or replace a header (repeatable); a Date given
                            here is the one signed
      --timeout <seconds>   give up after this long (default 10)
  -h, --help                show this help
`;

const SEND_OPTIONS: readonly OptionSpec[] = [
  HELP_OPTION,
  KEY_OPTION,
  AUTH_OPTION,
  ...NOTIFICATION_OPTIONS,
  { name: "header", short: "H", value: true, multiple: true },
  { name: "timeout", value: true },
];

const DEFAULT_TIMEOUT_S = 10;

/** Runs `send` with its arguments. */
export async function send(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommand(args, SEND_OPTIONS, SEND_HELP, io);
  if (typeof parsed === "number") return parsed;
  if (parsed.positionals.length !== 1) {
    return usage(
      io,
      parsed.positionals.length === 0 ? "send needs a URL" : "send takes one URL",
      SEND_HELP,
    );
  }
  const url = httpURL(parsed.positionals[0]!);
  if ("error" in url) return usage(io, url.error, SEND_HELP);
  const timeoutText = option(parsed, "timeout");
  const timeoutS = timeoutText === undefined ? DEFAULT_TIMEOUT_S : Number(timeoutText);
  if (!(timeoutS > 0) || !Number.isFinite(timeoutS)) {
    return usage(
      io,
      `--timeout must be a positive number of seconds (got ${timeoutText})`,
      SEND_HELP,
    );
  }
  const keys = signing(parsed, io, SEND_HELP);
  if (typeof keys === "number") return keys;
  const { privateKey, auth } = keys;
  const extra = extraHeaders(parsed.options.get("header") ?? []);
  if ("error" in extra) return usage(io, extra.error, SEND_HELP);
  const now = io.now ?? Date.now;

  const built = await buildNotification(parsed, io, now());
  if ("usage" in built) return usage(io, built.usage, SEND_HELP);
  if ("failure" in built) return failure(io, built.failure);
  for (const warning of built.warnings) io.stderr(`Warning: ${warning}\n`);
  const { notification, body } = built;

  // A Date given with --header is the one signed; every --header is set last.
  const signedRequest = await createSignedRequest({
    body,
    date: extra.get("date") ?? httpDate(now()),
    privateKey,
    auth,
    url,
    headers: [...extra],
  });
  io.stdout(`POST ${url.href} (${signingNotes(privateKey, auth).join(", ")})\n`);

  const controller = new AbortController();
  const started = now();
  let response: Response;
  let answer: string;
  try {
    const request = new Request(signedRequest, { signal: controller.signal });
    // The deadline holds even for a fetch that ignores the abort.
    ({ response, answer } = await beforeDeadline(
      (async () => {
        const response = await (io.fetch ?? fetch)(request);
        return { response, answer: await response.text() };
      })(),
      timeoutS * 1000,
      controller,
    ));
  } catch (error) {
    if (isDeadline(error)) {
      return failure(io, `no answer from ${url.href} within ${timeoutS} s (--timeout)`);
    }
    return failure(io, `cannot reach ${url.href}: ${describeError(error)}`);
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
    if (response.status < 200 || response.status > 299) {
      const signed = privateKey !== undefined;
      return failure(io, `${notOk(response.status, undefined, signed)} (not JSON: ${type})`);
    }
    return failure(io, `the answer is not JSON (${type})`);
  }
  io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  if (response.status < 200 || response.status > 299) {
    return failure(io, notOk(response.status, json, privateKey !== undefined));
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

/** How much of each text of the webhook's error answer a message keeps. */
const ERROR_TEXT_LIMIT = 500;

/**
 * What a non-2xx answer means: a refusal (4xx), the webhook's failure (5xx),
 * or neither; the answer's texts escaped, so that none can forge a line.
 */
function notOk(status: number, json: unknown, signed: boolean): string {
  const error = isRecord(json) && typeof json.error === "string" ? json.error : undefined;
  const reason = error === undefined ? "" : `: ${escapeControls(error, ERROR_TEXT_LIMIT)}`;
  if (status >= 500) {
    const issues = isRecord(json) && Array.isArray(json.issues)
      ? json.issues.filter((issue): issue is string => typeof issue === "string")
      : [];
    const listed = issues.map((issue) => `\n  - ${escapeControls(issue, ERROR_TEXT_LIMIT)}`).join(
      "",
    );
    return `the webhook failed with ${status}${reason}${listed}`;
  }
  if (status >= 400) {
    const hint = !signed && status === 400 && /signature/i.test(error ?? "")
      ? " (the webhook has a private key: give --private-key or CLUSTAAR_PRIVATE_KEY)"
      : "";
    return `the webhook refused the request with ${status}${reason}${hint}`;
  }
  return `the webhook answered ${status}, not a 2xx status${reason}`;
}

/** The `--header name:value` options, by lower-case name (the last one wins). */
function extraHeaders(values: readonly string[]): Map<string, string> | { error: string } {
  const headers = new Map<string, string>();
  for (const value of values) {
    const colon = value.indexOf(":");
    const name = colon < 0 ? "" : value.slice(0, colon).trim().toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) {
      return { error: `--header must be name:value (got ${value})` };
    }
    const text = value.slice(colon + 1).trim();
    if (/[\r\n\0]/.test(text)) return { error: `--header ${name}: the value holds a line break` };
    headers.set(name, text);
  }
  return headers;
}
