/**
 * The command-line tool: send signed test notifications to a webhook and
 * check its answer against the platform's schemas, print the notification it
 * would send, sign a body for curl, or serve the playground (dev): a web page
 * that talks to the webhook turn by turn.
 *
 * ```sh
 * deno run -A jsr:@clustaar/webhook/cli send http://localhost:8000/ --private-key XXXXXXXXXX
 * deno run -A jsr:@clustaar/webhook/cli send http://localhost:8000/ --user-data '{"action":"subscribe"}'
 * deno run -A jsr:@clustaar/webhook/cli sample --event signup > notification.json
 * deno run -A jsr:@clustaar/webhook/cli sign body.json --private-key XXXXXXXXXX --curl http://localhost:8000/
 * deno run -A jsr:@clustaar/webhook/cli dev ./webhook.ts --bot ./bot.json   # the playground
 * bun run src/cli/mod.ts --help   # from a checkout
 * ```
 *
 * This module is an entry point: it uses the runtime's process, file and
 * network APIs (through `node:` modules, which Deno and Bun both provide).
 *
 * @example Run the tool in memory
 * ```ts
 * import { main } from "@clustaar/webhook/cli";
 *
 * let output = "";
 * const code = await main(["help"], {
 *   stdout: (text) => void (output += text),
 *   stderr: (text) => void (output += text),
 *   env: () => undefined,
 *   readFile: () => Promise.reject(new Error("No files here")),
 * });
 * console.assert(code === 0 && output.includes("send <url>"));
 * ```
 *
 * @module
 */
import process from "node:process";
import { readFile } from "node:fs/promises";
import type { CliIO } from "./_io.ts";
import { run } from "./_run.ts";

export type { CliIO };

/** The process's standard streams, environment and files. */
function processIO(): CliIO {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: (name) => process.env[name],
    readFile: async (path) => new Uint8Array(await readFile(path)),
  };
}

/**
 * Runs the command-line tool.
 *
 * @param args The arguments, without the program name (e.g. `["send", url]`).
 * @param io Where to read and write (default: the process's streams, environment and files).
 * @returns The exit code: 0 on success, 1 when the exchange failed or the
 * answer is invalid, 2 for a usage error.
 *
 * @example Check a webhook from a script
 * ```ts ignore
 * import { main } from "@clustaar/webhook/cli";
 * const code = await main(["send", "http://localhost:8000/", "--private-key", "XXXXXXXXXX"]);
 * if (code !== 0) throw new Error("Webhook check failed");
 * ```
 *
 * @category CLI
 */
export function main(args: readonly string[], io: CliIO = processIO()): Promise<number> {
  return run(args, io);
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
