// The notification `send` posts and `sample` prints: the built-in sample or a
// file, edited by the options that drive the routing filters (step id, name
// and userData, the user's input, session values, channel).
import { createNotification, mergeDeep } from "../testing/notification.ts";
import { option, type OptionSpec, type ParsedArgs } from "./_args.ts";
import { type CliIO, FILE_OPTION, isRecord, readJSON } from "./_io.ts";

/** The options that build and edit the notification, shared by `send` and `sample`. */
export const NOTIFICATION_OPTIONS: readonly OptionSpec[] = [
  FILE_OPTION,
  { name: "step-id", value: true },
  { name: "step-name", value: true },
  { name: "user-data", value: true },
  { name: "text", value: true },
  { name: "event", value: true },
  { name: "url", value: true },
  { name: "input-type", value: true },
  { name: "session", value: true, multiple: true },
  { name: "channel", value: true },
];

/** Their lines in the commands' help. */
export const NOTIFICATION_HELP =
  `  -f, --file <path>         the notification as a JSON file (default: a built-in sample)
      --step-id <id>        set data.step.id (StepID)
      --step-name <name>    set data.step.name (StepName)
      --user-data <text>    set data.step.userData, usually JSON such as
                            '{"action":"subscribe"}' (StepUserData*)
      --text <text>         a message input: the user typed <text> (InputMatches)
      --event <name>        a custom_event input named <name>
      --url <url>           a url_loaded_event input for <url>
      --input-type <type>   the input's type (InputType): message, custom_event,
                            url_loaded_event, go_to_action,
                            legacy_reply_to_message_action, or none (no input)
      --session <key=value> set a session value (repeatable; the value is a
                            string) (SessionValueEquals, SessionValueExists)
      --channel <name>      set data.channel, e.g. web (Channel)
`;

/** What the input options say, once checked against each other. */
const INPUT_OF: Record<string, string> = {
  text: "message",
  event: "custom_event",
  url: "url_loaded_event",
};
const TEXT_INPUTS = new Set(["message", "legacy_reply_to_message_action"]);

/** The notification, its body as it will be sent, and warnings for the user. */
export interface BuiltNotification {
  notification: Record<string, unknown>;
  /** The file's bytes when nothing was edited, else the JSON text. */
  body: string | Uint8Array;
  warnings: string[];
}

/**
 * Builds the notification from the parsed options; `usage` for options that
 * contradict each other, `failure` for a file that cannot be used.
 */
export async function buildNotification(
  parsed: ParsedArgs,
  io: CliIO,
  now: number,
): Promise<BuiltNotification | { usage: string } | { failure: string }> {
  const warnings: string[] = [];
  const data: Record<string, unknown> = {};
  const step: Record<string, unknown> = {};
  const stepId = option(parsed, "step-id");
  if (stepId !== undefined) step.id = stepId;
  const stepName = option(parsed, "step-name");
  if (stepName !== undefined) step.name = stepName;
  const userData = option(parsed, "user-data");
  if (userData !== undefined) {
    step.userData = userData;
    if (!isJSONObjectText(userData)) {
      warnings.push(
        "--user-data is not a JSON object: the StepUserDataKey* filters will not accept it " +
          "(StepUserDataContains still reads it as text)",
      );
    }
  }
  if (Object.keys(step).length > 0) data.step = step;
  const values: Record<string, string> = {};
  for (const pair of parsed.options.get("session") ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) return { usage: `--session must be key=value (got ${pair})` };
    values[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  if (Object.keys(values).length > 0) data.session = { values };
  const channel = option(parsed, "channel");
  if (channel !== undefined) data.channel = channel;
  const input = inputOf(parsed);
  if ("usage" in input) return input;

  const edited = Object.keys(data).length > 0 || input.type !== undefined;
  let notification: Record<string, unknown>;
  let bytes: Uint8Array | undefined;
  const file = option(parsed, "file");
  if (file !== undefined) {
    const read = await readJSON(io, file);
    if ("error" in read) return { failure: read.error };
    const json = read.value;
    if (!isRecord(json)) return { failure: `${file} must hold a JSON object` };
    notification = json;
    bytes = read.bytes;
    if (edited) {
      if (!isRecord(notification.data)) notification.data = {};
      mergeDeep(notification, { data });
    }
  } else {
    notification = createNotification(
      {
        timestamp: Math.floor(now / 1000),
        data,
      } as Parameters<typeof createNotification>[0],
    ) as unknown as Record<string, unknown>;
  }
  if (input.type !== undefined) {
    const target = notification.data as Record<string, unknown>;
    if (input.type === "none") delete target.input;
    else target.input = inputValue(input.type, input.value, target);
  }
  const body = bytes !== undefined && !edited ? bytes : JSON.stringify(notification);
  return { notification, body, warnings };
}

/** The input the options ask for: its type (or none asked) and its text, name or URL. */
function inputOf(parsed: ParsedArgs): { type?: string; value?: string } | { usage: string } {
  const given = Object.keys(INPUT_OF).filter((name) => parsed.options.has(name));
  if (given.length > 1) {
    return { usage: `--${given[0]} and --${given[1]} make two different inputs: give one` };
  }
  const declared = option(parsed, "input-type");
  if (declared !== undefined && !/^[a-z][a-z0-9_]*$/.test(declared)) {
    return { usage: `--input-type must be an input type such as message (got ${declared})` };
  }
  const from = given[0];
  if (from === undefined) return { type: declared };
  const value = option(parsed, from)!;
  const implied = INPUT_OF[from]!;
  if (declared !== undefined && declared !== implied) {
    const fits = from === "text" && TEXT_INPUTS.has(declared);
    if (!fits) {
      return {
        usage: `--${from} makes a ${implied} input: it does not go with --input-type ${declared}`,
      };
    }
  }
  return { type: declared ?? implied, value };
}

/** A complete input of `type`, with the given text, name or URL, or a sample one. */
function inputValue(
  type: string,
  value: string | undefined,
  data: Record<string, unknown>,
): Record<string, unknown> {
  switch (type) {
    case "message":
      return { type, text: value ?? "hello", attachments: [] };
    case "legacy_reply_to_message_action":
      return { type, text: value ?? "hello" };
    case "custom_event":
      return { type, name: value ?? "event1" };
    case "url_loaded_event":
      return { type, url: value ?? "https://example.com/" };
    case "go_to_action": {
      // A button that led to the step being reached.
      const step = isRecord(data.step) && typeof data.step.id === "string" ? data.step.id : "1234";
      return { type, target: { type: "step", id: step } };
    }
    default:
      // A type this module does not know: the platform may send new ones.
      return { type };
  }
}

function isJSONObjectText(text: string): boolean {
  try {
    return isRecord(JSON.parse(text));
  } catch {
    return false;
  }
}
