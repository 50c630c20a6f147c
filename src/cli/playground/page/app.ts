/// <reference lib="dom" />
// The playground's page: a chat that shows each turn as the end user would
// see it, the session, and an inspector of every request and answer. Built
// with the DOM only: text from the webhook or the user goes in through
// textContent; the only markup inserted is the sanitiser's output, rebuilt
// element by element from the allowlist (see renderRich).
// Bundled into src/cli/playground/_assets.ts by scripts/build_playground.ts.
import type { StepAction, Target } from "../../../models/mod.ts";
import type { Exchange, ShownText, Turn, TurnEvent, UserAct } from "../../../testing/turn.ts";
import { ALLOWED_PROTOCOLS, ALLOWED_TAGS, allowedAttribute, platformText } from "../sanitize.ts";

interface State {
  target: { kind: "module" | "url"; label: string };
  botPath?: string;
  signed: boolean;
  auth: boolean;
  bot: { steps: { id: string; name: string; webhook: boolean }[]; start?: string };
  step?: { id: string; name: string };
  outside?: Target;
  session: { values: Record<string, unknown> };
  interlocutor: Record<string, unknown>;
  turnCount: number;
  turns?: Turn[];
}

interface Answer {
  state?: State;
  turn?: Turn;
  error?: string;
}

/** The longest typing pause shown for a wait_action, in seconds. */
const MAX_TYPING_S = 3;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { class?: string; text?: string } & Record<string, string | undefined> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

function quote(text: string): string {
  return `“${text.length > 80 ? `${text.slice(0, 80)}…` : text}”`;
}

function ms(value: number): string {
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

// ------------------------------------------------------------ rich text

const TAGS: ReadonlySet<string> = new Set(ALLOWED_TAGS);

/** Copies the allowed nodes of an inert parsed document into `target`, element by element. */
function copyAllowed(target: Node, source: Node): void {
  for (const child of Array.from(source.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) {
      target.appendChild(document.createTextNode(child.textContent ?? ""));
      continue;
    }
    if (child.nodeType !== Node.ELEMENT_NODE) continue;
    const element = child as Element;
    const tag = element.localName;
    if (!TAGS.has(tag)) {
      // The sanitiser lets no other element through; should one appear, show its text only.
      target.appendChild(document.createTextNode(element.textContent ?? ""));
      continue;
    }
    const copy = document.createElement(tag);
    for (const { name, value } of Array.from(element.attributes)) {
      if (!allowedAttribute(tag, name, value)) continue;
      if (name === "href") {
        // The browser has decoded the href: check its protocol once more, and
        // keep the playground itself from being navigated away.
        let url: URL | undefined;
        try {
          url = new URL(value);
        } catch {
          url = undefined;
        }
        if (url && ALLOWED_PROTOCOLS.includes(url.protocol.slice(0, -1))) {
          copy.setAttribute("href", url.href);
          copy.setAttribute("target", "_blank");
          copy.setAttribute("rel", "noopener noreferrer");
        } else {
          copy.setAttribute(
            "title",
            url
              ? `Link ${quote(value)}: the chat's browser may refuse it`
              : `Relative link ${quote(value)}: it opens from the site that hosts the chat`,
          );
        }
        continue;
      }
      if (name === "target") continue; // every kept link opens in a new tab here
      copy.setAttribute(name, value);
    }
    copyAllowed(copy, element);
    target.appendChild(copy);
  }
}

/** A text field as the end user sees it, and the platform's changes to it. */
function rich(raw: string): { node: DocumentFragment; changes: string[] } {
  const { html, changes } = platformText(raw);
  const parsed = new DOMParser().parseFromString(`<!doctype html><body>${html}`, "text/html");
  const node = document.createDocumentFragment();
  copyAllowed(node, parsed.body);
  return { node, changes };
}

function warning(changes: string[]): HTMLElement[] {
  return changes.length === 0 ? [] : [el("p", { class: "warn", text: `⚠ ${changes.join(". ")}.` })];
}

// ---------------------------------------------------------------- chat

const log = $<HTMLOListElement>("log");
/** The buttons of the answers shown; only the last answer's can be clicked. */
let liveButtons: HTMLButtonElement[] = [];
let busy = false;
/** What the webhook is: a module in process tells its routes, a URL does not. */
let kind: State["target"]["kind"] = "url";

/** Keeps the newest message in view, as a chat does. */
function stick(): void {
  log.scrollTop = log.scrollHeight;
}

function push(node: HTMLElement): HTMLElement {
  log.appendChild(node);
  stick();
  return node;
}

function event(text: string, kind = ""): void {
  push(el("li", { class: `event ${kind}`.trim(), text }));
}

function botMessage(...children: (Node | string)[]): HTMLElement {
  return push(el("li", { class: "msg bot" }, ...children));
}

function bubble(raw: string): { bubble: HTMLElement; changes: string[] } {
  const { node, changes } = rich(raw);
  return { bubble: el("div", { class: "bubble" }, node), changes };
}

function clickable(title: string, card?: string): HTMLButtonElement {
  const button = el("button", { type: "button" });
  button.append(rich(title).node);
  button.addEventListener("click", () => {
    if (button.disabled) return;
    void act("/api/click", card === undefined ? { title } : { title, card }, {
      user: title,
      clicked: true,
    });
  });
  liveButtons.push(button);
  return button;
}

function picture(url: string | null | undefined, alt: string | null | undefined): HTMLElement {
  const fallback = () =>
    el("div", {
      class: "no-picture",
      text: alt ? `Image: ${alt}` : `Image ${url ?? ""} (no alt text)`,
      role: "img",
      "aria-label": alt || "Image without alt text",
    });
  if (!url) return fallback();
  const img = el("img", { class: "picture", src: url, alt: alt ?? "" });
  img.addEventListener("error", () => {
    img.replaceWith(fallback());
    stick();
  }, { once: true });
  img.addEventListener("load", stick, { once: true });
  return img;
}

function showText(text: ShownText): void {
  const { bubble: shown, changes } = bubble(text.shown);
  const parts: HTMLElement[] = [shown, ...warning(changes)];
  if (text.alternatives.length > 1) {
    const toggle = el("button", {
      type: "button",
      class: "alternatives-toggle",
      "aria-expanded": "false",
      text: `alternative ${text.index + 1} of ${text.alternatives.length}`,
    });
    let list: HTMLOListElement | undefined;
    toggle.addEventListener("click", () => {
      // The list is made when first asked for: only the alternative shown is in the chat.
      if (list === undefined) {
        list = el("ol", { class: "alternatives", "aria-label": "Alternatives" });
        text.alternatives.forEach((alternative, i) => {
          const item = el("li", { class: i === text.index ? "shown" : "" });
          item.append(rich(alternative).node);
          list!.appendChild(item);
        });
        toggle.after(list);
      } else list.hidden = !list.hidden;
      toggle.setAttribute("aria-expanded", String(!list.hidden));
    });
    parts.push(toggle);
  }
  botMessage(...parts);
}

async function showAction(action: StepAction, text: ShownText | undefined, animate: boolean) {
  switch (action.type) {
    case "send_text_action":
      if (text) showText(text);
      return;
    case "send_quick_replies_action": {
      const { bubble: message, changes } = bubble(action.message);
      const titles = action.buttons.flatMap((b) => rich(b.title).changes);
      botMessage(
        message,
        el("div", { class: "replies" }, ...action.buttons.map((b) => clickable(b.title))),
        ...warning([...new Set([...changes, ...titles])]),
      );
      return;
    }
    case "send_cards_action":
    case "send_simple_cards_action": {
      const changes: string[] = [];
      const cards = action.cards.map((card) => {
        const title = rich(card.title);
        const subtitle = card.subtitle ? rich(card.subtitle) : undefined;
        changes.push(...title.changes, ...(subtitle?.changes ?? []));
        const buttons = (card.buttons ?? []).map((button) => {
          changes.push(...rich(button.title).changes);
          return clickable(
            button.title,
            action.type === "send_cards_action" ? card.title : undefined,
          );
        });
        return el(
          "article",
          { class: "card" },
          picture(card.imageURL, "alt" in card ? card.alt : card.title),
          el(
            "div",
            { class: "body" },
            el("strong", {}, title.node),
            ...(subtitle ? [el("span", { class: "subtitle" }, subtitle.node)] : []),
          ),
          ...(buttons.length ? [el("div", { class: "buttons" }, ...buttons)] : []),
        );
      });
      botMessage(el("div", { class: "cards" }, ...cards), ...warning([...new Set(changes)]));
      return;
    }
    case "send_image_action":
      botMessage(picture(action.imageURL, action.alt));
      return;
    case "wait_action": {
      const seconds = Math.min(action.duration, MAX_TYPING_S);
      const note = action.duration > MAX_TYPING_S
        ? `typing for ${action.duration} s (shown for ${MAX_TYPING_S} s)`
        : `typing for ${action.duration} s`;
      if (!animate) {
        event(`the bot was ${note}`);
        return;
      }
      const typing = push(
        el(
          "li",
          { class: "msg bot typing", role: "status" },
          el("div", { class: "bubble" }, el("span", { class: "dots", text: `The bot is ${note}` })),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      typing.replaceWith(el("li", { class: "event", text: `the bot was ${note}` }));
      return;
    }
    case "pause_bot_action":
      event("the bot pauses: a human takes over the conversation");
      return;
    case "send_choices_list_action": {
      const { bubble: message, changes } = bubble(action.message ?? action.placeholder);
      const buttons = action.sections.flatMap((section) =>
        section.choices.map((c) => clickable(c.title))
      );
      botMessage(message, el("div", { class: "replies" }, ...buttons), ...warning(changes));
      return;
    }
    case "ask_location_action": {
      const { bubble: message, changes } = bubble(action.message);
      botMessage(message, ...warning(changes));
      event("the chat asks for the user's location");
      return;
    }
    case "customer_satisfaction_action": {
      const { bubble: message, changes } = bubble(action.message);
      botMessage(message, ...warning(changes));
      event(`a satisfaction survey: ${action.choices.map((c) => quote(c.label)).join(", ")}`);
      return;
    }
    case "send_email_action":
      event(`the platform sends an email to ${action.recipient}: ${quote(action.subject)}`);
      return;
    case "send_js_event_action":
      event(`the web chat emits the JavaScript event ${quote(action.event)}`);
      return;
    case "create_user_request_action":
      event(`a request for a human agent: ${quote(action.message)}`);
      return;
    default:
      event(`(${action.type}: run by the platform, nothing to show)`);
  }
}

function userLabel(user: UserAct): string | undefined {
  switch (user.type) {
    case "say":
      return user.text;
    case "click":
      return user.title;
    default:
      return undefined;
  }
}

function stepLine(turn: Turn, happened: Extract<TurnEvent, { type: "step" }>): string {
  const at = `step ${quote(happened.step.name)}`;
  if (happened.exchange === undefined) return `${at} · no webhook: its own actions`;
  const exchange = turn.exchanges[happened.exchange];
  if (!exchange) return at;
  const status = exchange.status === undefined ? "no answer" : `webhook ${exchange.status}`;
  const route = exchange.routing?.route ? ` · route ${exchange.routing.route.handler}` : "";
  return `${at} · ${status} in ${ms(exchange.elapsedMs)}${route}`;
}

function targetName(target: Target): string {
  return `${target.type} ${target.name ? quote(target.name) : target.id}`;
}

async function showTurn(turn: Turn, animate: boolean): Promise<void> {
  const said = userLabel(turn.user);
  if (said !== undefined) {
    push(
      el(
        "li",
        { class: "msg user" },
        el("div", { class: "bubble" }, turn.user.type === "click" ? `▸ ${said}` : said),
      ),
    );
  } else if (turn.user.type === "reach") {
    const step = turn.user.step;
    event(`reach ${quote(typeof step === "string" ? step : step.name)}`);
  } else if (turn.user.type === "event") {
    event(`event ${quote(turn.user.name)}`);
  }
  if (turn.steps.length > 0) {
    for (const button of liveButtons) button.disabled = true;
    liveButtons = [];
  }
  for (const happened of turn.events) {
    switch (happened.type) {
      case "step":
        event(stepLine(turn, happened), "step");
        break;
      case "show":
        await showAction(happened.action, happened.text, animate);
        break;
      case "session":
        event(
          happened.value === undefined
            ? `session: ${happened.key} removed`
            : `session: ${happened.key} = ${short(happened.value)}${
              happened.note ? ` (${happened.note})` : ""
            }`,
        );
        break;
      case "interlocutor":
        event("the answer replaced the interlocutor");
        break;
      case "attribute":
        event(`user attribute: ${happened.key} = ${short(happened.value)}`);
        break;
      case "jump":
        event(
          `→ ${
            happened.to
              ? quote(happened.to.name)
              : `${targetName(happened.target)} (outside the bot file)`
          } (${
            happened.by === "button"
              ? "the button's go_to_action"
              : `${happened.by}: ${happened.reason}`
          })`,
        );
        break;
      case "open_url":
        event(`the user's browser opens ${happened.url} (not fetched here)`);
        break;
      case "note":
        event(`note: ${happened.text}`);
        break;
    }
  }
  if (!turn.ok) showFailure(`Turn ${turn.number} failed`, turn.error ?? "");
}

function showFailure(title: string, detail: string): void {
  push(el("li", { class: "failure", role: "alert" }, el("strong", { text: title }), detail));
}

// ------------------------------------------------------------ inspector

function headerTable(caption: string, headers: Record<string, string>): HTMLTableElement {
  const table = el("table", { class: "headers" }, el("caption", { text: caption }));
  const body = el("tbody");
  for (const [name, value] of Object.entries(headers)) {
    body.appendChild(
      el("tr", {}, el("th", { scope: "row", text: name }), el("td", { text: value })),
    );
  }
  table.appendChild(body);
  return table;
}

function pretty(exchange: Exchange): string {
  if (exchange.json === undefined) return exchange.text ?? "";
  return JSON.stringify(exchange.json, null, 2);
}

function inspectExchange(
  exchange: Exchange,
  index: number,
  kind: State["target"]["kind"],
): HTMLElement {
  const { request } = exchange;
  const section = el(
    "section",
    { class: "exchange" },
    el("h3", { text: `Call ${index + 1} · step ${quote(exchange.step.name)}` }),
  );
  if (exchange.routing) {
    const route = exchange.routing.route;
    const box = el("div", { class: "route" });
    box.appendChild(
      el("p", {
        text: route
          ? `Route: ${route.handler}${
            route.filters.length ? ` (${route.filters.join(", ")})` : " (no filter)"
          }`
          : "Route: none accepted the notification",
      }),
    );
    if (exchange.routing.declined.length > 0) {
      box.appendChild(
        el(
          "ul",
          { "aria-label": "Routes declined" },
          ...exchange.routing.declined.map((d) =>
            el("li", { text: `${d.route.handler}: declined by ${d.filter}` })
          ),
        ),
      );
    }
    section.appendChild(box);
  } else if (exchange.routingError) {
    section.appendChild(
      el("p", { class: "route", text: `Route unknown: ${exchange.routingError}` }),
    );
  } else if (kind === "url") {
    section.appendChild(
      el("p", {
        class: "route hint",
        text: "A URL cannot tell its routes: run the module with dev to see them.",
      }),
    );
  }
  section.append(
    el("h4", { text: "Request" }),
    headerTable(`${request.method} ${request.url}`, request.headers),
    el("pre", { "aria-label": "Request body", text: request.body }),
  );
  if (exchange.note) section.appendChild(el("p", { class: "hint", text: exchange.note }));
  section.appendChild(
    el("h4", {
      text: exchange.status === undefined
        ? `No answer (${ms(exchange.elapsedMs)})`
        : `Answer · ${exchange.status}${exchange.statusText ? ` ${exchange.statusText}` : ""} · ${
          ms(exchange.elapsedMs)
        }`,
    }),
  );
  if (exchange.headers) section.appendChild(headerTable("Answer headers", exchange.headers));
  if (exchange.text !== undefined) {
    section.appendChild(el("pre", { "aria-label": "Answer body", text: pretty(exchange) }));
  }
  if (exchange.issues.length > 0) {
    section.appendChild(
      el(
        "ul",
        { class: "issues", "aria-label": "Validation issues" },
        ...exchange.issues.map((issue) =>
          el("li", {}, el("code", { text: issue.path || "(answer)" }), `: ${issue.message}`)
        ),
      ),
    );
  }
  if (exchange.error) section.appendChild(el("p", { class: "error", text: exchange.error }));
  return section;
}

function actLabel(user: UserAct): string {
  switch (user.type) {
    case "reach":
      return `reach ${quote(typeof user.step === "string" ? user.step : user.step.name)}`;
    case "say":
      return `says ${quote(user.text)}`;
    case "click":
      return `clicks ${quote(user.title)}`;
    case "event":
      return `event ${quote(user.name)}`;
  }
}

function inspectTurn(turn: Turn): void {
  const turns = $("turns");
  for (const open of Array.from(turns.querySelectorAll("details.turn[open]"))) {
    open.removeAttribute("open");
  }
  const status = turn.ok
    ? `${turn.status ?? "no call"} · ${ms(turn.elapsedMs)}`
    : `failed · ${ms(turn.elapsedMs)}`;
  const details = el(
    "details",
    { class: turn.ok ? "turn" : "turn failed", open: "" },
    el(
      "summary",
      {},
      `Turn ${turn.number}: ${actLabel(turn.user)} `,
      el("span", { class: "status", text: `· ${status}` }),
    ),
  );
  const body = el("div", { class: "turn-body" });
  if (!turn.ok) body.appendChild(el("p", { class: "error", text: turn.error ?? "" }));
  if (turn.exchanges.length === 0) {
    body.appendChild(el("p", { class: "hint", text: "The webhook was not called in this turn." }));
  }
  turn.exchanges.forEach((exchange, i) => body.appendChild(inspectExchange(exchange, i, kind)));
  details.appendChild(body);
  turns.prepend(details);
  $("no-turn").hidden = true;
}

// -------------------------------------------------------------- session

function showState(state: State): void {
  kind = state.target.kind;
  const notes = [
    state.target.kind === "module" ? "in this process" : "over HTTP",
    state.signed ? "signed" : "not signed",
    ...(state.auth ? ["Basic auth"] : []),
  ];
  $("target").textContent = `${state.target.label} · ${notes.join(", ")}${
    state.botPath ? ` · bot file ${state.botPath}` : " · no bot file"
  }`;
  const list = $<HTMLDataListElement>("steps");
  list.replaceChildren(
    ...state.bot.steps.map((step) =>
      el("option", { value: step.name, label: `${step.id}${step.webhook ? "" : " (no webhook)"}` })
    ),
  );
  $("at").textContent = state.step
    ? `At step ${quote(state.step.name)} (${state.step.id})`
    : state.outside
    ? `Outside the bot file: ${targetName(state.outside)}`
    : "At no step yet: reach one, or send a message once the bot file names a start.";
  const values = $("values");
  const entries = Object.entries(state.session.values);
  values.replaceChildren(
    ...(entries.length === 0
      ? [el("dt", { text: "values" }), el("dd", { text: "(none)" })]
      : entries.flatMap((
        [key, value],
      ) => [el("dt", { text: key }), el("dd", { text: short(value) })])),
  );
  const editing = (document.activeElement as HTMLElement | null)?.closest?.("#session-form");
  if (!editing) {
    $<HTMLTextAreaElement>("session-json").value = JSON.stringify(state.session, null, 2);
    $<HTMLTextAreaElement>("interlocutor-json").value = JSON.stringify(state.interlocutor, null, 2);
  }
}

// ------------------------------------------------------------------ API

async function call(path: string, method: string, body?: unknown): Promise<Answer> {
  try {
    const response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await response.json() as Answer;
    if (!response.ok && answer.error === undefined) {
      answer.error = `${response.status} ${response.statusText}`;
    }
    return answer;
  } catch (error) {
    return {
      error: `The playground does not answer (is clustaar-webhook dev still running?): ${
        String(error)
      }`,
    };
  }
}

let queue: Promise<void> = Promise.resolve();

function setBusy(value: boolean): void {
  busy = value;
  document.body.toggleAttribute("aria-busy", value);
  for (const id of ["send", "reach-button", "apply"]) {
    const button = document.getElementById(id) as HTMLButtonElement | null;
    if (button) button.disabled = value;
  }
}

/** Sends an act; shows the turn it gave, or why there was none, in the chat. */
function act(
  path: string,
  body: Record<string, unknown>,
  shown: { user?: string; clicked?: boolean } = {},
): Promise<void> {
  if (busy) return queue;
  setBusy(true);
  queue = (async () => {
    try {
      const answer = await call(path, "POST", body);
      if (answer.turn) {
        inspectTurn(answer.turn);
        await showTurn(answer.turn, true);
      } else if (answer.error !== undefined) {
        if (shown.user !== undefined) {
          push(
            el(
              "li",
              { class: "msg user" },
              el("div", { class: "bubble" }, shown.clicked ? `▸ ${shown.user}` : shown.user),
            ),
          );
        }
        showFailure("Not sent", answer.error);
      }
      if (answer.state) showState(answer.state);
    } finally {
      setBusy(false);
    }
  })();
  return queue;
}

async function load(): Promise<void> {
  const answer = await call("/api/state", "GET");
  if (!answer.state) {
    showFailure("The playground does not answer", answer.error ?? "");
    return;
  }
  log.replaceChildren();
  $("turns").replaceChildren();
  $("no-turn").hidden = false;
  liveButtons = [];
  for (const turn of answer.state.turns ?? []) {
    inspectTurn(turn);
    await showTurn(turn, false);
  }
  showState(answer.state);
  if ((answer.state.turns ?? []).length === 0) {
    event(
      answer.state.bot.start
        ? `The conversation is at step ${
          quote(answer.state.bot.start)
        }: send a message, or reach a step.`
        : "Reach a step to start: pick one in Step, or type its id.",
    );
  }
}

// --------------------------------------------------------------- wiring

$<HTMLButtonElement>("composer").querySelector("button")!.id = "send";
$<HTMLFormElement>("reach").querySelector("button")!.id = "reach-button";
$<HTMLFormElement>("session-form").querySelector("button")!.id = "apply";

$<HTMLFormElement>("composer").addEventListener("submit", (e) => {
  e.preventDefault();
  const input = $<HTMLInputElement>("message");
  const text = input.value;
  if (text.trim() === "" || busy) return;
  input.value = "";
  void act("/api/say", { text }, { user: text });
});

$<HTMLFormElement>("reach").addEventListener("submit", (e) => {
  e.preventDefault();
  const step = $<HTMLInputElement>("step").value.trim();
  void act("/api/reach", step === "" ? {} : { step });
});

$<HTMLInputElement>("step").addEventListener("input", (e) => {
  // Picking a step from the list reaches it at once.
  const input = e.target as HTMLInputElement;
  const picked = (e as InputEvent).inputType === undefined ||
    (e as InputEvent).inputType === "insertReplacementText";
  const known = Array.from($<HTMLDataListElement>("steps").options).some((o) =>
    o.value === input.value
  );
  if (picked && known) $<HTMLFormElement>("reach").requestSubmit();
});

$("restart").addEventListener("click", async () => {
  if (busy) return;
  const answer = await call("/api/restart", "POST", {});
  if (answer.error !== undefined) showFailure("Cannot restart", answer.error);
  await load();
  $("message").focus();
});

$<HTMLFormElement>("session-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  if (busy) return;
  for (const kind of ["session", "interlocutor"] as const) {
    const area = $<HTMLTextAreaElement>(`${kind}-json`);
    const error = $(`${kind}-error`);
    error.hidden = true;
    let value: unknown;
    try {
      value = JSON.parse(area.value);
    } catch (problem) {
      error.textContent = `Not JSON: ${(problem as Error).message}`;
      error.hidden = false;
      area.focus();
      return;
    }
    const answer = await call(`/api/${kind}`, "PUT", { [kind]: value });
    if (answer.error !== undefined) {
      error.textContent = answer.error;
      error.hidden = false;
      area.focus();
      return;
    }
    if (answer.state) showState(answer.state);
  }
  event("session and interlocutor set");
  (document.activeElement as HTMLElement | null)?.blur();
  const state = await call("/api/state", "GET");
  if (state.state) showState(state.state);
});

$("copy").addEventListener("click", async () => {
  const dialog = $<HTMLDialogElement>("test-dialog");
  const status = $("copy-status");
  const answer = await call("/api/test", "GET") as Answer & { code?: string };
  const code = answer.code ?? `// ${answer.error ?? "no test"}`;
  $<HTMLTextAreaElement>("test-code").value = code;
  dialog.showModal();
  try {
    await navigator.clipboard.writeText(code);
    status.textContent =
      "Copied to the clipboard. Save it as a *_test.ts file where the playground was started.";
  } catch {
    status.textContent =
      "Select the text and copy it: the clipboard is not available to this page.";
  }
  $<HTMLTextAreaElement>("test-code").focus();
});

$("close-test").addEventListener("click", () => $<HTMLDialogElement>("test-dialog").close());

void load().then(() => $("message").focus());
