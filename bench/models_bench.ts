// Cost of the model layer on the hot path: parsing and checking a
// notification, and validating a response of 20 mixed actions.
// Run: deno bench -A bench/models_bench.ts
import * as v from "valibot";
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

const fullText = await Deno.readTextFile(
  new URL("../../shared/fixtures/notifications/full.json", import.meta.url),
);

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

Deno.bench("notifications/full.json: JSON.parse + parseNotification (webhook path)", {
  group: "notification",
  baseline: true,
}, () => {
  const result = parseNotification(JSON.parse(fullText));
  if (!result.success) throw new Error("unexpected");
});

Deno.bench("notifications/full.json: JSON.parse + strict NotificationSchema", {
  group: "notification",
}, () => {
  if (!v.safeParse(NotificationSchema, JSON.parse(fullText)).success) throw new Error("unexpected");
});

Deno.bench("response with 20 mixed actions: validateResponse (webhook path)", {
  group: "response",
  baseline: true,
}, () => {
  if (!validateResponse(response).success) throw new Error("unexpected");
});

Deno.bench("response with 20 mixed actions: v.safeParse(StepReachedResponseSchema)", {
  group: "response",
}, () => {
  if (!v.safeParse(StepReachedResponseSchema, response).success) throw new Error("unexpected");
});
