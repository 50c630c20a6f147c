// A retry after a failure is not a replay (the store forgets a request whose
// answer was not a 2xx), and the replay store's wait is bounded.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  MemoryReplayStore,
  type ReplayStore,
  type RouteFilters,
  StepID,
  Webhook,
  type WebhookOptions,
} from "../mod.ts";
import { json, notificationFor, signedRequest } from "./_helpers.ts";

const KEY = "retry-key";
const STEP = "conversation.step_reached" as const;

/** The MemoryReplayStore, with a log of what the webhook asked it. */
function loggingStore(): ReplayStore & { log: string[] } {
  const memory = new MemoryReplayStore();
  const log: string[] = [];
  return {
    log,
    add(id, expiresAt) {
      const fresh = memory.add(id, expiresAt);
      log.push(fresh ? "add" : "refuse");
      return fresh;
    },
    delete(id) {
      log.push("delete");
      memory.delete(id);
    },
  };
}

/** Three copies of one signed request: the first, the platform's retry, a third. */
async function copies(count = 3): Promise<Request[]> {
  const request = await signedRequest({ body: notificationFor(), privateKey: KEY });
  return [request, ...Array.from({ length: count - 1 }, () => request.clone())];
}

/** A webhook whose handler behaves as `behaviours` say, one per call, then answers. */
function webhook(
  behaviours: Array<() => unknown>,
  options: WebhookOptions = {},
  filters?: RouteFilters,
): { app: Webhook; errors: unknown[]; calls: () => number } {
  const errors: unknown[] = [];
  let calls = 0;
  const app = new Webhook({
    privateKey: KEY,
    onError: (error) => errors.push(error),
    ...options,
  });
  app.on(STEP, () => {
    const behaviour = behaviours[calls++];
    return (behaviour ? behaviour() : { actions: [] }) as { actions: [] };
  }, filters);
  return { app, errors, calls: () => calls };
}

const failures: Array<[string, Array<() => unknown>, WebhookOptions, number]> = [
  [
    "a handler that throws (500)",
    [() => {
      throw new Error("database down");
    }],
    {},
    500,
  ],
  ["a handler that rejects (500)", [() => Promise.reject(new Error("database down"))], {}, 500],
  ["an answer the platform would refuse (500)", [() => ({ actions: [{ type: "nope" }] })], {}, 500],
  ["a handler that returns a 503 Response", [() => new Response(null, { status: 503 })], {}, 503],
  ["a handler that misses the deadline (504)", [() => new Promise(() => {})], { timeout: 20 }, 504],
];

for (const runtimeStore of ["memory (default)", "custom with delete"] as const) {
  describe(`Webhook.fetch() retries with the ${runtimeStore} store`, () => {
    const options = (): WebhookOptions =>
      runtimeStore === "memory (default)" ? {} : { replayStore: loggingStore() };

    for (const [name, behaviours, extra, status] of failures) {
      test(`Webhook.fetch() lets the retry of a request through after ${name}`, async () => {
        const { app, calls } = webhook(behaviours, { ...options(), ...extra });
        const [first, retry, third] = await copies();
        assert.equal((await app.fetch(first!)).status, status);
        assert.equal((await app.fetch(retry!)).status, 200, "the retry is no replay");
        assert.equal((await app.fetch(third!)).status, 409, "a copy of the success is");
        assert.equal(calls(), 2);
      });
    }

    test("Webhook.fetch() lets the retry through after no route accepted the request (404)", async () => {
      let ready = false;
      const { app } = webhook([], options(), () => ready);
      const [first, retry, third] = await copies();
      assert.equal((await app.fetch(first!)).status, 404);
      ready = true; // the route that was missing is deployed
      assert.equal((await app.fetch(retry!)).status, 200);
      assert.equal((await app.fetch(third!)).status, 409);
    });

    test("Webhook.fetch() refuses a copy that arrives while the first is in flight, and keeps refusing after it succeeds", async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const { app, calls } = webhook([() => gate.then(() => ({ actions: [] }))], options());
      const [first, during, after] = await copies();
      const pending = app.fetch(first!);
      assert.equal((await app.fetch(during!)).status, 409, "in flight");
      release();
      assert.equal((await pending).status, 200);
      assert.equal((await app.fetch(after!)).status, 409, "after the success");
      assert.equal(calls(), 1);
    });

    test("Webhook.fetch() refuses a copy that arrives while the first is in flight, and lets a retry through after the first fails", async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const { app } = webhook(
        [() => gate.then(() => Promise.reject(new Error("boom")))],
        options(),
      );
      const [first, during, retry, fourth] = await copies(4);
      const pending = app.fetch(first!);
      assert.equal((await app.fetch(during!)).status, 409);
      release();
      assert.equal((await pending).status, 500);
      assert.equal((await app.fetch(retry!)).status, 200);
      assert.equal((await app.fetch(fourth!)).status, 409);
    });
  });
}

describe("Webhook.fetch() and the store's delete", () => {
  test("Webhook.fetch() never deletes for a refused copy (409), nor for a success", async () => {
    const store = loggingStore();
    const { app } = webhook([() => {
      throw new Error("first try fails");
    }], { replayStore: store });
    const [first, retry, third, fourth] = await copies(4);
    await app.fetch(first!);
    await app.fetch(retry!);
    await app.fetch(third!);
    await app.fetch(fourth!);
    assert.deepEqual(store.log, ["add", "delete", "add", "refuse", "refuse"]);
  });

  test("Webhook.fetch() forgets a request that failed after a filter of its route", async () => {
    const store = loggingStore();
    const { app } = webhook(
      [() => {
        throw new Error("boom");
      }],
      { replayStore: store },
      StepID("507f191e810c19729de860ea"),
    );
    const [first, retry] = await copies(2);
    assert.equal((await app.fetch(first!)).status, 500);
    assert.equal((await app.fetch(retry!)).status, 200);
    assert.deepEqual(store.log, ["add", "delete", "add"]);
  });

  test("Webhook.fetch() keeps the record with a store that has no delete: the retry is a 409", async () => {
    const seen = new Set<string>();
    const { app } = webhook([() => {
      throw new Error("boom");
    }], { replayStore: { add: (id) => !seen.has(id) && !!seen.add(id) } });
    const [first, retry] = await copies(2);
    assert.equal((await app.fetch(first!)).status, 500);
    assert.equal((await app.fetch(retry!)).status, 409);
  });

  test("Webhook.fetch() reports a delete that fails or never answers to onError, and keeps its answer", async () => {
    const deletes: Array<[string, ReplayStore["delete"]]> = [
      ["throws", () => {
        throw new Error("delete threw");
      }],
      ["rejects", () => Promise.reject(new Error("delete rejected"))],
      ["never answers", () => new Promise<void>(() => {})],
    ];
    for (const [name, remove] of deletes) {
      const seen = new Set<string>();
      const { app, errors } = webhook([() => {
        throw new Error("handler failed");
      }], {
        timeout: 30,
        replayStore: { add: (id) => !seen.has(id) && !!seen.add(id), delete: remove },
      });
      const [first] = await copies(1);
      const response = await app.fetch(first!);
      assert.equal(response.status, 500, name);
      assert.deepEqual(await json(response), { error: "Internal server error" }, name);
      assert.equal(errors.length, 2, name);
      assert.match(String(errors[0]), /handler failed/, name);
      assert.match(
        String(errors[1]),
        name === "never answers"
          ? /^TimeoutError: Cannot forget a failed request in the replay store: it did not answer within 30 ms$/
          : /delete (threw|rejected)/,
        name,
      );
    }
  });
});

describe("Webhook.fetch() bounds the replay store's wait", () => {
  test("Webhook.fetch() answers 503 when the store never answers within timeout, and reports it", async () => {
    let handled = false;
    const errors: unknown[] = [];
    const app = new Webhook({
      privateKey: KEY,
      timeout: 25,
      replayStore: { add: () => new Promise<boolean>(() => {}) },
      onError: (error) => errors.push(error),
    });
    app.on(STEP, () => ((handled = true), { actions: [] }));
    const [first] = await copies(1);
    const response = await app.fetch(first!);
    assert.equal(response.status, 503);
    assert.deepEqual(await json(response), {
      error: "Service unavailable: the request could not be checked for replays",
    });
    assert.equal(handled, false, "nothing goes through unchecked");
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof Error);
    assert.equal((errors[0] as Error).name, "TimeoutError");
    assert.equal(
      (errors[0] as Error).message,
      "Cannot check the request for replays: the replay store did not answer within 25 ms",
    );
  });

  test("Webhook.fetch() undoes a record the store makes after the bound, so that the retry passes", async () => {
    const memory = new MemoryReplayStore();
    let late!: () => void;
    let forgotten!: () => void;
    const forgetting = new Promise<void>((resolve) => (forgotten = resolve));
    let slow = true;
    const store: ReplayStore = {
      add(id, expiresAt) {
        if (!slow) return memory.add(id, expiresAt);
        slow = false;
        // Answers (true: recorded) only after the webhook gave up.
        return new Promise<boolean>((resolve) => (late = () => resolve(memory.add(id, expiresAt))));
      },
      delete(id) {
        memory.delete(id);
        forgotten();
      },
    };
    const { app, errors } = webhook([], { timeout: 20, replayStore: store });
    const [first, retry, third] = await copies();
    assert.equal((await app.fetch(first!)).status, 503);
    late();
    await forgetting;
    assert.equal((await app.fetch(retry!)).status, 200);
    assert.equal((await app.fetch(third!)).status, 409);
    assert.equal(errors.length, 1);
  });

  test("Webhook.fetch() drops a store's failure that comes after the bound: no unhandled rejection", async () => {
    let fail!: () => void;
    const { app, errors } = webhook([], {
      timeout: 20,
      replayStore: {
        add: () => new Promise<boolean>((_, reject) => (fail = () => reject(new Error("late")))),
      },
    });
    const [first] = await copies(1);
    assert.equal((await app.fetch(first!)).status, 503);
    fail();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(errors.length, 1, "only the timeout is reported");
  });

  test("Webhook.fetch() gives a store that answers in time its answer, with or without timeout", async () => {
    for (const timeout of [undefined, 1_000]) {
      const memory = new MemoryReplayStore();
      const { app } = webhook([], {
        timeout,
        replayStore: {
          add: (id, expiresAt) =>
            new Promise<boolean>((resolve) =>
              setTimeout(() => resolve(memory.add(id, expiresAt)), 5)
            ),
        },
      });
      const [first, second] = await copies(2);
      assert.equal((await app.fetch(first!)).status, 200);
      assert.equal((await app.fetch(second!)).status, 409);
    }
  });
});
