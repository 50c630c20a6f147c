// The webhook validates each handler's answer as the platform would.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  events,
  ResponseValidationError,
  SendTextAction,
  StepReachedResponse,
  Webhook,
} from "../mod.ts";
import { fixture, json, signedRequest } from "./_helpers.ts";

const STEP = events.CONVERSATION_STEP_REACHED;

function notificationWith(actions: unknown[]): string {
  const full = fixture<{ data: { step: { actions: unknown[] } } }>("notifications/full.json");
  full.data.step.actions = actions;
  return JSON.stringify(full);
}

describe("Webhook response validation", () => {
  test("Webhook.fetch() answers 500 naming the failing path of an invalid answer", async () => {
    const errors: unknown[] = [];
    const app = new Webhook({ onError: (error) => errors.push(error) });
    app.on(STEP, () => StepReachedResponse({ actions: [SendTextAction({ alternatives: [] })] }));
    const response = await app.fetch(await signedRequest({ body: notificationWith([]) }));
    assert.equal(response.status, 500);
    assert.deepEqual(await json(response), {
      error: "Invalid response",
      issues: ["actions.0.alternatives: expected 1 to 10 items"],
    });
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof ResponseValidationError);
    assert.equal((errors[0] as ResponseValidationError).issues.length, 1);
  });

  test("Webhook.fetch() never echoes the invalid values in the 500", async () => {
    const app = new Webhook({ onError: () => {} });
    const secret = "s".repeat(1001);
    app.on(STEP, () => ({ actions: [{ type: "send_text_action", alternatives: [secret] }] }));
    const response = await app.fetch(await signedRequest({ body: notificationWith([]) }));
    const text = await response.text();
    assert.equal(response.status, 500);
    assert.ok(!text.includes("sss"), text);
    assert.match(text, /actions\.0\.alternatives\.0/);
  });

  test("Webhook.fetch() catches a misspelt action type", async () => {
    const app = new Webhook({ onError: () => {} });
    // deno-lint-ignore no-explicit-any
    app.on(STEP, () => ({ actions: [{ type: "send_txt_action", alternatives: ["x"] }] }) as any);
    const response = await app.fetch(await signedRequest({ body: notificationWith([]) }));
    assert.equal(response.status, 500);
    assert.deepEqual((await json(response)).issues, ["actions.0.type: expected a known type"]);
  });

  test("Webhook.fetch() lets the notification's unknown actions through when echoed", async () => {
    const unknown = { type: "brand_new_action", payload: { x: 1 } };
    const app = new Webhook();
    app.on(
      STEP,
      (_request, _response, notification) =>
        StepReachedResponse({
          actions: notification.event.step.actions,
          session: notification.event.session,
        }),
    );
    const response = await app.fetch(
      await signedRequest({ body: notificationWith([unknown, { type: "pause_bot_action" }]) }),
    );
    assert.equal(response.status, 200);
    assert.deepEqual((await json(response)).actions, [unknown, { type: "pause_bot_action" }]);
  });

  test("Webhook.fetch() answers 200 to an echo of actions that came without their defaults", async () => {
    const errors: unknown[] = [];
    const app = new Webhook({ onError: (error) => errors.push(error) });
    app.on(STEP, (_request, _response, notification) => ({
      actions: notification.event.step.actions,
    }));
    const target = { type: "step", id: "a1a1a1a1a1a1a1a1a1a1a1a1" };
    const response = await app.fetch(
      await signedRequest({
        body: notificationWith([
          { type: "wait_action" },
          { type: "send_cards_action", cards: [{ type: "card", title: "A" }] },
          {
            type: "send_ai_task_action",
            engine: { type: "ai_task_engine", name: "Rune", opts: {} },
            behaviors: [],
            defaultTarget: target,
          },
        ]),
      }),
    );
    assert.deepEqual(errors, []);
    assert.equal(response.status, 200);
    const actions = (await json(response)).actions as Record<string, unknown>[];
    assert.equal(actions[0]!.duration, 2);
    assert.deepEqual((actions[1]!.cards as Record<string, unknown>[])[0]!.buttons, []);
    assert.equal(actions[2]!.userAttributes, false);
  });

  test("Webhook.fetch() refuses a hand-written copy of an unknown action", async () => {
    const app = new Webhook({ onError: () => {} });
    app.on(
      STEP,
      (_request, _response, notification) => ({
        actions: notification.event.step.actions.map((action) => ({ ...action })),
      }),
    );
    const response = await app.fetch(
      await signedRequest({ body: notificationWith([{ type: "brand_new_action" }]) }),
    );
    assert.equal(response.status, 500);
  });

  test("Webhook.fetch() lets onTimeout echo unknown actions too", async () => {
    const app = new Webhook({
      timeout: 10,
      onError: () => {},
      onTimeout: (notification) => ({
        actions: (notification.event as { step: { actions: unknown[] } }).step.actions,
      }),
    });
    app.on(STEP, () => new Promise(() => {}));
    const response = await app.fetch(
      await signedRequest({ body: notificationWith([{ type: "brand_new_action" }]) }),
    );
    assert.equal(response.status, 200);
    assert.deepEqual(await json(response), { actions: [{ type: "brand_new_action" }] });
  });

  test("Webhook.fetch() skips the check with validateResponses: false", async () => {
    const app = new Webhook({ validateResponses: false });
    app.on(STEP, () => StepReachedResponse({ actions: [SendTextAction({ alternatives: [] })] }));
    const response = await app.fetch(await signedRequest({ body: notificationWith([]) }));
    assert.equal(response.status, 200);
  });

  test("Webhook.fetch() does not validate answers to other topics", async () => {
    const app = new Webhook();
    app.on("conversation.other", () => ({ anything: true }));
    const body = JSON.stringify({
      topic: "conversation.other",
      botID: "b",
      timestamp: 1,
      data: { type: "other_event" },
    });
    const response = await app.fetch(await signedRequest({ body }));
    assert.deepEqual(await json(response), { anything: true });
  });

  test("Webhook.fetch() answers 400 naming the path of a notification it cannot rely on", async () => {
    const app = new Webhook();
    app.on(STEP, () => ({ actions: [] }));
    const body = JSON.stringify({
      topic: STEP,
      data: { type: "step_reached_event", step: { actions: [] } },
    });
    const response = await app.fetch(await signedRequest({ body }));
    assert.equal(response.status, 400);
    assert.match(String((await json(response)).error), /^Invalid notification: data\.session/);
  });
});
