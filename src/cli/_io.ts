// What every command shares: the I/O interface, exit codes, the common
// options and how usage errors and failures are written.
import type { BasicCredentials } from "../testing/request.ts";
import { option, type OptionSpec, parseArgs, type ParsedArgs } from "./_args.ts";

/**
 * What the command-line tool reads and writes; {@linkcode main} uses the process's by default.
 *
 * @example Run the tool with a webhook in memory
 * ```ts
 * import { events, Webhook } from "@clustaar/webhook";
 * import { type CliIO, main } from "@clustaar/webhook/cli";
 *
 * const app = new Webhook();
 * app.on(events.CONVERSATION_STEP_REACHED, () => ({ actions: [] }));
 * let output = "";
 * const io: CliIO = {
 *   stdout: (text) => void (output += text),
 *   stderr: (text) => void (output += text),
 *   env: () => undefined,
 *   readFile: () => Promise.reject(new Error("No files here")),
 *   fetch: app.fetch,
 * };
 * console.assert(await main(["send", "http://localhost/"], io) === 0);
 * ```
 *
 * @category CLI
 */
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

/** The program's name, in help texts. */
export const PROGRAM = "clustaar-webhook";

export const HELP_OPTION: OptionSpec = { name: "help", short: "h", value: false };
export const KEY_OPTION: OptionSpec = { name: "private-key", short: "k", value: true };
export const AUTH_OPTION: OptionSpec = { name: "auth", short: "u", value: true };
export const FILE_OPTION: OptionSpec = { name: "file", short: "f", value: true };

/** Writes a usage error and the command's help; the exit code for it. */
export function usage(io: CliIO, message: string, help: string): number {
  io.stderr(`Error: ${message}\n\n${help}`);
  return EXIT.usage;
}

export function failure(io: CliIO, message: string): number {
  io.stderr(`Error: ${message}\n`);
  return EXIT.failed;
}

/** The Basic credentials of `--auth user:password`, or of the environment. */
export function credentials(
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

/** The private key of `--private-key`, or of the environment. */
export function privateKeyOption(parsed: ParsedArgs, io: CliIO): string | undefined {
  return option(parsed, "private-key") ?? (io.env("CLUSTAAR_PRIVATE_KEY") || undefined);
}

/**
 * How the requests are signed and authenticated: the private key and the
 * Basic credentials (see {@linkcode privateKeyOption} and {@linkcode credentials});
 * a number is the exit code of the usage error written for bad credentials.
 */
export function signing(
  parsed: ParsedArgs,
  io: CliIO,
  help: string,
): { privateKey: string | undefined; auth: BasicCredentials | undefined } | number {
  const auth = credentials(parsed, io);
  if (auth && "error" in auth) return usage(io, auth.error, help);
  return { privateKey: privateKeyOption(parsed, io), auth };
}

/** What the requests carry, for a line of output: `signed, Basic auth`. */
export function signingNotes(privateKey: string | undefined, auth: unknown): string[] {
  return [privateKey !== undefined ? "signed" : "not signed", ...(auth ? ["Basic auth"] : [])];
}

/** An http or https URL, or the usage error for `text`. */
export function httpURL(text: string): URL | { error: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: `invalid URL: ${text}` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { error: `the URL must be http or https: ${text}` };
  }
  return url;
}

/** A file's bytes, or an error message naming it (`what`, by default its path). */
export async function readText(
  io: CliIO,
  path: string,
  what: string = path,
): Promise<Uint8Array | { error: string }> {
  try {
    return await io.readFile(path);
  } catch (error) {
    return { error: `cannot read ${what}: ${(error as Error)?.message ?? String(error)}` };
  }
}

const decoder = new TextDecoder();

/** The JSON value of a file's bytes, or an error message naming the file (`what`). */
export function parseJSON(bytes: Uint8Array, what: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(decoder.decode(bytes)) };
  } catch (error) {
    return { error: `${what} is not valid JSON: ${(error as Error).message}` };
  }
}

/**
 * A JSON file: its bytes and its value, or an error message naming it
 * (`what`, by default its path) when it cannot be read or is not JSON.
 */
export async function readJSON(
  io: CliIO,
  path: string,
  what: string = path,
): Promise<{ bytes: Uint8Array; value: unknown } | { error: string }> {
  const bytes = await readText(io, path, what);
  if ("error" in bytes) return bytes;
  const parsed = parseJSON(bytes, what);
  return "error" in parsed ? parsed : { bytes, value: parsed.value };
}

/** Whether `value` is a JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Parses a command's arguments; a number is the exit code when there is
 * nothing more to do (a usage error was written, or the help asked for).
 */
export function parseCommand(
  args: readonly string[],
  specs: readonly OptionSpec[],
  help: string,
  io: CliIO,
): ParsedArgs | number {
  const parsed = parseArgs(args, specs);
  if ("error" in parsed) return usage(io, parsed.error, help);
  if (parsed.options.has("help")) {
    io.stdout(help);
    return EXIT.ok;
  }
  return parsed;
}
