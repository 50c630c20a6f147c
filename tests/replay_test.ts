// Replay protection beyond the Date window: the webhook's use of its
// ReplayStore, and the bounded in-memory store.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
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
    // The window's end, plus the default clockSkew of 10 s, plus one millisecond.
    assert.equal(expiresAt, Date.parse(date) + 30_000 + 10_000 + 1);
  });

  test("Webhook.fetch() remembers a signature clockSkew seconds longer than the Date window", async () => {
    const date = httpDate();
    for (const [clockSkew, extra] of [[0, 0], [3, 3_000], [2.5, 2_500], [60, 60_000]]) {
      const store = recordingStore();
      const webhook = app({ replayStore: store, clockSkew });
      await webhook.fetch(await signedRequest({ body: notificationFor(), privateKey: KEY, date }));
      assert.equal(store.calls[0]![1], Date.parse(date) + 10_000 + extra! + 1, String(clockSkew));
    }
  });

  test("new Webhook() refuses a clockSkew that is not a number of seconds, 0 or more", () => {
    for (const clockSkew of [-1, Number.NaN, Number.POSITIVE_INFINITY, "10", null]) {
      assert.throws(
        () => new Webhook({ privateKey: KEY, clockSkew: clockSkew as number }),
        (error: unknown) =>
          error instanceof RangeError &&
          error.message.startsWith("Cannot create the webhook: clockSkew must be"),
        String(clockSkew),
      );
    }
  });

  test("Webhook.fetch() refuses a replay on an instance whose clock is behind, once a faster instance's record has expired", async () => {
    // Two instances share a store that keeps each record for expiresAt - (the
    // instance's clock), as Redis's PX or Deno KV's expireIn do: the record
    // lives by the store's own (true) clock.
    let real = Date.parse(httpDate());
    const records = new Map<string, number>(); // id -> true time of expiry
    const sharedStore = (offset: number): ReplayStore => ({
      add(id, expiresAt) {
        const until = records.get(id);
        if (until !== undefined && until > real) return false;
        records.set(id, real + (expiresAt - (real + offset)));
        return true;
      },
    });
    for (const [clockSkew, replayed] of [[0, 200], [undefined, 409]] as const) {
      records.clear();
      const start = real;
      const fast = app({ now: () => real + 3_000, replayStore: sharedStore(3_000), clockSkew });
      const slow = app({ now: () => real - 3_000, replayStore: sharedStore(-3_000), clockSkew });
      const request = await signedRequest({
        body: notificationFor(),
        privateKey: KEY,
        date: httpDate(start),
      });
      const copy = request.clone();
      assert.equal((await fast.fetch(request)).status, 200);
      // The slow instance still accepts this Date until its clock reads Date + 10 s.
      real = start + 13_000;
      assert.equal((await slow.fetch(copy)).status, replayed, `clockSkew ${clockSkew}`);
      real = start + 60_000;
    }
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

  test("MemoryReplayStore does not reopen a window when the clock is stepped back after its entries expired", () => {
    let now = 1_000_000;
    const store = new MemoryReplayStore({ now: () => now });
    const expiresAt = now + 20_001;
    assert.equal(store.add("sha1=captured", expiresAt), true);
    now += 60_000;
    assert.equal(store.size, 0, "the entry has expired and is swept");
    // The clock is set back: the captured request's Date is inside the window again.
    now -= 55_000;
    assert.equal(store.add("sha1=captured", expiresAt), false);
    // A request dated by the platform's clock is still new.
    assert.equal(store.add("sha1=fresh", now + 20_001 + 55_000), true);
  });

  test("MemoryReplayStore keeps refusing after a forward clock jump is corrected, and refuses nothing new", () => {
    let now = 1_000_000;
    const store = new MemoryReplayStore({ now: () => now });
    for (let i = 0; i < 1_000; i++) store.add(`sha1=old${i}`, now + 20_001);
    now += 3_600_000; // the clock jumps an hour ahead...
    assert.equal(store.size, 0);
    now -= 3_600_000 - 1_000; // ...and is corrected one second later
    for (let i = 0; i < 1_000; i++) {
      assert.equal(store.add(`sha1=old${i}`, 1_000_000 + 20_001), false, `old${i}`);
      assert.equal(store.add(`sha1=new${i}`, now + 20_001), true, `new${i}`);
    }
  });

  test("MemoryReplayStore.delete() forgets an id, and leaves a later record of it alone", () => {
    let now = 0;
    const store = new MemoryReplayStore({ now: () => now });
    assert.equal(store.add("a", 1_000), true);
    store.delete("a");
    store.delete("never added");
    assert.equal(store.size, 0);
    assert.equal(store.add("a", 1_000), true, "a retry after the delete passes");
    assert.equal(store.add("a", 1_000), false);
    // The first record of "a" is stale in the queue; sweeping it must keep the second.
    for (let i = 0; i < 2_000; i++) store.add(`other${i}`, 5_000);
    now = 999;
    assert.equal(store.add("a", 1_000), false);
    assert.equal(store.size, 2_001);
  });

  test("MemoryReplayStore sweeps a burst's backlog within a bounded number of adds, and at once on size", () => {
    let now = 0;
    const store = new MemoryReplayStore({ now: () => now });
    for (let i = 0; i < 200_000; i++) store.add(`sha1=${i}`, 20_001);
    now = 30_000; // the window has passed
    for (let i = 0; i < 800; i++) store.add(`sha1=late${i}`, now + 20_001); // 800 x 256 > 200,000
    assert.equal(store.size, 800);
    for (let i = 0; i < 100_000; i++) store.add(`sha1=b${i}`, now + 20_001);
    now = 60_000;
    assert.equal(store.size, 0, "size sweeps everything that expired");
  });

  test("MemoryReplayStore stays correct when records of deleted ids pile up behind a long-lived entry", () => {
    let now = 0;
    const store = new MemoryReplayStore({ now: () => now, maxEntries: 100 });
    assert.equal(store.add("long", 1e15), true);
    for (let i = 0; i < 50_000; i++) {
      now = i;
      assert.equal(store.add(`sha1=${i}`, i + 20_001), true);
      if (i % 1_000 !== 0) store.delete(`sha1=${i}`); // failed requests, forgotten
    }
    assert.equal(store.add("long", 1e15), false, "the long-lived entry is still held");
    assert.equal(store.size, 51, "the long-lived entry and one id in 1,000");
    assert.equal(store.add("sha1=49000", 49_000 + 20_001), false, "a kept entry");
    assert.equal(store.add("sha1=49999", 49_999 + 20_001), true, "a forgotten one");
  });

  test("MemoryReplayStore agrees with a plain Map of expiry times on random adds and deletes", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({
              op: fc.constant("add" as const),
              id: fc.nat(300),
              life: fc.integer({ min: 1, max: 40_000 }),
            }),
            fc.record({ op: fc.constant("delete" as const), id: fc.nat(300) }),
            fc.record({ op: fc.constant("tick" as const), ms: fc.integer({ min: 0, max: 5_000 }) }),
            fc.record({
              op: fc.constant("burst" as const),
              count: fc.integer({ min: 1, max: 3_000 }),
            }),
            fc.constant({ op: "size" as const }),
          ),
          { maxLength: 200 },
        ),
        (ops) => {
          let now = 1_000;
          let serial = 0;
          const store = new MemoryReplayStore({ now: () => now });
          const model = new Map<string, number>();
          const live = () => [...model.values()].filter((expiry) => expiry > now).length;
          // size counts what is held: every live entry, and expired ones the sweep has
          // not reached yet (it stops at the first live entry in insertion order).
          const checkSize = () => {
            const size = store.size;
            assert.ok(size >= live() && size <= model.size, `size ${size}, live ${live()}`);
          };
          const add = (id: string, expiresAt: number) => {
            const known = model.get(id);
            const expected = known === undefined || known <= now;
            if (expected) model.set(id, expiresAt);
            assert.equal(store.add(id, expiresAt), expected, `add ${id}`);
          };
          for (const step of ops) {
            if (step.op === "add") add(`id${step.id}`, now + step.life);
            else if (step.op === "delete") {
              store.delete(`id${step.id}`);
              model.delete(`id${step.id}`);
            } else if (step.op === "tick") now += step.ms;
            else if (step.op === "burst") {
              for (let i = 0; i < step.count; i++) add(`burst${serial++}`, now + 20_001);
            } else checkSize();
          }
          checkSize();
          now += 100_000;
          assert.equal(store.size, 0);
        },
      ),
      { seed: 11, numRuns: 200 },
    );
  });

  test("new MemoryReplayStore() refuses a maxEntries that is not a positive integer", () => {
    for (const maxEntries of [0, -1, 1.5, Number.NaN, 2 ** 28 + 1]) {
      assert.throws(() => new MemoryReplayStore({ maxEntries }), RangeError, String(maxEntries));
    }
  });
});
