// The platform guide's examples (python-guide.txt), translated, behaving as described.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  ConversationSession,
  events,
  JSONKeyEquals,
  JSONKeyExists,
  JSONKeyIn,
  SendTextAction,
  StepID,
  StepReachedResponse,
  Webhook,
} from "../mod.ts";
import { basic, fixtureText, json, notificationFor, signedRequest } from "./_helpers.ts";

describe("the guide's examples", () => {
  test("events.CONVERSATION_STEP_REACHED is the step-reached topic", () => {
    assert.equal(events.CONVERSATION_STEP_REACHED, "conversation.step_reached");
  });

  test("Minimal code example: a new session and no action", async () => {
    const app = new Webhook();
    app.on(events.CONVERSATION_STEP_REACHED, (_request, _response, _notification) => {
      const session = ConversationSession({ values: { name: "John" } });
      return StepReachedResponse({ actions: [], session });
    });
    const response = await app.fetch(
      await signedRequest({ body: fixtureText("notifications/full.json") }),
    );
    assert.deepEqual(await json(response), { actions: [], session: { values: { name: "John" } } });
  });

  test("Return actions: the step's actions and session come back unchanged", async () => {
    const app = new Webhook();
    app.on(events.CONVERSATION_STEP_REACHED, (_request, _response, notification) => {
      const session = notification.event.session;
      const actions = notification.event.step.actions;
      return StepReachedResponse({ actions, session });
    });
    for (const name of ["minimal", "full"]) {
      const body = fixtureText(`notifications/${name}.json`);
      const response = await app.fetch(await signedRequest({ body }));
      const sent = JSON.parse(body);
      assert.deepEqual(await json(response), {
        actions: sent.data.step.actions,
        session: sent.data.session,
      });
    }
  });

  test("Build your own actions: read, set and replace session values", async () => {
    const app = new Webhook();
    let read: unknown = "unset";
    let afterSet: unknown;
    app.on(events.CONVERSATION_STEP_REACHED, (_request, _response, notification) => {
      read = notification.event.session.values["key"] ?? null;
      notification.event.session.values["key"] = "data";
      afterSet = { ...notification.event.session.values };
      const session = ConversationSession({ values: { name: "John" } });
      const textAction = SendTextAction({ alternatives: ["hello", "bye"] });
      return StepReachedResponse({ actions: [textAction], session });
    });
    const response = await app.fetch(
      await signedRequest({ body: notificationFor("s", { name: "tintin" }) }),
    );
    assert.equal(read, null);
    assert.deepEqual(afterSet, { name: "tintin", key: "data" });
    assert.deepEqual(await json(response), {
      actions: [{ type: "send_text_action", alternatives: ["hello", "bye"] }],
      session: { values: { name: "John" } },
    });
  });

  test("Filters: JSONKeyEquals on data.step.id routes only that step", async () => {
    const app = new Webhook();
    app.on(events.CONVERSATION_STEP_REACHED, () => StepReachedResponse({ actions: [] }), {
      filters: JSONKeyEquals("data.step.id", "507f191e810c19729de860ea"),
    });
    assert.equal(
      (await app.fetch(await signedRequest({ body: notificationFor("507f191e810c19729de860ea") })))
        .status,
      200,
    );
    assert.equal(
      (await app.fetch(await signedRequest({ body: notificationFor("507f191e810c19729de860eb") })))
        .status,
      404,
    );
  });

  test("JSONKeyEquals: accepts user.id 1, rejects 2", () => {
    const data = { user: { id: 1 } };
    const filter = JSONKeyEquals("user.id", 1);
    assert.ok(filter(data));
    data.user.id = 2;
    assert.ok(!filter(data));
  });

  test("JSONKeyIn: accepts 1 and 2, rejects 3", () => {
    const data = { user: { id: 1 } };
    const filter = JSONKeyIn("user.id", [1, 2]);
    assert.ok(filter(data));
    data.user.id = 2;
    assert.ok(filter(data));
    data.user.id = 3;
    assert.ok(!filter(data));
  });

  test("JSONKeyExists: rejects once the key is deleted, accepts null", () => {
    const data: { user: { id?: number | null } } = { user: { id: 1 } };
    const filter = JSONKeyExists("user.id");
    assert.ok(filter(data));
    data.user.id = null;
    assert.ok(filter(data));
    delete data.user.id;
    assert.ok(!filter(data));
  });

  test("StepID: one id, a list, and a TypeError for anything else", () => {
    const data: { data: { step: { id?: string } } } = {
      data: { step: { id: "507f191e810c19729de860ea" } },
    };
    const filter = StepID("507f191e810c19729de860ea");
    assert.ok(filter(data));
    assert.ok(StepID(["x", "507f191e810c19729de860ea"])(data));
    assert.ok(!StepID(["x", "y"])(data));
    delete data.data.step.id;
    assert.ok(!filter(data));
    // @ts-expect-error: a number is not a step id
    assert.throws(() => StepID(42), TypeError);
  });

  test("Security: new Webhook({ privateKey }) refuses unsigned requests", async () => {
    const app = new Webhook({ privateKey: "XXXXXXXXXX" });
    app.on(events.CONVERSATION_STEP_REACHED, () => StepReachedResponse({ actions: [] }));
    assert.equal((await app.fetch(await signedRequest({ body: notificationFor() }))).status, 400);
    const signed = await signedRequest({ body: notificationFor(), privateKey: "XXXXXXXXXX" });
    assert.equal((await app.fetch(signed)).status, 200);
  });

  test("Security: new Webhook({ authUsername, authPassword }) requires the credentials", async () => {
    const app = new Webhook({ authUsername: "XXXXXXXXXX", authPassword: "YYYYYYYYY" });
    app.on(events.CONVERSATION_STEP_REACHED, () => StepReachedResponse({ actions: [] }));
    assert.equal((await app.fetch(await signedRequest({ body: notificationFor() }))).status, 401);
    const auth = basic("XXXXXXXXXX", "YYYYYYYYY");
    assert.equal(
      (await app.fetch(await signedRequest({ body: notificationFor(), auth }))).status,
      200,
    );
  });
});
