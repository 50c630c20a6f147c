// `sample`: print the notification `send` would post, with the same edits.
import { type CliIO, EXIT, failure, HELP_OPTION, parseCommand, PROGRAM, usage } from "./_io.ts";
import { buildNotification, NOTIFICATION_HELP, NOTIFICATION_OPTIONS } from "./_notification.ts";

/** The help of `sample`. */
export const SAMPLE_HELP = `Usage: ${PROGRAM} sample [options]

Prints, as indented JSON, the conversation.step_reached notification that
"${PROGRAM} send" would post with the same options. Save it, edit it, and
send it with --file, or sign it for curl with "${PROGRAM} sign".

Options:
${NOTIFICATION_HELP}  -h, --help                show this help
`;

/** Runs `sample` with its arguments. */
export async function sample(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommand(args, [HELP_OPTION, ...NOTIFICATION_OPTIONS], SAMPLE_HELP, io);
  if (typeof parsed === "number") return parsed;
  if (parsed.positionals.length > 0) {
    return usage(io, `sample takes no argument (got ${parsed.positionals[0]})`, SAMPLE_HELP);
  }
  const built = await buildNotification(parsed, io, (io.now ?? Date.now)());
  if ("usage" in built) return usage(io, built.usage, SAMPLE_HELP);
  if ("failure" in built) return failure(io, built.failure);
  for (const warning of built.warnings) io.stderr(`Warning: ${warning}\n`);
  io.stdout(`${JSON.stringify(built.notification, null, 2)}\n`);
  return EXIT.ok;
}
