/**
 * Cost of the model layer on the hot path: parsing and checking a
 * notification (the fixtures' `full.json`, the large one of 100 actions, and
 * one whose actions lack their documented defaults, which the inbound check
 * fills in place), and validating a response of 20 mixed actions.
 *
 *   deno bench --allow-read bench/models_bench.ts
 *   bun bench/models_bench.ts                  (same cases, printed as a table)
 *
 * @module
 */
import { readFileSync } from "node:fs";
import * as v from "valibot";
import { bench } from "./_bench.ts";
import { large } from "./_payloads.ts";
import {
  Button,
  Card,
  GoToAction,
  NotificationSchema,
  parseNotification,
  QuickReply,
  SendCardsAction,
  SendQuickRepliesAction,
  SendTextAction,
  type StepAction,
  StepReachedResponseSchema,
  StepTarget,
  StoreSessionValueAction,
  validateResponse,
  WaitAction,
} from "../src/models/mod.ts";

const fullText = readFileSync(
  new URL("../../shared/fixtures/notifications/full.json", import.meta.url),
  "utf8",
);
const largeText = large().body;

// full.json whose step holds 20 actions without their defaults: wait actions
// without `duration`, cards without `buttons`, AI tasks without `userAttributes`.
const defaultsText = (() => {
  const json = JSON.parse(fullText) as { data: { step: { actions: unknown[] } } };
  const target = { type: "step", id: "a1a1a1a1a1a1a1a1a1a1a1a1" };
  const bare: unknown[] = [
    { type: "send_text_action", alternatives: ["Hello"] },
    { type: "wait_action" },
    {
      type: "send_cards_action",
      cards: [{ type: "card", title: "A" }, { type: "card", title: "B" }],
    },
    {
      type: "send_ai_task_action",
      engine: { type: "ai_task_engine", name: "Rune", opts: {} },
      behaviors: [],
      defaultTarget: target,
    },
    {
      type: "send_quick_replies_action",
      message: "Ready?",
      buttons: [{ type: "quick_reply", title: "Yes", action: { type: "go_to_action", target } }],
    },
  ];
  json.data.step.actions = Array.from({ length: 20 }, (_, i) => bare[i % bare.length]);
  return JSON.stringify(json);
})();

const target = StepTarget({ id: "a1a1a1a1a1a1a1a1a1a1a1a1", name: "next" });
const mixed: StepAction[] = [
  SendTextAction({ alternatives: ["Hello 😀", "Hi there"] }),
  WaitAction(),
  SendQuickRepliesAction({
    message: "Ready?",
    buttons: [
      QuickReply({ title: "Yes", action: GoToAction({ target }) }),
      QuickReply({ title: "No", action: GoToAction({ target, sessionValues: { no: 1 } }) }),
    ],
  }),
  SendCardsAction({
    cards: [
      Card({
        title: "Tintin",
        subtitle: "au Tibet",
        imageURL: "https://example.com/tintin.png",
        buttons: [Button({ title: "Read", action: GoToAction({ target }) })],
      }),
    ],
  }),
  StoreSessionValueAction({ key: "prénom", value: "Tintin" }),
];
const twentyActions = Array.from({ length: 20 }, (_, i) => mixed[i % mixed.length]!);
const response = { actions: twentyActions, session: { values: { name: "Tintin" } } };

function parsed(text: string): void {
  if (!parseNotification(JSON.parse(text)).success) throw new Error("unexpected");
}

bench("full.json: JSON.parse alone", { group: "notification", baseline: true }, () => {
  JSON.parse(fullText);
});
bench("full.json: JSON.parse + parseNotification (webhook path)", {
  group: "notification",
}, () => parsed(fullText));
bench("full.json: JSON.parse + strict NotificationSchema", { group: "notification" }, () => {
  if (!v.safeParse(NotificationSchema, JSON.parse(fullText)).success) throw new Error("unexpected");
});

bench("large (100 actions): JSON.parse alone", { group: "large", baseline: true }, () => {
  JSON.parse(largeText);
});
bench("large (100 actions): JSON.parse + parseNotification", { group: "large" }, () => {
  parsed(largeText);
});

bench("20 actions without their defaults: JSON.parse alone", {
  group: "defaults",
  baseline: true,
}, () => {
  JSON.parse(defaultsText);
});
bench("20 actions without their defaults: JSON.parse + parseNotification", {
  group: "defaults",
}, () => parsed(defaultsText));

bench("response with 20 mixed actions: validateResponse (webhook path)", {
  group: "response",
  baseline: true,
}, () => {
  if (!validateResponse(response).success) throw new Error("unexpected");
});
bench("response with 20 mixed actions: v.safeParse(StepReachedResponseSchema)", {
  group: "response",
}, () => {
  if (!v.safeParse(StepReachedResponseSchema, response).success) throw new Error("unexpected");
});
