// The tool's commands and its help: which command runs.
import { dev, DEV_HELP } from "./_dev.ts";
import { type CliIO, EXIT, PROGRAM, usage } from "./_io.ts";
import { sample, SAMPLE_HELP } from "./_sample.ts";
import { send, SEND_HELP } from "./_send.ts";
import { SIGN_HELP, signCommand } from "./_sign.ts";

/** The tool's help. */
export const HELP = `Send signed test notifications to a Clustaar webhook, print them, sign
bodies, and talk to the webhook turn by turn in a web page (dev).

Usage:
  ${PROGRAM} send <url> [options]   post a notification and check the answer
  ${PROGRAM} sample [options]       print the notification send would post
  ${PROGRAM} sign <file> [options]  print the headers (or a curl command) for a body
  ${PROGRAM} dev <url | module>     a web page to talk to the webhook, turn by turn
  ${PROGRAM} help [command]         show help

The notification's step (--step-id, --step-name, --user-data), input
(--text, --event, --url, --input-type), session (--session key=value) and
channel (--channel) are set by options, to drive the routes' filters.

Run with Deno:  deno run -A jsr:@clustaar/webhook/cli <command> ...
Run with Bun:   bun run src/cli/mod.ts <command> ...   (from a checkout)

Exit status: 0 on success, 1 when the exchange failed (a refusal, the
webhook's failure, no answer) or the answer is invalid, 2 for a usage error.
`;

/** Runs the tool with `args` (without the program name); resolves to the exit code. */
export async function run(args: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case "send":
      return await send(rest, io);
    case "sample":
      return await sample(rest, io);
    case "sign":
      return await signCommand(rest, io);
    case "dev":
      return await dev(rest, io);
    case undefined:
    case "help":
    case "--help":
    case "-h": {
      const topic = rest[0];
      const help: Record<string, string> = {
        send: SEND_HELP,
        sample: SAMPLE_HELP,
        sign: SIGN_HELP,
        dev: DEV_HELP,
      };
      io.stdout(
        (topic !== undefined && Object.hasOwn(help, topic) ? help[topic] : undefined) ?? HELP,
      );
      return EXIT.ok;
    }
    default:
      return usage(io, `unknown command "${command}"`, HELP);
  }
}
