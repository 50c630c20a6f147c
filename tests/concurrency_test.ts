// Many interleaved async handlers: each request gets its own notification,
// event, session and response objects, and nothing one handler does shows
// up in another's request or answer.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { type HandlerResponse, Webhook } from "../mod.ts";
import { json, notificationFor, signedRequest } from "./_helpers.ts";

const STEP = "conversation.step_reached";
const KEY = "concurrency-key";
const COUNT = 300;

/** A deterministic shuffle of 0..n-1 (a linear congruential generator). */
function order(n: number, seed: number): number[] {
  const items = Array.from({ length: n }, (_, i) => i);
  let state = seed;
  for (let i = n - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

describe("Webhook.fetch() under concurrency", () => {
  test(`Webhook.fetch() keeps ${COUNT} interleaved async handlers apart`, async () => {
    const notifications = new Set<unknown>();
    const events = new Set<unknown>();
    const sessions = new Set<unknown>();
    const responses = new Set<HandlerResponse>();
    // Each handler parks at its own gate; the gates open in a shuffled order,
    // several times per handler, so the handlers' steps interleave.
    const gates = new Map<number, Array<() => void>>();
    const park = (id: number) =>
      new Promise<void>((resolve) => gates.set(id, [...(gates.get(id) ?? []), resolve]));
    let parked = 0;
    let allParked!: () => void;
    let round = new Promise<void>((resolve) => (allParked = resolve));

    const app = new Webhook({ privateKey: KEY, crypto: "webcrypto" });
    app.on(STEP, async (request, response, notification) => {
      const id = Number(request.headers.get("x-id"));
      notifications.add(notification);
      events.add(notification.event);
      sessions.add(notification.event.session);
      responses.add(response);
      const values: Record<string, unknown> = notification.event.session.values;
      assert.deepEqual({ ...values }, { id }, "the session arrives as sent");
      for (let step = 0; step < 3; step++) {
        values[`step${step}`] = id; // written before parking, read back after
        response.headers.append("x-steps", `${id}:${step}`);
        if (++parked === COUNT) allParked();
        await park(id);
        assert.equal(values[`step${step}`], id);
        assert.equal(notification.event.session.values, values);
      }
      response.status = 200 + (id % 3);
      return { actions: [], session: notification.event.session };
    });

    const requests = await Promise.all(Array.from({ length: COUNT }, (_, id) =>
      signedRequest({
        body: notificationFor("507f191e810c19729de860ea", { id }),
        privateKey: KEY,
        headers: { "x-id": String(id) },
      })));
    const answers = Promise.all(requests.map((request) => app.fetch(request)));
    for (let step = 0; step < 3; step++) {
      await round;
      parked = 0;
      round = new Promise<void>((resolve) => (allParked = resolve));
      for (const id of order(COUNT, step + 1)) {
        const waiting = gates.get(id)!;
        gates.set(id, []);
        for (const open of waiting) open();
        if (id % 10 === 0) await Promise.resolve(); // let some run before the others open
      }
    }
    const responsesOut = await answers;
    for (const [id, response] of responsesOut.entries()) {
      assert.equal(response.status, 200 + (id % 3), `request ${id}`);
      assert.equal(response.headers.get("x-steps"), `${id}:0, ${id}:1, ${id}:2`);
      assert.deepEqual(await json(response), {
        actions: [],
        session: { values: { id, step0: id, step1: id, step2: id } },
      });
    }
    for (const set of [notifications, events, sessions, responses]) assert.equal(set.size, COUNT);
  });

  test("Webhook.fetch() gives a handler a fresh notification even when the same body arrives again", async () => {
    const app = new Webhook();
    const seen: unknown[] = [];
    app.on(STEP, async (_request, _response, notification) => {
      seen.push(structuredClone(notification.event.session.values));
      notification.event.session.values["mutated"] = true;
      notification.event.step.actions.push({ type: "pause_bot_action" });
      await Promise.resolve();
      return { actions: [] };
    });
    const body = notificationFor("507f191e810c19729de860ea", { n: 1 });
    await Promise.all(
      Array.from({ length: 50 }, async () => app.fetch(await signedRequest({ body }))),
    );
    assert.equal(seen.length, 50);
    for (const values of seen) assert.deepEqual(values, { n: 1 });
  });

  test("Webhook.fetch() keeps answering others while some handlers fail or miss the deadline", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const app = new Webhook({ timeout: 50, onError: () => {}, onTimeout: () => ({ actions: [] }) });
    app.on(STEP, async (_request, _response, notification) => {
      const kind = notification.event.session.values["kind"];
      if (kind === "throw") throw new Error("boom");
      if (kind === "slow") await gate;
      return { actions: [], session: notification.event.session };
    });
    const kinds = Array.from({ length: 90 }, (_, i) => ["ok", "throw", "slow"][i % 3]!);
    const results = await Promise.all(kinds.map(async (kind, i) => {
      const response = await app.fetch(
        await signedRequest({ body: notificationFor("507f191e810c19729de860ea", { kind, i }) }),
      );
      return [response.status, await json(response)] as const;
    }));
    release();
    for (const [i, [status, body]] of results.entries()) {
      if (kinds[i] === "ok") {
        assert.deepEqual([status, body], [200, {
          actions: [],
          session: { values: { kind: "ok", i } },
        }]);
      } else if (kinds[i] === "throw") assert.equal(status, 500);
      else assert.deepEqual([status, body], [200, { actions: [] }], "the fallback");
    }
  });
});
