// `dev <url | module>`: the playground. A web page on this machine that plays
// the platform's part against a webhook, turn by turn, through the
// conversation harness (createConversation), and shows what the end user
// would see and every request it signed.
import process from "node:process";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { serve, type ServeHandle } from "../http/serve.ts";
import { type Bot, createBot } from "../testing/bot.ts";
import { type ConversationTarget, createConversation } from "../testing/conversation.ts";
import { Webhook } from "../webhook.ts";
import { option, type OptionSpec } from "./_args.ts";
import {
  AUTH_OPTION,
  type CliIO,
  EXIT,
  failure,
  HELP_OPTION,
  httpURL,
  KEY_OPTION,
  parseCommand,
  parseJSON,
  PROGRAM,
  readJSON,
  readText,
  signing,
  signingNotes,
  usage,
} from "./_io.ts";
import { createPlayground } from "./playground/_server.ts";

/** The help of `dev`. */
export const DEV_HELP = `Usage: ${PROGRAM} dev <url | module> [options]

Serves the playground: a web page that plays the platform's part against the
webhook, turn by turn. Type messages, click quick replies and card buttons,
reach steps, edit the session, read every request it signed and every answer,
and copy the conversation as a test. The page listens on 127.0.0.1 only.

<url> is a running webhook, signed and authenticated as the platform would.
<module> is a file whose default export is a Webhook (export default app),
run in this process: the page then also shows which route answered.

Options:
      --bot <file>          the bot file (default: <module> with .bot.json, if it exists)
      --port <port>         the page's port (default 8790; 0 picks a free one)
      --host <host>         the interface to listen on (default 127.0.0.1); another
                            one lets other machines use the webhook through the page
  -k, --private-key <key>   sign with this key (default: $CLUSTAAR_PRIVATE_KEY)
  -u, --auth <user:pass>    HTTP Basic credentials (default:
                            $CLUSTAAR_AUTH_USERNAME and $CLUSTAAR_AUTH_PASSWORD)
  -h, --help                show this help

Stop it with Ctrl+C.
`;

const DEV_OPTIONS: readonly OptionSpec[] = [
  HELP_OPTION,
  KEY_OPTION,
  AUTH_OPTION,
  { name: "bot", value: true },
  { name: "port", value: true },
  { name: "host", value: true },
];

const DEFAULT_PORT = 8790;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/i;

/** How an import specifier for the generated test names a file, from the working directory. */
function specifier(path: string, cwd: string): string {
  const rel = relative(cwd, path).split(sep).join("/");
  if (isAbsolute(rel)) return pathToFileURL(path).href;
  return rel.startsWith("../") ? rel : `./${rel}`;
}

/** The testing module for the generated test: the one this command runs from. */
function testingSpecifier(cwd: string): string {
  const url = new URL("../testing/mod.ts", import.meta.url);
  if (url.protocol !== "file:") return "jsr:@clustaar/webhook/testing";
  const path = fileURLToPath(url);
  if (path.split(sep).join("/").includes("/node_modules/@clustaar/webhook/")) {
    return "@clustaar/webhook/testing";
  }
  return specifier(path, cwd);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "function") return `a function${value.name ? ` (${value.name})` : ""}`;
  if (typeof value === "object") {
    return `an object with the keys ${Object.keys(value).join(", ") || "(none)"}`;
  }
  return typeof value === "undefined" ? "undefined" : `a ${typeof value}`;
}

/** A Webhook of this copy of the module, or of another copy (the module imports its own). */
function isWebhook(value: unknown): value is ConversationTarget & object {
  if (value instanceof Webhook) return true;
  const candidate = value as { fetch?: unknown; explain?: unknown; routes?: unknown } | null;
  return typeof candidate === "object" && candidate !== null &&
    typeof candidate.fetch === "function" && typeof candidate.explain === "function" &&
    Array.isArray(candidate.routes);
}

/** The bot file at `path`: its bytes when they were read already, else read now. */
async function readBot(
  io: CliIO,
  path: string,
  bytes?: Uint8Array,
): Promise<Bot | { error: string }> {
  const what = `the bot file ${path}`;
  const file = bytes === undefined ? await readJSON(io, path, what) : parseJSON(bytes, what);
  if ("error" in file) return file;
  try {
    return createBot(file.value);
  } catch (error) {
    return { error: `${path}: ${(error as Error).message}` };
  }
}

function hostPort(host: string, port: number): string {
  return `${host.includes(":") ? `[${host}]` : host}:${port}`.toLowerCase();
}

/** Runs `dev` with its arguments; resolves once the playground has stopped. */
export async function dev(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommand(args, DEV_OPTIONS, DEV_HELP, io);
  if (typeof parsed === "number") return parsed;
  if (parsed.positionals.length !== 1) {
    return usage(
      io,
      parsed.positionals.length === 0
        ? "dev needs the webhook: a URL, or a module whose default export is a Webhook"
        : "dev takes one webhook: a URL or a module",
      DEV_HELP,
    );
  }
  const given = parsed.positionals[0]!;
  const portText = option(parsed, "port");
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || portText === "") {
    return usage(io, `--port must be an integer from 0 to 65535 (got ${portText})`, DEV_HELP);
  }
  const host = option(parsed, "host") ?? "127.0.0.1";
  if (host === "") return usage(io, "--host needs an interface, such as 127.0.0.1", DEV_HELP);
  const keys = signing(parsed, io, DEV_HELP);
  if (typeof keys === "number") return keys;
  const { privateKey, auth } = keys;
  const cwd = process.cwd();

  // The webhook: a URL, or a module imported here.
  let target: ConversationTarget;
  let modulePath: string | undefined;
  if (/^https?:\/\//i.test(given)) {
    const url = httpURL(given);
    if ("error" in url) return usage(io, url.error, DEV_HELP);
    target = url.href;
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(given) && !/^[a-z]:[\\/]/i.test(given)) {
    return usage(io, `the URL must be http or https: ${given}`, DEV_HELP);
  } else {
    modulePath = resolve(cwd, given);
    let module: { default?: unknown };
    try {
      module = await import(pathToFileURL(modulePath).href);
    } catch (error) {
      return failure(io, `cannot import ${given}: ${(error as Error)?.message ?? String(error)}`);
    }
    if (!isWebhook(module.default)) {
      const named = Object.entries(module).find(([name, value]) =>
        name !== "default" && isWebhook(value)
      );
      return failure(
        io,
        `the default export of ${given} is not a Webhook (it is ${describe(module.default)}): ${
          named
            ? `add "export default ${named[0]};" to the module`
            : "export the webhook as the module's default export (export default app)"
        }`,
      );
    }
    target = module.default;
  }

  // The bot file: --bot, or the module's own next to it.
  let botPath = option(parsed, "bot");
  let found: Uint8Array | undefined;
  if (botPath === undefined && modulePath !== undefined) {
    const candidate = given.replace(/\.[cm]?[jt]sx?$/, "") + ".bot.json";
    const read = await readText(io, resolve(cwd, candidate));
    // None next to the module: steps are then typed in the page.
    if (!("error" in read)) {
      botPath = candidate;
      found = read;
    }
  }
  const botFound = found !== undefined;
  let bot: Bot | undefined;
  if (botPath !== undefined) {
    const loaded = await readBot(io, resolve(cwd, botPath), found);
    if ("error" in loaded) return failure(io, loaded.error);
    bot = loaded;
  }

  const conversation = createConversation(target, { bot, privateKey, auth });
  // Filled once the server listens, with its port (port 0 picks one then).
  const hosts = host === "0.0.0.0" || host === "::" ? "any" as const : new Set<string>();
  const label = modulePath === undefined ? conversation.target : given;
  const handler = createPlayground({
    conversation,
    target: { kind: modulePath === undefined ? "url" : "module", label },
    botPath,
    signed: privateKey !== undefined,
    auth: auth !== undefined,
    hosts,
    test: {
      target: modulePath === undefined
        ? { kind: "url", url: conversation.target }
        : { kind: "module", specifier: specifier(modulePath, cwd) },
      bot: botPath === undefined ? undefined : specifier(resolve(cwd, botPath), cwd),
      testing: testingSpecifier(cwd),
    },
  });

  let server: ServeHandle;
  try {
    server = serve(handler, {
      port,
      hostname: host,
      shutdownOn: ["SIGINT", "SIGTERM"],
    });
  } catch (error) {
    return failure(
      io,
      `cannot listen on ${hostPort(host, port)}: ${(error as Error).message}${
        port === 0 ? "" : " (choose another port with --port)"
      }`,
    );
  }
  if (hosts !== "any") {
    const names = LOOPBACK.test(host) ? [host, "127.0.0.1", "localhost", "::1"] : [host];
    for (const name of names) hosts.add(hostPort(name, server.port));
  }
  const shown = hosts === "any" ? "127.0.0.1" : host;
  const notes = [
    modulePath === undefined ? "over HTTP" : "in this process",
    ...signingNotes(privateKey, auth),
  ];
  io.stdout(`Playground: http://${hostPort(shown, server.port)}/\n`);
  io.stdout(`Webhook: ${label} (${notes.join(", ")})\n`);
  io.stdout(
    bot === undefined
      ? "Bot file: none (type step ids in the page, or give --bot)\n"
      : `Bot file: ${botPath} (${bot.steps.length} step${bot.steps.length === 1 ? "" : "s"}${
        botFound ? ", found next to the module" : ""
      })\n`,
  );
  if (!LOOPBACK.test(host)) {
    io.stderr(
      `Warning: the playground listens on ${host}, not only on this machine: anyone who can reach it can talk to the webhook through it and read every request it signed\n`,
    );
  }
  io.stdout("Press Ctrl+C to stop.\n");
  await server.finished;
  return EXIT.ok;
}
