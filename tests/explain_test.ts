// Webhook.explain(): which route answers a notification, and which filter
// declined each route tried before it, without running any handler.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { events, type Filter, not, SessionValueEquals, StepName, Webhook } from "../mod.ts";
import { createNotification, createSignedRequest } from "../src/testing/mod.ts";

const STEP = events.CONVERSATION_STEP_REACHED;

function app(): { app: Webhook; calls: string[] } {
  const calls: string[] = [];
  const webhook = new Webhook();
  const slow: Filter = async function hasHeader(_data, request) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return request?.headers.has("x-token") ?? false;
  };
  webhook.on(STEP, function welcome() {
    calls.push("welcome");
    return { actions: [] };
  }, StepName("welcome"));
  webhook.on(STEP, function french() {
    calls.push("french");
    return { actions: [] };
  }, [SessionValueEquals("lang", "fr"), not(StepName("goodbye"))]);
  webhook.on(STEP, function token() {
    calls.push("token");
    return { actions: [] };
  }, [slow]);
  webhook.on(STEP, function fallback() {
    calls.push("fallback");
    return { actions: [] };
  });
  return { app: webhook, calls };
}

describe("Webhook.explain()", () => {
  test("Webhook.explain() names the answering route and the filter that declined each route before it", async () => {
    const { app: webhook, calls } = app();
    const notification = createNotification({
      data: { step: { name: "goodbye" }, session: { values: { lang: "fr" } } },
    });
    const why = await webhook.explain(notification);
    assert.equal(why.route?.handler, "fallback");
    assert.deepEqual(why.declined.map((d) => [d.route.handler, d.filter, d.index]), [
      ["welcome", 'StepName("welcome")', 0],
      ["french", 'not(StepName("goodbye"))', 1],
      ["token", "hasHeader", 0],
    ]);
    assert.deepEqual(calls, [], "no handler runs");
  });

  test("Webhook.explain() awaits asynchronous filters and passes the request to them", async () => {
    const { app: webhook } = app();
    const notification = createNotification({ data: { step: { name: "other" } } });
    const request = await createSignedRequest({ notification, headers: { "x-token": "1" } });
    const why = await webhook.explain(notification, request);
    assert.equal(why.route?.handler, "token");
    assert.deepEqual(why.route?.filters, ["hasHeader"]);
    assert.equal(why.declined.length, 2);
  });

  test("Webhook.explain() agrees with the route fetch() takes", async () => {
    const { app: webhook, calls } = app();
    for (const name of ["welcome", "goodbye", "other"]) {
      const notification = createNotification({
        data: { step: { name }, session: { values: { lang: "fr" } } },
      });
      const why = await webhook.explain(notification);
      const response = await webhook.fetch(await createSignedRequest({ notification }));
      assert.equal(response.status, 200);
      assert.equal(calls.at(-1), why.route?.handler);
    }
  });

  test("Webhook.explain() has no route when none accepts, and only tries routes of the topic", async () => {
    const webhook = new Webhook();
    webhook.on(STEP, () => ({ actions: [] }), StepName("welcome"));
    webhook.on("other.topic", function other() {
      return {};
    });
    const why = await webhook.explain(createNotification());
    assert.equal(why.route, undefined);
    assert.deepEqual(why.declined.map((d) => [d.route.handler, d.filter]), [
      ["anonymous", 'StepName("welcome")'],
    ]);
    assert.deepEqual(await webhook.explain({ topic: "unknown.topic" }), { declined: [] });
  });

  test("Webhook.explain() rejects a notification without a string topic", async () => {
    const webhook = new Webhook();
    for (const bad of [null, "text", [], { topic: 1 }]) {
      await assert.rejects(webhook.explain(bad), {
        name: "TypeError",
        message: "Cannot explain the route: the notification must have a string topic",
      });
    }
  });
});
