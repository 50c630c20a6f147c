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

/** A file's bytes, or an error message naming it. */
export async function readText(io: CliIO, path: string): Promise<Uint8Array | { error: string }> {
  try {
    return await io.readFile(path);
  } catch (error) {
    return { error: `cannot read ${path}: ${(error as Error)?.message ?? String(error)}` };
  }
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
