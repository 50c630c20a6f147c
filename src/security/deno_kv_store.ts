/**
 * A replay store in Deno KV, so that several webhook instances refuse a
 * request any one of them has already accepted.
 *
 * Deno KV is a file on one machine under `deno run` (shared by the processes
 * of `deno serve --parallel`) and a global database on Deno Deploy. Opening it
 * needs `--unstable-kv` (or `"unstable": ["kv"]` in `deno.json`) outside
 * Deno Deploy.
 *
 * @example Share accepted signatures between instances
 * ```ts
 * import { Webhook } from "@clustaar/webhook";
 * import { DenoKvReplayStore } from "@clustaar/webhook/deno-kv";
 *
 * const kv = await Deno.openKv(":memory:");
 * const app = new Webhook({ privateKey: "XXXXXXXXXX", replayStore: new DenoKvReplayStore(kv) });
 * kv.close();
 * ```
 *
 * @module
 */
import type { ReplayStore } from "./replay.ts";

export type { ReplayStore };

/**
 * A key part, as Deno KV accepts them.
 *
 * @category Security
 */
export type KvKeyPart = string | number | bigint | boolean | Uint8Array;

/**
 * An entry read from the store, as `Deno.Kv.get` gives it.
 *
 * @category Security
 */
export interface KvEntryLike {
  /** The stored value, `null` when the key is absent. */
  value: unknown;
  /** The entry's version, `null` when the key is absent. */
  versionstamp: string | null;
}

/**
 * An atomic operation, as `Deno.Kv.atomic()` gives it (the calls used here).
 *
 * @category Security
 */
export interface KvAtomicLike {
  /** Makes the commit fail unless each key is still at the given version. */
  check(...checks: { key: readonly KvKeyPart[]; versionstamp: string | null }[]): KvAtomicLike;
  /** Sets a key, forgotten after `expireIn` milliseconds. */
  set(key: readonly KvKeyPart[], value: unknown, options?: { expireIn?: number }): KvAtomicLike;
  /** Applies the operation if every check holds. */
  commit(): Promise<{ ok: boolean }>;
}

/**
 * The slice of `Deno.Kv` this store uses; a `Deno.Kv` from `Deno.openKv()`
 * fits it, and so does any object with the same methods (for tests).
 *
 * @category Security
 */
export interface KvLike {
  /** Reads one entry. */
  get(key: readonly KvKeyPart[]): Promise<KvEntryLike>;
  /** Starts an atomic operation. */
  atomic(): KvAtomicLike;
  /**
   * Deletes one entry (a `Deno.Kv` has it): used to forget a request that
   * failed, so that its retry passes. Without it, a failed request stays
   * recorded until it expires.
   */
  delete?(key: readonly KvKeyPart[]): Promise<void>;
}

/**
 * Options of {@linkcode DenoKvReplayStore}.
 *
 * @example One database for two webhooks, under their own prefixes
 * ```ts
 * import { DenoKvReplayStore, type DenoKvReplayStoreOptions } from "@clustaar/webhook/deno-kv";
 *
 * const kv = await Deno.openKv(":memory:");
 * const options: DenoKvReplayStoreOptions = { prefix: ["support-bot", "replay"] };
 * const store = new DenoKvReplayStore(kv, options);
 * kv.close();
 * ```
 *
 * @category Security
 */
export interface DenoKvReplayStoreOptions {
  /** The key prefix under which signatures are stored (default `["clustaar-webhook", "replay"]`). */
  prefix?: readonly KvKeyPart[];
  /** The clock, in milliseconds since the epoch (default `Date.now`). */
  now?: () => number;
}

const DEFAULT_PREFIX: readonly KvKeyPart[] = ["clustaar-webhook", "replay"];

/**
 * A {@linkcode ReplayStore} in Deno KV: each accepted signature is written
 * with an atomic check-and-set (the write fails when the key exists), and
 * expires with the request's `Date` window (`expireIn`), so the database
 * holds at most the requests of the last window.
 *
 * Deno KV deletes expired keys lazily: an entry read after its expiry is
 * treated as absent and replaced, still atomically. The expiry the webhook
 * gives includes its `clockSkew`, so an instance whose clock is ahead does
 * not write a record that a slower instance outlives.
 *
 * @example Refuse the second use of a signature
 * ```ts
 * import { DenoKvReplayStore } from "@clustaar/webhook/deno-kv";
 *
 * const kv = await Deno.openKv(":memory:");
 * const store = new DenoKvReplayStore(kv);
 * const expiresAt = Date.now() + 10_000;
 * console.assert(await store.add("sha1=ab", expiresAt) === true);
 * console.assert(await store.add("sha1=ab", expiresAt) === false);
 * await store.delete("sha1=ab"); // the request failed: its retry may pass
 * console.assert(await store.add("sha1=ab", expiresAt) === true);
 * kv.close();
 * ```
 *
 * @category Security
 */
export class DenoKvReplayStore implements ReplayStore {
  readonly #kv: KvLike;
  readonly #prefix: readonly KvKeyPart[];
  readonly #now: () => number;

  /**
   * Creates a store over an open Deno KV database.
   *
   * @param kv An open `Deno.Kv` (from `Deno.openKv()`), or anything with its `get` and `atomic`.
   * @param options The key prefix and the clock.
   * @throws {TypeError} When `kv` has no `get` and `atomic` methods.
   *
   * @example Share the replay store through Deno KV
   * ```ts
   * import { Webhook } from "@clustaar/webhook";
   * import { DenoKvReplayStore } from "@clustaar/webhook/deno-kv";
   *
   * const kv = await Deno.openKv(":memory:");
   * const app = new Webhook({ privateKey: "XXXXXXXXXX", replayStore: new DenoKvReplayStore(kv) });
   * kv.close();
   * ```
   */
  constructor(kv: KvLike, options: DenoKvReplayStoreOptions = {}) {
    if (
      kv === null || typeof kv !== "object" || typeof kv.get !== "function" ||
      typeof kv.atomic !== "function"
    ) {
      throw new TypeError(
        "Cannot create the replay store: kv must be a Deno.Kv (from Deno.openKv())",
      );
    }
    this.#kv = kv;
    this.#prefix = options.prefix ?? DEFAULT_PREFIX;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Records `id` until `expiresAt`; resolves to `false` when it is already recorded.
   *
   * @param id The signature.
   * @param expiresAt Expiry in milliseconds since the epoch.
   * @returns Whether `id` was new, decided atomically across every instance.
   */
  async add(id: string, expiresAt: number): Promise<boolean> {
    const key = [...this.#prefix, id];
    const now = this.#now();
    // Deno KV needs a positive whole number of milliseconds.
    const expireIn = Math.max(1, Math.ceil(expiresAt - now));
    // The common case, one round trip: write unless the key exists.
    const created = await this.#kv.atomic().check({ key, versionstamp: null }).set(key, expiresAt, {
      expireIn,
    })
      .commit();
    if (created.ok) return true;
    // The key exists: a replay, unless it is an expired entry not yet deleted.
    const entry = await this.#kv.get(key);
    if (typeof entry.value === "number" && entry.value > now) return false;
    if (entry.versionstamp !== null && typeof entry.value !== "number") return false;
    const replaced = await this.#kv.atomic().check({ key, versionstamp: entry.versionstamp })
      .set(key, expiresAt, { expireIn }).commit();
    return replaced.ok;
  }

  /**
   * Forgets `id`: the request that recorded it failed, and its retry is no replay.
   *
   * @param id The signature.
   */
  async delete(id: string): Promise<void> {
    await this.#kv.delete?.([...this.#prefix, id]);
  }
}
