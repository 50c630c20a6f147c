// `sign <file>`: the headers the platform would send with a body, or a curl command.
import { sign } from "../security/signature.ts";
import { basicAuthorization, httpDate } from "../testing/request.ts";
import { option, type OptionSpec } from "./_args.ts";
import {
  AUTH_OPTION,
  type CliIO,
  EXIT,
  failure,
  FILE_OPTION,
  HELP_OPTION,
  KEY_OPTION,
  parseCommand,
  PROGRAM,
  readText,
  signing,
  usage,
} from "./_io.ts";

/** The help of `sign`. */
export const SIGN_HELP = `Usage: ${PROGRAM} sign <file> [options]

Prints the headers the platform would send with the body in <file> (signed
byte for byte as it is), or a ready curl command with --curl. The webhook
accepts the Date for its requestMaxAge only (10 seconds by default).

Without a private key, prints the Date (and Content-Type) alone: what a
webhook without privateKey checks, as its Date check is on by default.

Options:
  -f, --file <path>         the body file (instead of <file>)
  -k, --private-key <key>   the private key (default: $CLUSTAAR_PRIVATE_KEY;
                            without one, no X-Hub-Signature is printed)
  -u, --auth <user:pass>    add HTTP Basic credentials (default:
                            $CLUSTAAR_AUTH_USERNAME and $CLUSTAAR_AUTH_PASSWORD)
      --date <date>         the Date header value (default: now)
      --no-date             send no Date header: signed over "date=None" as
                            the platform does (the webhook must run with
                            requestMaxAge: null to accept it)
      --curl <url>          print a curl command posting the file to <url>
  -h, --help                show this help
`;

const SIGN_OPTIONS: readonly OptionSpec[] = [
  HELP_OPTION,
  KEY_OPTION,
  AUTH_OPTION,
  FILE_OPTION,
  { name: "date", value: true },
  { name: "no-date", value: false },
  { name: "curl", value: true },
];

/** Quotes a word for a POSIX shell. */
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Runs `sign` with its arguments. */
export async function signCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommand(args, SIGN_OPTIONS, SIGN_HELP, io);
  if (typeof parsed === "number") return parsed;
  const files = [...parsed.positionals, ...(parsed.options.get("file") ?? [])];
  if (files.length !== 1) {
    return usage(
      io,
      files.length === 0 ? "sign needs a body file" : "sign takes one body file",
      SIGN_HELP,
    );
  }
  const file = files[0]!;
  const keys = signing(parsed, io, SIGN_HELP);
  if (typeof keys === "number") return keys;
  const { privateKey, auth } = keys;
  const curl = option(parsed, "curl");
  if (curl !== undefined && !/^https?:\/\//.test(curl)) {
    return usage(io, `--curl needs an http or https URL (got ${curl})`, SIGN_HELP);
  }
  const body = await readText(io, file);
  if ("error" in body) return failure(io, body.error);
  const noDate = parsed.options.has("no-date");
  if (noDate && option(parsed, "date") !== undefined) {
    return usage(io, "give either --date or --no-date, not both", SIGN_HELP);
  }
  const date = noDate ? null : option(parsed, "date") ?? httpDate((io.now ?? Date.now)());
  const headers: [string, string][] = [];
  if (date !== null) headers.push(["Date", date]);
  if (privateKey !== undefined) {
    headers.push(["X-Hub-Signature", await sign({ privateKey, date, body })]);
  }
  headers.push(["Content-Type", "application/json"]);
  if (auth) headers.push(["Authorization", basicAuthorization(auth)]);
  if (curl === undefined) {
    for (const [name, value] of headers) io.stdout(`${name}: ${value}\n`);
  } else {
    const parts = ["curl", "-sS", "-X", "POST", shellQuote(curl)];
    for (const [name, value] of headers) parts.push("-H", shellQuote(`${name}: ${value}`));
    parts.push("--data-binary", shellQuote(`@${file}`));
    io.stdout(`${parts.join(" ")}\n`);
  }
  if (privateKey === undefined) {
    io.stderr(
      "Note: no private key (--private-key or CLUSTAAR_PRIVATE_KEY): not signed; " +
        "a webhook without privateKey accepts it.\n",
    );
  }
  if (noDate) {
    io.stderr("Note: without Date, the webhook accepts this only with requestMaxAge: null.\n");
  } else if (option(parsed, "date") === undefined) {
    io.stderr(
      "Note: the webhook accepts this Date for its requestMaxAge only (10 s by default).\n",
    );
  }
  return EXIT.ok;
}
