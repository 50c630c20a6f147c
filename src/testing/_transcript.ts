// The readable transcript of a conversation: who said what, at which step,
// which route answered, what the end user saw, how the session moved.
import { escapeControls, quote as quoteText } from "../_text.ts";
import type { StepAction, Target } from "../models/mod.ts";
import type { RouteExplanation } from "../webhook_types.ts";
import type { Exchange, ShownText, Turn, TurnEvent, UserAct } from "./turn.ts";

/** A name or a title, quoted and cut at 120 characters. */
function quote(text: string): string {
  return quoteText(text, 120);
}

/**
 * A text of the answer as the end user reads it: whole (the schemas bound
 * it), its control characters escaped so that it stays on its line.
 */
function said(text: string): string {
  return escapeControls(text, Infinity);
}

function value(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

function target(target: Target): string {
  return `${target.type} ${target.name ? quote(target.name) : target.id}`;
}

/** A step as given to an act: its reference, or a step object's name. */
function given(step: string | { name: string }): string {
  return typeof step === "string" ? quote(step) : `${quote(step.name)} (given as an object)`;
}

function user(act: UserAct): string {
  switch (act.type) {
    case "reach":
      return `reach ${given(act.step)}${act.input ? ` with input ${value(act.input)}` : ""}`;
    case "say":
      return `user says ${quote(act.text)}${act.to !== undefined ? ` to ${given(act.to)}` : ""}`;
    case "click":
      return `user clicks ${quote(act.title)}${
        act.card !== undefined ? ` on card ${quote(act.card)}` : ""
      }`;
    case "event":
      return `event ${quote(act.name)}${act.to !== undefined ? ` to ${given(act.to)}` : ""}`;
  }
}

function routing(routing: RouteExplanation | undefined, error: string | undefined): string {
  if (error !== undefined) return `, route unknown (${error})`;
  if (routing === undefined) return "";
  const declined = routing.declined.map((d) => `${quote(d.route.handler)} at ${d.filter}`);
  const answered = routing.route ? `route ${quote(routing.route.handler)}` : "no route";
  return declined.length === 0
    ? `, ${answered}`
    : `, ${answered} (declined: ${declined.join("; ")})`;
}

function exchange(exchange: Exchange): string {
  const time = `${Math.round(exchange.elapsedMs)} ms`;
  if (exchange.status === undefined) return `webhook: ${exchange.error ?? "no answer"} (${time})`;
  return `webhook ${exchange.status} in ${time}${routing(exchange.routing, exchange.routingError)}`;
}

function buttons(titles: readonly string[]): string {
  return titles.map((title) => `[${said(title)}]`).join(" ");
}

/** An action as the end user meets it. */
function shown(action: StepAction, text: ShownText | undefined): string {
  switch (action.type) {
    case "send_text_action":
      return `bot: ${said(text?.shown ?? "")}${
        text && text.alternatives.length > 1
          ? ` (alternative ${text.index + 1} of ${text.alternatives.length})`
          : ""
      }`;
    case "send_quick_replies_action":
      return `bot: ${said(action.message)} ${buttons(action.buttons.map((b) => b.title))}`;
    case "send_cards_action":
    case "send_simple_cards_action":
      return `bot: cards ${
        action.cards.map((card) => {
          const titles = (card.buttons ?? []).map((b) => b.title);
          return `${quote(card.title)}${card.subtitle ? ` (${said(card.subtitle)})` : ""}${
            titles.length ? ` ${buttons(titles)}` : ""
          }`;
        }).join(" | ")
      }`;
    case "send_image_action":
      return `bot: image ${said(action.imageURL)}${action.alt ? ` (${said(action.alt)})` : ""}`;
    case "wait_action":
      return `bot: (typing for ${action.duration} s)`;
    case "pause_bot_action":
      return "bot: (pauses: a human takes over)";
    case "send_choices_list_action":
      return `bot: ${said(action.message ?? action.placeholder)} ${
        buttons(action.sections.flatMap((s) => s.choices.map((c) => c.title)))
      }`;
    case "ask_location_action":
      return `bot: ${said(action.message)} (asks for the location)`;
    default:
      return `bot: (${said(action.type)})`;
  }
}

function event(event: TurnEvent, exchanges: readonly Exchange[]): string[] {
  switch (event.type) {
    case "step": {
      const at = `step ${quote(event.step.name)}`;
      if (event.exchange === undefined) return [`${at}: no webhook, the step's own actions`];
      const call = exchanges[event.exchange];
      const lines = [`${at}: ${call ? exchange(call) : "webhook"}`];
      if (call?.note) lines.push(`  note: ${call.note}`);
      return lines;
    }
    case "show":
      return [shown(event.action, event.text)];
    case "session": {
      const by = event.by === "answer" ? "" : ` (${event.by})`;
      const note = event.note ? `; ${event.note}` : "";
      return [
        "value" in event && event.value !== undefined
          ? `session: ${event.key} = ${value(event.value)}${by}${note}`
          : `session: ${event.key} removed${by}${note}`,
      ];
    }
    case "interlocutor":
      return ["interlocutor: replaced by the answer"];
    case "attribute":
      return [
        `attribute: ${event.key} = ${value(event.value)}${event.note ? `; ${event.note}` : ""}`,
      ];
    case "jump":
      return [
        `${event.by === "button" ? "the button's go_to_action" : event.by} to ${
          event.to ? quote(event.to.name) : `${target(event.target)} (outside the bot file)`
        }${event.by === "button" ? "" : ` (${event.reason})`}`,
      ];
    case "open_url":
      return [`opens ${said(event.url)} (not fetched)`];
    case "note":
      return [`note: ${event.text}`];
  }
}

/** The transcript of the turns, one line per thing that happened. */
export function renderTranscript(target: string, turns: readonly Turn[]): string {
  const lines = [
    `Conversation with the webhook ${target === "in process" ? "in process" : `at ${target}`}`,
  ];
  if (turns.length === 0) lines.push("(no turn yet)");
  for (const turn of turns) {
    lines.push(`Turn ${turn.number}: ${user(turn.user)}`);
    for (const happened of turn.events) {
      for (const line of event(happened, turn.exchanges)) lines.push(`  ${line}`);
    }
    if (!turn.ok) {
      const [first, ...rest] = (turn.error ?? "failed").split("\n");
      lines.push(`  FAILED: ${first}`);
      for (const line of rest) lines.push(`  ${line}`);
    }
  }
  return lines.join("\n");
}
