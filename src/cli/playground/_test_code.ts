// "Copy as test": the playground's conversation so far, as a test that
// replays it with createConversation (node:test and node:assert/strict, so
// that it runs unchanged under `deno test` and `bun test`).
import type { Turn, UserAct } from "../../testing/turn.ts";

/** A change made between turns in the playground's Session panel. */
export interface Edit {
  /** The number of turns before it. */
  after: number;
  /** What was set. */
  kind: "session" | "interlocutor";
  /** The value set (for the interlocutor, the complete one the conversation then had). */
  value: unknown;
}

/** What the test is about and where its imports come from. */
export interface TestCodeOptions {
  /** The turns since the last restart. */
  turns: readonly Turn[];
  /** The session and interlocutor edits since the last restart. */
  edits: readonly Edit[];
  /** The webhook: a module imported in process (its specifier), or a URL. */
  target: { kind: "module"; specifier: string } | { kind: "url"; url: string };
  /** The bot file's specifier, when there is one. */
  bot?: string;
  /** The specifier of `@clustaar/webhook/testing`. */
  testing: string;
  /** Whether the playground signed its requests (the test then reads CLUSTAAR_PRIVATE_KEY). */
  signed: boolean;
  /** Whether it sent Basic credentials (read from CLUSTAAR_AUTH_USERNAME and CLUSTAAR_AUTH_PASSWORD). */
  auth: boolean;
}

/**
 * A value as TypeScript source, laid out as `deno fmt` would: on one line
 * when it is short, else one item a line.
 */
function literal(value: unknown, indent = "  "): string {
  const flat = (item: unknown): string => {
    if (Array.isArray(item)) return `[${item.map(flat).join(", ")}]`;
    if (item !== null && typeof item === "object") {
      const entries = Object.entries(item).filter(([, v]) => v !== undefined);
      if (entries.length === 0) return "{}";
      return `{ ${entries.map(([k, v]) => `${key(k)}: ${flat(v)}`).join(", ")} }`;
    }
    return JSON.stringify(item) ?? "undefined";
  };
  const line = flat(value);
  if (line.length + indent.length <= 90 || value === null || typeof value !== "object") return line;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => `${inner}${literal(item, inner)},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{\n${
    entries.map(([k, v]) => `${inner}${key(k)}: ${literal(v, inner)},`).join("\n")
  }\n${indent}}`;
}

/** An object key: bare when it is an identifier. */
function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

function act(user: UserAct): string {
  switch (user.type) {
    case "reach": {
      const options = user.input === undefined ? "" : `, { input: ${literal(user.input)} }`;
      return `conversation.reach(${literal(user.step)}${options})`;
    }
    case "say":
      return `conversation.say(${literal(user.text)}${
        user.to === undefined ? "" : `, { to: ${literal(user.to)} }`
      })`;
    case "click":
      return `conversation.click(${literal(user.title)}${
        user.card === undefined ? "" : `, { card: ${literal(user.card)} }`
      })`;
    case "event":
      return `conversation.event(${literal(user.name)}${
        user.to === undefined ? "" : `, { to: ${literal(user.to)} }`
      })`;
  }
}

/** A comment line: no line break can end it early. */
function comment(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return `// ${flat.length > 160 ? `${flat.slice(0, 160)}…` : flat}`;
}

/** The test, as TypeScript source. */
export function testCode(options: TestCodeOptions): string {
  const { turns, edits, target } = options;
  const env = options.signed || options.auth;
  const lines: string[] = [
    comment(
      `Recorded in the clustaar-webhook playground: ${turns.length} turn${
        turns.length === 1 ? "" : "s"
      } with the webhook ${
        target.kind === "module" ? `of ${target.specifier}` : `at ${target.url}`
      }.`,
    ),
  ];
  if (env) {
    lines.push(
      comment(
        `Run it with ${
          [
            ...(options.signed ? ["CLUSTAAR_PRIVATE_KEY"] : []),
            ...(options.auth ? ["CLUSTAAR_AUTH_USERNAME", "CLUSTAAR_AUTH_PASSWORD"] : []),
          ].join(", ")
        } set as for the playground.`,
      ),
    );
  }
  if (target.kind === "url") lines.push(comment(`Start the webhook at ${target.url} first.`));
  const specifiers = [
    options.testing,
    options.bot,
    target.kind === "module" ? target.specifier : "",
  ];
  if (specifiers.some((s) => s?.startsWith("./") || s?.startsWith("../"))) {
    lines.push(
      comment(
        "Save it in the directory the playground was started in: its imports are relative to it.",
      ),
    );
  }
  lines.push(
    `import assert from "node:assert/strict";`,
    ...(env ? [`import process from "node:process";`] : []),
    `import { test } from "node:test";`,
    `import { createConversation } from ${literal(options.testing)};`,
  );
  if (target.kind === "module") lines.push(`import app from ${literal(target.specifier)};`);
  if (options.bot !== undefined) {
    lines.push(`import bot from ${literal(options.bot)} with { type: "json" };`);
  }
  const settings: string[] = [];
  if (options.bot !== undefined) settings.push("bot");
  if (options.signed) settings.push("privateKey: process.env.CLUSTAAR_PRIVATE_KEY");
  if (options.auth) {
    settings.push(
      'auth: {\n      username: process.env.CLUSTAAR_AUTH_USERNAME ?? "",\n      password: process.env.CLUSTAAR_AUTH_PASSWORD ?? "",\n    }',
    );
  }
  const subject = target.kind === "module" ? "app" : literal(target.url);
  lines.push(
    "",
    `test("the conversation recorded in the playground", async () => {`,
    settings.length === 0
      ? `  const conversation = createConversation(${subject});`
      : settings.length === 1 && !options.auth
      ? `  const conversation = createConversation(${subject}, { ${settings[0]} });`
      : `  const conversation = createConversation(${subject}, {\n${
        settings.map((setting) => `    ${setting},`).join("\n")
      }\n  });`,
  );
  const editsAfter = (count: number) => {
    for (const edit of edits.filter((e) => e.after === count)) {
      lines.push(`  conversation.${edit.kind} = ${literal(edit.value)};`);
    }
  };
  editsAfter(0);
  for (const turn of turns) {
    lines.push("");
    if (turn.ok) {
      const name = `turn${turn.number}`;
      lines.push(
        `  const ${name} = await ${act(turn.user)};`,
        `  assert.deepEqual(${name}.texts, ${literal(turn.texts)}, conversation.transcript);`,
        `  assert.deepEqual(${name}.steps.map((step) => step.name), ${
          literal(turn.steps.map((step) => step.name))
        });`,
      );
    } else {
      lines.push(
        `  ${comment(`Turn ${turn.number} failed: ${(turn.error ?? "").split("\n")[0]}`)}`,
        `  await assert.rejects(${act(turn.user)}, { name: "ConversationError" });`,
      );
    }
    editsAfter(turn.number);
  }
  const last = [...turns].reverse().find((turn) => turn.ok);
  if (last !== undefined && !edits.some((edit) => edit.after >= last.number)) {
    lines.push("", `  assert.deepEqual(conversation.session, ${literal(last.session)});`);
  }
  lines.push("});", "");
  return lines.join("\n");
}
