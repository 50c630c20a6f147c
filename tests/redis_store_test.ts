// RedisReplayStore against a real Redis server (Debian's redis-server, started
// on a free loopback port and stopped by each test), with both clients,
// node-redis and ioredis: in this process, and as two webhook processes
// (tests/_redis_server.ts, under the runtime that runs this file) whose clocks
// are 3 s ahead and 3 s behind, sharing one Redis.
//
// Skipped, with a line saying how to run them, when redis-server is missing.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { Redis } from "ioredis";
import { createClient } from "redis";
import { type RedisClientLike, RedisReplayStore } from "../src/security/redis_store.ts";
import { Webhook } from "../mod.ts";
import { httpDate, json, notificationFor, signedRequest } from "./_helpers.ts";
import {
  RUNTIME as runtime,
  RUNTIMES,
  type ServerProcess,
  startServer,
  stop,
  until,
} from "./_process.ts";
import { type RedisServer, redisSkip, startRedis } from "./_redis.ts";

const skip = redisSkip;
// Deno's runner shows a skipped test as "ignored" without its reason: say it once here.
if (skip) console.warn(`SKIP tests/redis_store_test.ts: ${skip}`);
const KEY = "redis-key";
const CLIENTS = ["node-redis", "ioredis"] as const;
type ClientName = typeof CLIENTS[number];

/** A connected client of either kind, with `close()`. */
interface Client {
  client: RedisClientLike;
  get(key: string): Promise<string | null>;
  pttl(key: string): Promise<number>;
  close(): Promise<void>;
}

async function connect(name: ClientName, url: string): Promise<Client> {
  if (name === "ioredis") {
    const redis = new Redis(url, { lazyConnect: true });
    redis.on("error", () => {}); // reconnections are expected here
    await redis.connect();
    return {
      client: redis,
      get: (key) => redis.get(key),
      pttl: (key) => redis.pttl(key),
      close: async () => {
        redis.disconnect();
        await new Promise((resolve) => setTimeout(resolve, 10));
      },
    };
  }
  const redis = createClient({ url });
  redis.on("error", () => {});
  await redis.connect();
  return {
    client: redis,
    get: async (key) => (await redis.get(key)) as string | null,
    pttl: async (key) => Number(await redis.pTTL(key)),
    close: async () => {
      redis.destroy();
      await new Promise((resolve) => setTimeout(resolve, 10));
    },
  };
}

async function withRedis(run: (redis: RedisServer) => Promise<void>): Promise<void> {
  const redis = await startRedis();
  try {
    await run(redis);
  } finally {
    await redis.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `attempt` until it gives `true`, 250 ms apart, for at most `ms`. */
async function eventually(
  what: string,
  attempt: () => Promise<boolean>,
  ms = 20_000,
): Promise<void> {
  if (!(await until(attempt, ms, 250))) assert.fail(`${what}: still not after ${ms / 1000} s`);
}

for (const name of CLIENTS) {
  describe(`RedisReplayStore with ${name} on a real Redis`, () => {
    test(
      `RedisReplayStore (${name}) records a signature once, with SET NX PX under its prefix, until expiresAt`,
      { skip, timeout: 60_000 },
      () =>
        withRedis(async (redis) => {
          const { client, get, pttl, close } = await connect(name, redis.url);
          try {
            const store = new RedisReplayStore(client);
            const expiresAt = Date.now() + 20_001;
            assert.equal(await store.add("sha1=aa", expiresAt), true);
            assert.equal(await store.add("sha1=aa", expiresAt), false);
            assert.equal(await get("clustaar:replay:sha1=aa"), "1");
            const ttl = await pttl("clustaar:replay:sha1=aa");
            assert.ok(ttl > 15_000 && ttl <= 20_001, `PTTL ${ttl}`);
            const other = new RedisReplayStore(client, { prefix: "tenant-2:" });
            assert.equal(
              await other.add("sha1=aa", expiresAt),
              true,
              "another prefix, another key",
            );
            assert.equal(await get("tenant-2:sha1=aa"), "1");
          } finally {
            await close();
          }
        }),
    );

    test(
      `RedisReplayStore (${name}).delete() forgets a signature with DEL`,
      { skip },
      () =>
        withRedis(async (redis) => {
          const { client, get, close } = await connect(name, redis.url);
          try {
            const store = new RedisReplayStore(client);
            const expiresAt = Date.now() + 20_001;
            assert.equal(await store.add("sha1=bb", expiresAt), true);
            await store.delete("sha1=bb");
            assert.equal(await get("clustaar:replay:sha1=bb"), null);
            assert.equal(await store.add("sha1=bb", expiresAt), true);
            await store.delete("sha1=never-added");
          } finally {
            await close();
          }
        }),
    );

    test(
      `RedisReplayStore (${name}) lets exactly one of many concurrent adds through, from two connections`,
      { skip, timeout: 60_000 },
      () =>
        withRedis(async (redis) => {
          const first = await connect(name, redis.url);
          const second = await connect(name, redis.url);
          try {
            const stores = [
              new RedisReplayStore(first.client),
              new RedisReplayStore(second.client),
            ];
            const expiresAt = Date.now() + 20_001;
            const results = await Promise.all(
              Array.from({ length: 40 }, (_, i) => stores[i % 2]!.add("sha1=cc", expiresAt)),
            );
            assert.equal(results.filter(Boolean).length, 1, String(results));
          } finally {
            await first.close();
            await second.close();
          }
        }),
    );

    test(
      `RedisReplayStore (${name}) fails within its timeout while Redis is down, undoes a late write, and recovers`,
      { skip, timeout: 60_000 },
      () =>
        withRedis(async (redis) => {
          const { client, get, close } = await connect(name, redis.url);
          try {
            const store = new RedisReplayStore(client, { timeout: 300 });
            await redis.stop();
            const expiresAt = Date.now() + 20_001;
            const failures = await Promise.allSettled(
              ["sha1=down1", "sha1=down2"].map((id) => store.add(id, expiresAt)),
            );
            for (const failure of failures) assert.equal(failure.status, "rejected");
            await redis.start();
            await eventually("the store works again", async () => {
              try {
                return await store.add("sha1=up", expiresAt);
              } catch {
                return false;
              }
            });
            assert.equal(await store.add("sha1=up", expiresAt), false);
            // A SET the client had queued and ran after the timeout is undone.
            for (const id of ["sha1=down1", "sha1=down2"]) {
              await eventually(
                `${id} is not left recorded`,
                async () => (await get(`clustaar:replay:${id}`)) === null,
              );
              assert.equal(await store.add(id, expiresAt), true, id);
            }
          } finally {
            await close();
          }
        }),
    );
  });

  describe(`Two webhook processes under ${runtime} sharing one Redis through ${name}`, () => {
    /** Starts the two instances, 3 s ahead and 3 s behind, and runs `run`. */
    async function withInstances(
      run: (fast: string, slow: string, redis: RedisServer, client: Client) => Promise<void>,
    ): Promise<void> {
      await withRedis(async (redis) => {
        const servers: ServerProcess[] = [];
        const client = await connect(name, redis.url);
        try {
          for (const offset of [3_000, -3_000]) {
            servers.push(
              await startServer(RUNTIMES[runtime]("tests/_redis_server.ts"), {
                REDIS_URL: redis.url,
                REDIS_CLIENT: name,
                CLOCK_OFFSET: String(offset),
                PRIVATE_KEY: KEY,
                STORE_TIMEOUT: "300",
              }, 60_000),
            );
          }
          const [fast, slow] = servers.map((server) => `http://127.0.0.1:${server.port}/`);
          await run(fast!, slow!, redis, client);
        } finally {
          const codes = await Promise.all(servers.map((server) => stop(server)));
          servers.forEach((server, i) => {
            if (codes[i] !== 0) console.error(`exit ${codes[i]}:`, server.output());
          });
          await client.close();
        }
      });
    }

    /** POSTs a copy of `request` to `url`; gives the status. Never waits past 8 s. */
    async function post(url: string, request: Request, headers: Record<string, string> = {}) {
      const copy = request.clone();
      const response = await fetch(url, {
        method: "POST",
        headers: { ...Object.fromEntries(copy.headers), ...headers },
        body: await copy.text(),
        signal: AbortSignal.timeout(8_000),
      });
      return { status: response.status, body: await response.text() };
    }

    test(
      `A request accepted by one instance is refused by the other (${name}, ${runtime}), up to the end of the slower one's window`,
      { skip, timeout: 60_000 },
      () =>
        withInstances(async (fast, slow, _redis, client) => {
          // Dated 5.5 to 6.5 s ago (a whole second): 8.5 to 9.5 s old for the fast
          // instance, 2.5 to 3.5 s for the slow one, whose window stays open about
          // 7 s more. Without clockSkew the fast instance's record would expire
          // within about a second.
          const date = Math.ceil((Date.now() - 6_500) / 1000) * 1000;
          const request = await signedRequest({
            body: notificationFor(),
            privateKey: KEY,
            date: httpDate(date),
          });
          const id = "clustaar:replay:" + request.headers.get("x-hub-signature")!.toLowerCase();
          assert.equal((await post(fast, request)).status, 200);
          assert.equal((await post(slow, request)).status, 409);
          assert.equal((await post(fast, request)).status, 409);
          // The record outlives the slow instance's window, by Redis's own clock.
          const slowWindowEnd = date + 13_000;
          const ttl = await client.pttl(id);
          assert.ok(ttl >= slowWindowEnd - Date.now(), `PTTL ${ttl}`);
          // Near the end of the slow instance's window: still refused.
          await sleep(Math.max(0, slowWindowEnd - 700 - Date.now()));
          const late = await post(slow, request);
          assert.equal(late.status, 409, late.body);
          // Once its window has closed, the slow instance refuses it as too old.
          await sleep(Math.max(0, slowWindowEnd + 200 - Date.now()));
          assert.deepEqual(await post(slow, request), {
            status: 400,
            body: '{"error":"Request is too old"}',
          });
        }),
    );

    test(
      `A request that failed on one instance can be retried on the other (${name}, ${runtime})`,
      { skip, timeout: 60_000 },
      () =>
        withInstances(async (fast, slow) => {
          const request = await signedRequest({ body: notificationFor(), privateKey: KEY });
          assert.equal((await post(fast, request, { "x-fail": "1" })).status, 500);
          assert.equal((await post(slow, request)).status, 200, "the retry is no replay");
          assert.equal((await post(fast, request)).status, 409);
          assert.equal((await post(slow, request)).status, 409);
          const other = await signedRequest({ body: notificationFor("other"), privateKey: KEY });
          assert.equal((await post(slow, other, { "x-fail": "1" })).status, 500);
          assert.equal((await post(slow, other, { "x-fail": "1" })).status, 500, "and again");
          assert.equal((await post(fast, other)).status, 200);
        }),
    );

    test(
      `Redis stopped mid-test gives 503s within the store's bound, and requests pass again after it restarts (${name}, ${runtime})`,
      { skip, timeout: 60_000 },
      () =>
        withInstances(async (fast, slow, redis) => {
          const before = await signedRequest({ body: notificationFor("before"), privateKey: KEY });
          assert.equal((await post(fast, before)).status, 200);
          await redis.stop();
          // Each answer comes within the store's 300 ms bound: the webhook's own bound
          // (10 s without `timeout`) is past the 8 s after which post() gives up.
          const during = await signedRequest({ body: notificationFor("during"), privateKey: KEY });
          for (const url of [fast, slow, fast]) {
            assert.deepEqual(await post(url, during), {
              status: 503,
              body: '{"error":"Service unavailable: the request could not be checked for replays"}',
            });
          }
          await redis.start();
          const after = await signedRequest({ body: notificationFor("after"), privateKey: KEY });
          await eventually(
            "the fast instance accepts again",
            async () => (await post(fast, after)).status === 200,
          );
          // The slow instance may take a little longer to reconnect: 503s until then.
          let status = 503;
          await eventually("the slow instance answers again", async () =>
            (status = (await post(slow, after)).status) !== 503);
          assert.equal(status, 409);
          const again = await signedRequest({ body: notificationFor("again"), privateKey: KEY });
          await eventually(
            "the slow instance accepts again",
            async () =>
              (await post(slow, again)).status === 200,
          );
          assert.equal((await post(fast, again)).status, 409);
          // The request that got 503s was never handled: the platform's retry passes.
          await eventually(
            "the retry of the 503'd request passes",
            async () => (await post(fast, during)).status === 200,
          );
          assert.equal((await post(slow, during)).status, 409);
        }),
    );
  });
}

describe("RedisReplayStore without a server (fake clients)", () => {
  /** A node-redis-shaped client that answers `reply` (or never, or late) and logs its calls. */
  function nodeClient(set: () => Promise<unknown>) {
    const calls: unknown[][] = [];
    return {
      calls,
      set: (...args: unknown[]) => (calls.push(["set", ...args]), set()),
      del: (...args: unknown[]) => (calls.push(["del", ...args]), Promise.resolve(1)),
    };
  }

  test("RedisReplayStore sends node-redis SET key 1 NX PX ttl, in the options both v4 and v5+ read", async () => {
    const client = nodeClient(() => Promise.resolve("OK"));
    const store = new RedisReplayStore(client, { now: () => 1_000, prefix: "p:" });
    assert.equal(await store.add("sha1=ab", 21_000.5), true);
    assert.deepEqual(client.calls, [["set", "p:sha1=ab", "1", {
      NX: true,
      PX: 20_001,
      condition: "NX",
      expiration: { type: "PX", value: 20_001 },
    }]]);
    await store.delete("sha1=ab");
    assert.deepEqual(client.calls[1], ["del", "p:sha1=ab"]);
  });

  test("RedisReplayStore sends ioredis SET key 1 PX ttl NX to a client with call()", async () => {
    const calls: unknown[][] = [];
    const client = {
      set: (...args: unknown[]) => (calls.push(args), Promise.resolve(null)),
      del: () => Promise.resolve(0),
      call: () => Promise.resolve(null),
    };
    const store = new RedisReplayStore(client, { now: () => 1_000 });
    assert.equal(await store.add("sha1=ab", 500), false, "null: the key exists");
    assert.deepEqual(
      calls,
      [["clustaar:replay:sha1=ab", "1", "PX", 1, "NX"]],
      "a TTL of 1 ms at least",
    );
  });

  test("RedisReplayStore reads OK as a string or a Buffer, null as a replay, and refuses anything else", async () => {
    for (
      const [reply, fresh] of [["OK", true], [Buffer.from("OK"), true], [null, false]] as const
    ) {
      const store = new RedisReplayStore(nodeClient(() => Promise.resolve(reply)));
      assert.equal(await store.add("sha1=ab", Date.now() + 1_000), fresh, String(reply));
    }
    for (const reply of [1, "QUEUED", undefined]) {
      const store = new RedisReplayStore(nodeClient(() => Promise.resolve(reply)));
      await assert.rejects(store.add("sha1=ab", Date.now() + 1_000), TypeError, String(reply));
    }
  });

  test("RedisReplayStore gives up after its timeout, undoes a SET that succeeds later, and drops a late failure", async () => {
    let answer!: (reply: unknown) => void;
    const client = nodeClient(() => new Promise((resolve) => (answer = resolve)));
    const store = new RedisReplayStore(client, { timeout: 20 });
    await assert.rejects(
      store.add("sha1=late", Date.now() + 20_000),
      (error: unknown) =>
        error instanceof Error && error.name === "TimeoutError" &&
        error.message === "Cannot check the request for replays: Redis did not answer within 20 ms",
    );
    answer("OK"); // the queued SET ran once Redis came back
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(client.calls.at(-1), ["del", "clustaar:replay:sha1=late"]);

    let fail!: (error: Error) => void;
    const failing = nodeClient(() => new Promise((_, reject) => (fail = reject)));
    const other = new RedisReplayStore(failing, { timeout: 20 });
    await assert.rejects(other.add("sha1=late", Date.now() + 20_000), { name: "TimeoutError" });
    fail(new Error("connection lost")); // no unhandled rejection
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(failing.calls.length, 1, "nothing to undo");
  });

  test("RedisReplayStore turns a client that throws into a rejection, and bounds delete() too", async () => {
    const throwing = {
      set: () => {
        throw new Error("The client is closed");
      },
      del: () => new Promise<number>(() => {}),
    };
    const store = new RedisReplayStore(throwing, { timeout: 20 });
    await assert.rejects(store.add("sha1=ab", Date.now() + 1_000), /The client is closed/);
    await assert.rejects(
      store.delete("sha1=ab"),
      (error: unknown) =>
        error instanceof Error && error.name === "TimeoutError" &&
        /^Cannot forget a failed request: Redis did not answer within 20 ms$/.test(error.message),
    );
  });

  test("Webhook.fetch() answers 503 within the store's timeout when Redis never answers", async () => {
    const errors: unknown[] = [];
    const app = new Webhook({
      privateKey: KEY,
      replayStore: new RedisReplayStore(nodeClient(() => new Promise(() => {})), { timeout: 20 }),
      onError: (error) => errors.push(error),
    });
    app.on("conversation.step_reached", () => ({ actions: [] }));
    const response = await app.fetch(
      await signedRequest({ body: notificationFor(), privateKey: KEY }),
    );
    assert.equal(response.status, 503);
    assert.deepEqual(await json(response), {
      error: "Service unavailable: the request could not be checked for replays",
    });
    assert.match(String(errors[0]), /^TimeoutError: .*Redis did not answer within 20 ms$/);
  });

  test("Webhook.fetch() answers 503 with a node-redis client that is not connected", async () => {
    const errors: unknown[] = [];
    const app = new Webhook({
      privateKey: KEY,
      replayStore: new RedisReplayStore(createClient({ url: "redis://127.0.0.1:1" })),
      onError: (error) => errors.push(error),
    });
    app.on("conversation.step_reached", () => ({ actions: [] }));
    const response = await app.fetch(
      await signedRequest({ body: notificationFor(), privateKey: KEY }),
    );
    assert.equal(response.status, 503);
    await response.body?.cancel();
    assert.equal(errors.length, 1);
  });

  test("new RedisReplayStore() refuses what is not a client, a prefix that is not a string, a bad timeout", () => {
    for (const client of [null, {}, { set: () => {} }, "redis://localhost"]) {
      assert.throws(
        () => new RedisReplayStore(client as unknown as RedisClientLike),
        TypeError,
        String(client),
      );
    }
    const client = nodeClient(() => Promise.resolve("OK"));
    assert.throws(
      () => new RedisReplayStore(client, { prefix: 1 as unknown as string }),
      TypeError,
    );
    for (const timeout of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, "2000"]) {
      assert.throws(
        () => new RedisReplayStore(client, { timeout: timeout as number }),
        RangeError,
        String(timeout),
      );
    }
    // Both real clients fit the structural types (checked by the type checker too).
    assert.doesNotThrow(() => new RedisReplayStore(createClient()));
    const io = new Redis({ lazyConnect: true });
    assert.doesNotThrow(() => new RedisReplayStore(io));
    io.disconnect();
  });
});
