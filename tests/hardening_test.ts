// Robustness of the pipeline around the handler: unreadable bodies, hooks
// that throw, and statuses without a body.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { type RejectReason, Webhook } from "../mod.ts";
import { json, notificationFor, signedRequest } from "./_helpers.ts";

const STEP = "conversation.step_reached";

describe("Webhook.fetch() hardening", () => {
  test("Webhook.fetch() answers 400 when the client goes away mid-body, without reporting an error", async () => {
    const errors: unknown[] = [];
    const reasons: RejectReason[] = [];
    const app = new Webhook({
      onError: (error) => errors.push(error),
      onReject: ({ reason }) => reasons.push(reason),
    });
    app.on(STEP, () => ({ actions: [] }));
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) controller.error(new Error("connection reset by peer"));
        else controller.enqueue(new TextEncoder().encode('{"topic":'));
        sent = true;
      },
    });
    const response = await app.fetch(
      new Request("http://localhost/", { method: "POST", body, duplex: "half" } as RequestInit),
    );
    assert.equal(response.status, 400);
    assert.deepEqual(await json(response), { error: "The request's body could not be read" });
    assert.deepEqual(reasons, ["unreadable_body"]);
    assert.deepEqual(errors, []);
  });

  test("Webhook.fetch() answers 400 to a request whose body was already read", async () => {
    const app = new Webhook();
    app.on(STEP, () => ({ actions: [] }));
    const request = await signedRequest({ body: notificationFor() });
    await request.text();
    assert.equal((await app.fetch(request)).status, 400);
  });

  test("Webhook.fetch() still answers when onError and onReject throw", async () => {
    const app = new Webhook({
      onError: () => {
        throw new Error("logger down");
      },
      onReject: () => {
        throw new Error("metrics down");
      },
    });
    app.on(STEP, () => {
      throw new Error("handler bug");
    });
    const failed = await app.fetch(await signedRequest({ body: notificationFor() }));
    assert.equal(failed.status, 500);
    assert.deepEqual(await json(failed), { error: "Internal server error" });
    const refused = await app.fetch(new Request("http://localhost/", { method: "GET" }));
    assert.equal(refused.status, 405);
  });

  for (const status of [204, 205, 304]) {
    test(`Webhook.fetch() sends no body when the handler sets status ${status}`, async () => {
      const app = new Webhook();
      app.on(STEP, (_request, response) => {
        response.status = status;
        return { actions: [] };
      });
      const response = await app.fetch(await signedRequest({ body: notificationFor() }));
      assert.equal(response.status, status);
      assert.equal(await response.text(), "");
    });
  }
});
