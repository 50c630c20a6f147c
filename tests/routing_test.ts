// The README's routing example (examples/routing.ts) behaves as described.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { app } from "../examples/routing.ts";
import { fixture, json, signedRequest } from "./_helpers.ts";

interface Wire {
  data: {
    step: { userData: string; actions: unknown[] };
    session: { values: Record<string, unknown> };
    input?: Record<string, unknown>;
  };
}

function request(change: (wire: Wire) => void): Promise<Request> {
  const wire = fixture<Wire>("notifications/full.json");
  change(wire);
  return signedRequest({ body: JSON.stringify(wire) });
}

async function texts(response: Response): Promise<unknown> {
  const body = await json(response) as { actions: Array<{ alternatives?: string[] }> };
  return body.actions.map((action) => action.alternatives?.[0] ?? action);
}

describe("examples/routing.ts", () => {
  test("app.routes lists the four routes with their filters in order", () => {
    assert.deepEqual(app.routes.map((route) => [route.handler, route.filters]), [
      ["subscribe", ['StepUserDataKeyEquals("action", "subscribe")']],
      ["unsubscribe", ['StepUserDataKeyEquals("action", "unsubscribe")']],
      ["greetInFrench", [
        'SessionValueEquals("lang", "fr")',
        "not(InputMatches(/\\benglish\\b/i))",
      ]],
      ["fallback", []],
    ]);
  });

  test("a step whose userData says subscribe stores the subscription", async () => {
    const response = await app.fetch(
      await request((w) => (w.data.step.userData = '{"action":"subscribe"}')),
    );
    const body = await json(response) as { session: { values: Record<string, unknown> } };
    assert.equal(body.session.values["subscribed"], true);
  });

  test("a step whose userData says unsubscribe removes it", async () => {
    const response = await app.fetch(
      await request((w) => {
        w.data.step.userData = '{"action": "unsubscribe", "list": "news"}';
        w.data.session.values = { subscribed: true };
      }),
    );
    assert.deepEqual(await texts(response), ["You will not hear from us again."]);
  });

  test("malformed userData falls through to the fallback", async () => {
    const response = await app.fetch(
      await request((w) => (w.data.step.userData = "{action: subscribe")),
    );
    assert.deepEqual(await texts(response), [{ type: "pause_bot_action" }]);
  });

  test("a French session gets the French greeting unless the user asks for English", async () => {
    const french = await app.fetch(await request((w) => (w.data.session.values = { lang: "fr" })));
    assert.deepEqual(await texts(french), ["Bonjour !"]);
    const english = await app.fetch(
      await request((w) => {
        w.data.session.values = { lang: "fr" };
        w.data.input = { type: "message", text: "In English please", attachments: [] };
      }),
    );
    assert.deepEqual(await texts(english), [{ type: "pause_bot_action" }]);
  });
});
