// The playground as a person uses it, in a real browser: Debian's chromium
// driven by playwright-core (which downloads no browser) under Node.js. The
// example webhook (examples/routing.ts, signed and with Basic credentials)
// and the playground (clustaar-webhook dev) run as real processes, under
// Deno and under Bun; the test finds everything by role and accessible name.
// It saves a screenshot: docs/playground.png, the README's, when that file is
// missing or UPDATE_SCREENSHOT=1 (so that a test run leaves the checkout as it
// was), else a file in the temporary directory, whose path it prints.
//
//   node --test tests/browser/playground.node.mjs   (scripts/test.sh runs it,
//   installing chromium with apt-get when it is missing and it runs as root)
//   UPDATE_SCREENSHOT=1 node --test tests/browser/playground.node.mjs
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DENO = join(ROOT, "node_modules/.bin/deno");
const BUN = join(ROOT, "node_modules/.bin/bun");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const KEY = "playground-secret";
const AUTH = { username: "bot", password: "p:w" };
const SECRETS = {
  CLUSTAAR_PRIVATE_KEY: KEY,
  CLUSTAAR_AUTH_USERNAME: AUTH.username,
  CLUSTAAR_AUTH_PASSWORD: AUTH.password,
};
const skip = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is missing: run 'apt-get install chromium' as root, then 'bash scripts/test.sh'`;
if (skip) console.log(`# SKIP browser tests: ${skip}`);

const RUNTIMES = {
  deno: (script) => [DENO, "run", "--allow-net", "--allow-env", "--allow-read", script],
  bun: (script) => [BUN, "run", script],
};

/** Starts a process and resolves once it prints http://host:port/. */
function start(command, env) {
  const [program, ...args] = command;
  const child = spawn(program, args, {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command.join(" ")} did not start in time: ${text}`));
    }, 30_000);
    const onData = (chunk) => {
      text += chunk.toString();
      const match = /http:\/\/[^:/\s]+:(\d+)\//.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]), output: () => text, exited });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${command.join(" ")} exited with ${code} before listening: ${text}`));
    });
  });
}

async function stop(server) {
  if (server.child.exitCode === null) process.kill(server.child.pid, "SIGTERM");
  return await server.exited;
}

function run(program, args, env = {}) {
  return new Promise((resolve) => {
    execFile(
      program,
      args,
      { cwd: ROOT, env: { ...process.env, NO_COLOR: "1", ...env }, maxBuffer: 16 << 20 },
      (error, stdout, stderr) =>
        resolve({
          status: error ? (typeof error.code === "number" ? error.code : 1) : 0,
          out: `${stdout}${stderr}`,
        }),
    );
  });
}

/** The platform's signature of a request: HMAC-SHA1 of "date=<Date>\n" and the body. */
function platformSignature(date, body) {
  return `sha1=${createHmac("sha1", KEY).update(`date=${date}\n`).update(body).digest("hex")}`;
}

let context;
const profile = mkdtempSync(join(tmpdir(), "clustaar-chromium-"));
const recorded = [];

before(async () => {
  if (skip) return;
  const { chromium } = await import("playwright-core");
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1400, height: 960 },
  });
});

after(async () => {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
  for (const file of recorded) rmSync(file, { force: true });
});

for (const [runtime, command] of Object.entries(RUNTIMES)) {
  describe(`the playground under ${runtime}`, { skip }, () => {
    test(`a person talks to examples/routing.ts through the playground, both under ${runtime}`, {
      timeout: 240_000,
    }, async () => {
      const webhook = await start(command("examples/routing.ts"), { PORT: "0", ...SECRETS });
      const url = `http://127.0.0.1:${webhook.port}/`;
      // The key and the credentials come from the environment, as for `send`.
      const dev = await start(
        [
          ...command("src/cli/mod.ts"),
          "dev",
          url,
          "--bot",
          "examples/routing.bot.json",
          "--port",
          "0",
        ],
        SECRETS,
      );
      const page = await context.newPage();
      const dialogs = [];
      const errors = [];
      const foreign = [];
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on("pageerror", (error) => errors.push(error.message));
      page.on("request", (request) => {
        const { hostname } = new URL(request.url());
        if (hostname !== "127.0.0.1" && request.url() !== "https://example.com/newsletter/42.png") {
          foreign.push(request.url());
        }
      });
      try {
        await page.goto(`http://127.0.0.1:${dev.port}/`);
        const chat = page.getByRole("region", { name: "Conversation" });
        const inspector = page.getByRole("region", { name: "Inspector" });
        const session = page.getByRole("region", { name: "Session" });
        const message = page.getByRole("textbox", { name: "Message" });
        await chat.getByText("The conversation is at step “welcome”").waitFor();
        await assert.doesNotReject(
          page.getByText(`${url} · over HTTP, signed, Basic auth`).waitFor(),
        );

        // Type a message and press Send: the welcome step's answer, as the end user sees it.
        await message.fill("hello");
        await page.getByRole("button", { name: "Send" }).click();
        await chat.getByText("Hello! We send a newsletter every Monday.").waitFor();
        await chat.getByText("Would you like it?").waitFor();
        assert.equal(await chat.getByRole("button", { name: "Yes please" }).count(), 1);

        // Keyboard only: from the Message box back to the quick reply, then Enter.
        await message.focus();
        let focused = "";
        for (let i = 0; i < 8 && focused !== "Yes please"; i++) {
          await page.keyboard.press("Shift+Tab");
          focused = await page.evaluate(() => document.activeElement?.textContent ?? "");
        }
        assert.equal(focused, "Yes please", "Shift+Tab reaches the quick reply");
        const outline = await page.evaluate(() => {
          const style = getComputedStyle(document.activeElement);
          return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
        });
        assert.notEqual(outline.style, "none", "the focused button shows its focus");
        assert.ok(outline.width >= 2, `a visible focus ring (${outline.width}px)`);
        await page.keyboard.press("Enter");
        await chat.getByText("You are subscribed!").waitFor();
        await chat.getByText("step “subscribe” · webhook 200").waitFor();
        await session.getByText("subscribed").waitFor();

        // The inspector shows the exact request: its signature verifies with the key.
        const turn = inspector.locator("details[open]");
        await turn.getByText("Turn 2: clicks “Yes please”").waitFor();
        const header = async (name) =>
          (await turn.getByRole("row", { name: new RegExp(`^${name} `) }).getByRole("cell")
            .textContent()).trim();
        const date = await header("Date");
        const signature = await header("X-Hub-Signature");
        const body = await turn.getByLabel("Request body").textContent();
        assert.match(signature, /^sha1=[0-9a-f]{40}$/);
        assert.equal(signature, platformSignature(date, body));
        assert.equal(
          await header("Authorization"),
          `Basic ${Buffer.from(`${AUTH.username}:${AUTH.password}`).toString("base64")}`,
        );
        assert.equal(JSON.parse(body).data.step.name, "subscribe");
        assert.match(
          await turn.getByRole("heading", { name: /^Answer · 200 OK/ }).textContent(),
          /ms$/,
        );

        // Reach the about step with the step picker: markup as the platform sanitises it.
        const step = page.getByRole("combobox", { name: "Step" });
        await step.fill("about");
        await step.press("Enter");
        await chat.getByText("The bot is typing for 1 s").waitFor();
        await chat.getByText("the bot was typing for 1 s").waitFor();
        const bold = chat.locator("b", { hasText: "Every Monday" });
        await bold.waitFor();
        await chat.getByText('<script>alert("gotcha")</script>').waitFor();
        assert.equal(await chat.locator("script").count(), 0, "no script element in the chat");
        await chat.getByText('⚠ The platform escapes "<script>", "</script>"').waitFor();
        assert.equal(await chat.locator("em", { hasText: "five" }).count(), 1);
        await chat.getByRole("img", { name: "The cover of issue 42" }).waitFor();
        await chat.getByRole("article").getByText("Issue 42", { exact: true }).waitFor();
        await chat.getByRole("button", { name: "Read it" }).waitFor();
        if (runtime === "deno") {
          const readme = join(ROOT, "docs/playground.png");
          const path = process.env.UPDATE_SCREENSHOT === "1" || !existsSync(readme)
            ? readme
            : join(tmpdir(), `clustaar-playground-${process.pid}.png`);
          await page.screenshot({ path });
          console.log(`# screenshot: ${path}`);
        }
        const alternatives = chat.getByRole("button", { name: "alternative 1 of 2" }).last();
        await alternatives.click();
        assert.equal(await alternatives.getAttribute("aria-expanded"), "true");
        await chat.getByRole("list", { name: "Alternatives" }).getByText(
          "The newsletter comes out every Monday.",
        ).waitFor();
        await chat.getByRole("button", { name: "Read it" }).click();
        await chat.getByText(
          "the user's browser opens https://example.com/newsletter/42 (not fetched here)",
        )
          .waitFor();

        // Edit the session between turns: bad JSON and a bad session are refused, with the reason.
        await session.getByText("Edit the session and the interlocutor").click();
        const sessionBox = session.getByRole("textbox", { name: "Session (JSON)" });
        await sessionBox.fill("{");
        await session.getByRole("button", { name: "Apply" }).click();
        await session.getByRole("alert").getByText(/^Not JSON/).waitFor();
        await sessionBox.fill('{"values": []}');
        await session.getByRole("button", { name: "Apply" }).click();
        await session.getByText(/^Cannot set the session: invalid session/).waitFor();
        await sessionBox.fill('{"values": {"subscribed": true, "lang": "fr"}}');
        await session.getByRole("button", { name: "Apply" }).click();
        await chat.getByText("session and interlocutor set").waitFor();
        await session.getByText('"fr"').waitFor();
        await message.fill("bonjour");
        await message.press("Enter");
        await chat.getByText("Bonjour !").waitFor();

        // Copy as test: the copied test passes against the running webhook, under Deno and Bun.
        await page.getByRole("button", { name: "Copy as test" }).click();
        const dialog = page.getByRole("dialog", { name: "The conversation as a test" });
        await dialog.waitFor();
        const code = await dialog.getByRole("textbox", { name: "Test code" }).inputValue();
        assert.match(code, new RegExp(`createConversation\\("${url.replaceAll(".", "\\.")}"`));
        assert.match(code, /conversation\.click\("Yes please"\)/);
        assert.match(
          code,
          /conversation\.session = \{ values: \{ subscribed: true, lang: "fr" \} \};/,
        );
        await dialog.getByRole("button", { name: "Close" }).click();
        // Saved where the playground was started, as the dialog says: its imports are relative.
        const file = join(ROOT, `.playground-recorded-${runtime}-${process.pid}_test.ts`);
        recorded.push(file);
        writeFileSync(file, code);
        const denoRun = await run(DENO, ["test", "--allow-all", file], SECRETS);
        assert.equal(denoRun.status, 0, denoRun.out);
        // Two processes sending the same notifications in the same second sign the same
        // (Date, body): the webhook would refuse the second run as a replay (409).
        await new Promise((resolve) => setTimeout(resolve, 1100));
        const bunRun = await run(BUN, ["test", file], SECRETS);
        assert.equal(bunRun.status, 0, bunRun.out);

        // Restart: an empty chat and inspector.
        await page.getByRole("button", { name: "Restart" }).click();
        await chat.getByText("The conversation is at step “welcome”").waitFor();
        assert.equal(await chat.getByText("Bonjour !").count(), 0);
        assert.equal(await inspector.locator("details").count(), 0);

        // The webhook goes down: the chat says so.
        assert.equal(await stop(webhook), 0, webhook.output());
        await message.fill("anyone there?");
        await message.press("Enter");
        const failure = chat.getByRole("alert");
        await failure.getByText("Turn 1 failed").waitFor();
        await failure.getByText(new RegExp(`cannot reach ${url.replaceAll(".", "\\.")}`)).waitFor();
        await inspector.getByText("Turn 1: says “anyone there?” · failed").waitFor();

        assert.deepEqual(dialogs, [], "no alert ran");
        assert.deepEqual(errors, [], "no script error on the page");
        assert.deepEqual(foreign, [], "the page loads nothing from elsewhere");
      } finally {
        await page.close();
        await stop(webhook);
        const code = await stop(dev);
        assert.equal(code, 0, dev.output());
      }
    });
  });
}
