/**
 * A replay store in Redis, so that several webhook instances (on one machine
 * or many) refuse a request any one of them has already accepted.
 *
 * It works with the two clients people use, node-redis (`redis` on npm, v4
 * and later) and `ioredis`, through the few methods it calls: neither is a
 * dependency of this package. Create and connect the client as you always
 * do (and listen to its `error` events), then hand it over.
 *
 * @example Share accepted signatures between instances (node-redis)
 * ```ts ignore
 * import { Webhook } from "@clustaar/webhook";
 * import { RedisReplayStore } from "@clustaar/webhook/redis";
 * import { createClient } from "redis";
 *
 * const redis = createClient({ url: "redis://redis:6379" });
 * redis.on("error", (error) => console.error("redis:", error.message));
 * await redis.connect();
 * const app = new Webhook({ privateKey: "XXXXXXXXXX", replayStore: new RedisReplayStore(redis) });
 * ```
 *
 * @module
 */
import { quote } from "../_text.ts";
import { resolved } from "../_thenable.ts";
import type { ReplayStore } from "./replay.ts";
import { within } from "./_wait.ts";

export type { ReplayStore };

/**
 * `SET`'s options, written so that node-redis v4 (`NX`, `PX`) and v5+
 * (`condition`, `expiration`) read them alike.
 *
 * @example What the store passes for a 20 s record
 * ```ts
 * import type { NodeRedisSetOptions } from "@clustaar/webhook/redis";
 *
 * const options: NodeRedisSetOptions = {
 *   NX: true,
 *   PX: 20_000,
 *   condition: "NX",
 *   expiration: { type: "PX", value: 20_000 },
 * };
 * ```
 *
 * @category Security
 */
export interface NodeRedisSetOptions {
  /** v4's spelling of `condition: "NX"`. */
  NX: true;
  /** v4's spelling of `expiration: { type: "PX", value }`. */
  PX: number;
  /** Write only when the key is absent. */
  condition: "NX";
  /** Forget the key after `value` milliseconds. */
  expiration: { type: "PX"; value: number };
}

/**
 * The slice of a node-redis client (`createClient()`, `createCluster()`) this store uses.
 *
 * @example A stand-in client over a Map, as a test might use
 * ```ts
 * import assert from "node:assert/strict";
 * import { type NodeRedisClientLike, RedisReplayStore } from "@clustaar/webhook/redis";
 *
 * const keys = new Map<string, string>();
 * const client: NodeRedisClientLike = {
 *   set: (key, value) => Promise.resolve(keys.has(key) ? null : (keys.set(key, value), "OK")),
 *   del: (key) => Promise.resolve(keys.delete(key) ? 1 : 0),
 * };
 * const store = new RedisReplayStore(client);
 * assert.equal(await store.add("sha1=ab", Date.now() + 20_000), true);
 * assert.equal(await store.add("sha1=ab", Date.now() + 20_000), false);
 * ```
 *
 * @category Security
 */
export interface NodeRedisClientLike {
  /** `SET key value NX PX ttl`: resolves to `"OK"`, or `null` when the key exists. */
  set(key: string, value: string, options: NodeRedisSetOptions): Promise<unknown>;
  /** `DEL key`. */
  del(key: string): Promise<unknown>;
}

/**
 * The slice of an ioredis client (`new Redis()`, `new Cluster()`) this store uses.
 *
 * @example An ioredis client is one
 * ```ts ignore
 * import type { IoRedisClientLike } from "@clustaar/webhook/redis";
 * import { Redis } from "ioredis";
 *
 * const client: IoRedisClientLike = new Redis("redis://127.0.0.1:6379");
 * ```
 *
 * @category Security
 */
export interface IoRedisClientLike {
  /** `SET key value PX ttl NX`: resolves to `"OK"`, or `null` when the key exists. */
  set(key: string, value: string, px: "PX", milliseconds: number, nx: "NX"): Promise<unknown>;
  /** `DEL key`. */
  del(key: string): Promise<unknown>;
  /** Any command: how an ioredis client is told from a node-redis one. */
  call(command: string, ...args: string[]): Promise<unknown>;
}

/**
 * A node-redis or an ioredis client, or anything with the same methods.
 *
 * @example Accept either client
 * ```ts ignore
 * import { type RedisClientLike, RedisReplayStore } from "@clustaar/webhook/redis";
 *
 * function replayStore(client: RedisClientLike): RedisReplayStore {
 *   return new RedisReplayStore(client, { prefix: "support-bot:replay:" });
 * }
 * ```
 *
 * @category Security
 */
export type RedisClientLike = NodeRedisClientLike | IoRedisClientLike;

/**
 * Options of {@linkcode RedisReplayStore}.
 *
 * @example One prefix per bot, and a shorter wait
 * ```ts
 * import type { RedisReplayStoreOptions } from "@clustaar/webhook/redis";
 *
 * const options: RedisReplayStoreOptions = { prefix: "support-bot:replay:", timeout: 500 };
 * ```
 *
 * @category Security
 */
export interface RedisReplayStoreOptions {
  /** Put before each signature to make its key (default `"clustaar:replay:"`). */
  prefix?: string;
  /**
   * The longest wait for Redis, in milliseconds (default 2,000). A Redis that
   * is down or slow makes the request a 503 within this time, even when the
   * client queues commands while it reconnects.
   */
  timeout?: number;
  /** The clock, in milliseconds since the epoch (default `Date.now`). */
  now?: () => number;
}

const DEFAULT_PREFIX = "clustaar:replay:";
const DEFAULT_TIMEOUT = 2_000;

/**
 * A {@linkcode ReplayStore} in Redis: each accepted signature is written with
 * one atomic `SET key 1 NX PX ttl`, which only writes when the key is absent
 * and lets Redis forget it after `ttl` milliseconds, so Redis holds at most
 * the requests of the last window. The TTL runs to the webhook's
 * `expiresAt` (the end of the `Date` window plus `clockSkew`), measured from
 * this instance's clock.
 *
 * `delete` (a failed request, whose retry must pass) is a `DEL`. Each call
 * waits at most `timeout`; a `SET` that succeeds after it (the client had
 * queued it) is undone with a `DEL`, so the retry of the request that got
 * the 503 is not refused; a late failure is dropped. The store holds no
 * state of its own: when Redis comes back, so does the store.
 *
 * @example Refuse the second use of a signature (ioredis)
 * ```ts ignore
 * import { RedisReplayStore } from "@clustaar/webhook/redis";
 * import { Redis } from "ioredis";
 *
 * const store = new RedisReplayStore(new Redis("redis://127.0.0.1:6379"), { timeout: 1_000 });
 * const expiresAt = Date.now() + 20_000;
 * console.assert(await store.add("sha1=ab", expiresAt) === true);
 * console.assert(await store.add("sha1=ab", expiresAt) === false);
 * ```
 *
 * @category Security
 */
export class RedisReplayStore implements ReplayStore {
  readonly #set: (key: string, ttl: number) => Promise<unknown>;
  readonly #del: (key: string) => Promise<unknown>;
  readonly #prefix: string;
  readonly #timeout: number;
  readonly #now: () => number;

  /**
   * Creates a store over a connected client.
   *
   * @param client A node-redis client (`createClient()` after `connect()`) or
   * an ioredis client (`new Redis(...)`), or a cluster client of either.
   * @param options The key prefix, the longest wait and the clock.
   * @throws {TypeError} When `client` has no `set` and `del`, or `prefix` is not a string.
   * @throws {RangeError} When `timeout` is not a positive number of milliseconds.
   */
  constructor(client: RedisClientLike, options: RedisReplayStoreOptions = {}) {
    if (
      client === null || typeof client !== "object" || typeof client.set !== "function" ||
      typeof client.del !== "function"
    ) {
      throw new TypeError(
        "Cannot create the replay store: client must be a node-redis or an ioredis client",
      );
    }
    const prefix = options.prefix ?? DEFAULT_PREFIX;
    if (typeof prefix !== "string") {
      throw new TypeError(
        `Cannot create the replay store: prefix must be a string (got ${typeof prefix})`,
      );
    }
    const timeout = options.timeout ?? DEFAULT_TIMEOUT;
    if (typeof timeout !== "number" || !(timeout > 0) || !Number.isFinite(timeout)) {
      throw new RangeError(
        `Cannot create the replay store: timeout must be a positive number of milliseconds (got ${
          String(options.timeout)
        })`,
      );
    }
    this.#prefix = prefix;
    this.#timeout = timeout;
    this.#now = options.now ?? Date.now;
    if ("call" in client && typeof client.call === "function") {
      const io = client as IoRedisClientLike;
      this.#set = (key, ttl) => io.set(key, "1", "PX", ttl, "NX");
    } else {
      const node = client as NodeRedisClientLike;
      this.#set = (key, ttl) =>
        node.set(key, "1", {
          NX: true,
          PX: ttl,
          condition: "NX",
          expiration: { type: "PX", value: ttl },
        });
    }
    this.#del = (key) => client.del(key);
  }

  /**
   * Records `id` until `expiresAt`; resolves to `false` when it is already recorded.
   *
   * @param id The signature.
   * @param expiresAt Expiry in milliseconds since the epoch.
   * @returns Whether `id` was new, decided atomically by Redis for every instance.
   * @throws {DOMException} A `TimeoutError` when Redis does not answer within `timeout`
   * (and any error of the client): the webhook answers 503.
   */
  async add(id: string, expiresAt: number): Promise<boolean> {
    const key = this.#prefix + id;
    // Redis wants a positive whole number of milliseconds.
    const ttl = Math.max(1, Math.ceil(expiresAt - this.#now()));
    const reply = await within(
      resolved(() => this.#set(key, ttl)),
      this.#timeout,
      `Cannot check the request for replays: Redis did not answer within ${this.#timeout} ms`,
      // Written after the request got its 503: undo it, so that its retry passes.
      (late) => isOk(late) && resolved(() => this.#del(key)).catch(() => {}),
    );
    if (reply === null) return false;
    if (isOk(reply)) return true;
    throw new TypeError(
      `Cannot check the request for replays: Redis answered SET ... NX with ${describe(reply)}`,
    );
  }

  /**
   * Forgets `id`: the request that recorded it failed, and its retry is no replay.
   *
   * @param id The signature.
   * @throws {DOMException} A `TimeoutError` when Redis does not answer within `timeout`.
   */
  async delete(id: string): Promise<void> {
    await within(
      resolved(() => this.#del(this.#prefix + id)),
      this.#timeout,
      `Cannot forget a failed request: Redis did not answer within ${this.#timeout} ms`,
    );
  }
}

function isOk(reply: unknown): boolean {
  // A Buffer or a string "OK", depending on the client's options.
  return reply != null && String(reply) === "OK";
}

function describe(reply: unknown): string {
  return typeof reply === "string" ? quote(reply, 40) : typeof reply;
}
