// The tool's commands and its help: which command runs.
import { dev, DEV_HELP } from "./_dev.ts";
import { type CliIO, EXIT, PROGRAM, usage } from "./_io.ts";
import { send, SEND_HELP } from "./_send.ts";
import { SIGN_HELP, signCommand } from "./_sign.ts";

/** The tool's help. */
export const HELP = `Send signed test notifications to a Clustaar webhook, and sign bodies.

Usage:
  ${PROGRAM} send <url> [options]   post a notification and check the answer
  ${PROGRAM} sign <file> [options]  print the headers (or a curl command) for a body
  ${PROGRAM} dev <url | module>     a web page to talk to the webhook, turn by turn
  ${PROGRAM} help [command]         show help

Run with Deno:  deno run -A jsr:@clustaar/webhook/cli <command> ...
Run with Bun:   bun run src/cli/mod.ts <command> ...   (from a checkout)

Exit status: 0 on success, 1 when the exchange failed or the answer is
invalid, 2 for a usage error.
`;

/** Runs the tool with `args` (without the program name); resolves to the exit code. */
export async function run(args: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case "send":
      return await send(rest, io);
    case "sign":
      return await signCommand(rest, io);
    case "dev":
      return await dev(rest, io);
    case undefined:
    case "help":
    case "--help":
    case "-h": {
      const topic = rest[0];
      io.stdout(
        topic === "send"
          ? SEND_HELP
          : topic === "sign"
          ? SIGN_HELP
          : topic === "dev"
          ? DEV_HELP
          : HELP,
      );
      return EXIT.ok;
    }
    default:
      return usage(io, `unknown command "${command}"`, HELP);
  }
}
