// Replay protection beyond the Date window: the webhook's use of its
// ReplayStore, and the bounded in-memory store.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { MemoryReplayStore, type ReplayStore, Webhook } from "../mod.ts";
import { httpDate, json, notificationFor, signedRequest } from "./_helpers.ts";

const KEY = "replay-key";
const STEP = "conversation.step_reached";

function app(options: ConstructorParameters<typeof Webhook>[0] = {}): Webhook {
  const webhook = new Webhook({ privateKey: KEY, onError: () => {}, ...options });
  webhook.on(STEP, () => ({ actions: [] }));
  return webhook;
}

/** A store that records what it is asked and answers like a Map. */
function recordingStore(): ReplayStore & { calls: Array<[string, number]> } {
  const seen = new Map<string, number>();
  const calls: Array<[string, number]> = [];
  return {
    calls,
    add(id, expiresAt) {
      calls.push([id, expiresAt]);
      if (seen.has(id)) return false;
      seen.set(id, expiresAt);
      return true;
    },
  };
}

describe("Webhook.fetch() replay protection", () => {
  test("Webhook.fetch() answers 409 to a replayed signature even at the last millisecond of the window", async () => {
    const start = Date.parse(httpDate());
    let now = start;
    const webhook = app({ now: () => now });
    const first = await signedRequest({
      body: notificationFor(),
      privateKey: KEY,
      date: httpDate(start),
    });
    const copies = [first.clone(), first.clone()];
    assert.equal((await webhook.fetch(first)).status, 200);
    now = start + 10_000; // The Date check still accepts it: now - date is not over 10 s.
    const replay = await webhook.fetch(copies[0]!);
    assert.equal(replay.status, 409);
    assert.deepEqual(await json(replay), { error: "Request was already received" });
    now = start + 10_001; // One millisecond later, the Date check refuses it.
    assert.deepEqual(await json(await webhook.fetch(copies[1]!)), { error: "Request is too old" });
  });

  test("Webhook.fetch() remembers a signature until the Date window refuses it", async () => {
    const store = recordingStore();
    const date = httpDate();
    const webhook = app({ replayStore: store, requestMaxAge: 30 });
    await webhook.fetch(await signedRequest({ body: notificationFor(), privateKey: KEY, date }));
    assert.equal(store.calls.length, 1);
    const [id, expiresAt] = store.calls[0]!;
    assert.match(id, /^sha1=[0-9a-f]{40}$/);
    assert.equal(expiresAt, Date.parse(date) + 30_000 + 1);
  });

  test("Webhook.fetch() treats upper- and lower-case hex of one signature as the same request", async () => {
    const webhook = app();
    const request = await signedRequest({ body: notificationFor(), privateKey: KEY });
    const upper = request.clone();
    upper.headers.set(
      "x-hub-signature",
      "sha1=" + request.headers.get("x-hub-signature")!.slice(5).toUpperCase(),
    );
    assert.equal((await webhook.fetch(request)).status, 200);
    assert.equal((await webhook.fetch(upper)).status, 409);
  });

  test("Webhook.fetch() consults the store only for verified, fresh requests", async () => {
    const store = recordingStore();
    const webhook = app({ replayStore: store });
    await webhook.fetch(await signedRequest({ body: notificationFor(), privateKey: "wrong" }));
    await webhook.fetch(
      await signedRequest({
        body: notificationFor(),
        privateKey: KEY,
        date: httpDate(Date.now() - 60_000),
      }),
    );
    await webhook.fetch(
      await signedRequest({ body: notificationFor(), privateKey: KEY, date: "garbage" }),
    );
    await webhook.fetch(new Request("http://localhost/", { method: "GET" }));
    assert.equal(store.calls.length, 0, "garbage must not fill the store");
    await webhook.fetch(await signedRequest({ body: notificationFor(), privateKey: KEY }));
    assert.equal(store.calls.length, 1);
  });

  test("Webhook.fetch() lets exactly one of many concurrent copies through", async () => {
    for (const crypto of ["auto", "webcrypto"] as const) {
      let handled = 0;
      const webhook = new Webhook({ privateKey: KEY, crypto });
      webhook.on(STEP, async () => {
        handled++;
        await Promise.resolve();
        return { actions: [] };
      });
      const request = await signedRequest({ body: notificationFor(), privateKey: KEY });
      const copies = Array.from({ length: 20 }, () => request.clone());
      const statuses = (await Promise.all(copies.map((copy) => webhook.fetch(copy)))).map((r) =>
        r.status
      );
      assert.equal(statuses.filter((s) => s === 200).length, 1, `${crypto}: ${statuses}`);
      assert.equal(statuses.filter((s) => s === 409).length, 19, crypto);
      assert.equal(handled, 1, crypto);
    }
  });

  test("Webhook.fetch() awaits an asynchronous store, whether it answers with a promise or any thenable", async () => {
    const seen = new Set<string>();
    const first = (id: string) => !seen.has(id) && seen.add(id) !== undefined;
    const stores: ReplayStore[] = [
      {
        add: async (id) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          return first(id);
        },
      },
      {
        // A promise from another library or realm: `instanceof Promise` is false.
        add: (id: string) => ({
          then: (resolve: (fresh: boolean) => void) => setTimeout(() => resolve(first(id)), 1),
        }),
      } as unknown as ReplayStore,
    ];
    for (const store of stores) {
      const webhook = app({ replayStore: store });
      const request = await signedRequest({
        body: notificationFor(undefined, { store: stores.indexOf(store) }), // one id per store
        privateKey: KEY,
      });
      const copy = request.clone();
      assert.equal((await webhook.fetch(request)).status, 200);
      assert.equal((await webhook.fetch(copy)).status, 409);
    }
  });

  test("Webhook.fetch() answers 503 without detail when the store fails, and reports it", async () => {
    const failures = [
      () => Promise.reject(new Error("redis: connection refused to 10.0.0.5")),
      () => {
        throw new Error("redis: connection refused to 10.0.0.5");
      },
    ];
    for (const add of failures) {
      const errors: unknown[] = [];
      let handled = false;
      const webhook = new Webhook({
        privateKey: KEY,
        replayStore: { add },
        onError: (error) => errors.push(error),
      });
      webhook.on(STEP, () => ((handled = true), { actions: [] }));
      const response = await webhook.fetch(
        await signedRequest({ body: notificationFor(), privateKey: KEY }),
      );
      assert.equal(response.status, 503);
      assert.deepEqual(await json(response), {
        error: "Service unavailable: the request could not be checked for replays",
      });
      assert.equal(errors.length, 1);
      assert.match(String(errors[0]), /connection refused/);
      assert.equal(handled, false);
    }
  });

  test("Webhook.fetch() keeps no replay store without a private key or without a Date window", async () => {
    const store = recordingStore();
    const unsigned = new Webhook({ replayStore: store });
    unsigned.on(STEP, () => ({ actions: [] }));
    const request = await signedRequest({ body: notificationFor() });
    const copy = request.clone();
    assert.equal((await unsigned.fetch(request)).status, 200);
    assert.equal((await unsigned.fetch(copy)).status, 200);
    const windowless = app({ replayStore: store, requestMaxAge: null });
    const signed = await signedRequest({ body: notificationFor(), privateKey: KEY });
    const again = signed.clone();
    assert.equal((await windowless.fetch(signed)).status, 200);
    assert.equal((await windowless.fetch(again)).status, 200);
    assert.equal(store.calls.length, 0);
  });
});

describe("MemoryReplayStore", () => {
  test("MemoryReplayStore.add() accepts an id again once it has expired", () => {
    let now = 1_000;
    const store = new MemoryReplayStore({ now: () => now });
    assert.equal(store.add("a", 2_000), true);
    assert.equal(store.add("a", 2_000), false);
    now = 1_999;
    assert.equal(store.add("a", 2_000), false);
    now = 2_000;
    assert.equal(store.add("a", 3_000), true);
  });

  test("MemoryReplayStore keeps an id added again after expiry when its first entry is swept", () => {
    let now = 0;
    const store = new MemoryReplayStore({ now: () => now });
    store.add("a", 10);
    now = 10;
    assert.equal(store.add("a", 30), true);
    for (let i = 0; i < 50; i++) store.add(`other${i}`, 1_000); // sweeps the first "a" off the queue
    now = 20;
    assert.equal(store.add("a", 40), false);
  });

  test("MemoryReplayStore stays flat under a steady flood: entries expire with the window", () => {
    let now = 0;
    const store = new MemoryReplayStore({ now: () => now });
    // 1,000 requests a second for 10 minutes, each remembered for 10 s.
    let peak = 0;
    for (let i = 0; i < 600_000; i++) {
      now = i; // one millisecond apart
      assert.equal(store.add(`sha1=${i}`, now + 10_001), true);
      if (store.size > peak) peak = store.size;
    }
    assert.ok(peak <= 10_002, `peak ${peak} entries`);
  });

  test("MemoryReplayStore never holds more than maxEntries, dropping the oldest first", () => {
    const store = new MemoryReplayStore({ now: () => 0, maxEntries: 100 });
    for (let i = 0; i < 1_000; i++) store.add(`id${i}`, 1_000);
    assert.equal(store.size, 100);
    assert.equal(store.add("id999", 1_000), false, "the newest are kept");
    assert.equal(store.add("id0", 1_000), true, "the oldest were dropped");
  });

  test("MemoryReplayStore sweeps expired entries even when expiry times arrive out of order", () => {
    let now = 0;
    const store = new MemoryReplayStore({ now: () => now });
    // Dates up to 10 s ahead or behind: expiry times are not sorted.
    for (let i = 0; i < 100_000; i++) {
      now = i;
      store.add(`id${i}`, now + 10_000 + ((i * 7919) % 20_000) - 10_000 + 1);
    }
    assert.ok(store.size <= 20_100, `${store.size} entries`);
  });

  test("new MemoryReplayStore() refuses a maxEntries that is not a positive integer", () => {
    for (const maxEntries of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => new MemoryReplayStore({ maxEntries }), RangeError, String(maxEntries));
    }
  });
});
