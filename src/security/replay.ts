/**
 * Replay protection beyond the `Date` window: a signature is accepted once.
 *
 * @module
 */

/**
 * Where accepted signatures are remembered until they expire.
 *
 * Deployments with several instances share one store (Deno KV, Redis, ...);
 * see the README for how to plug one in.
 *
 * @example A store backed by a Map
 * ```ts
 * import type { ReplayStore } from "@clustaar/webhook";
 * const seen = new Map<string, number>();
 * const store: ReplayStore = {
 *   add(id, expiresAt) {
 *     const known = seen.get(id);
 *     if (known !== undefined && known > Date.now()) return false;
 *     seen.set(id, expiresAt);
 *     return true;
 *   },
 *   delete(id) {
 *     seen.delete(id);
 *   },
 * };
 * ```
 *
 * @category Security
 */
export interface ReplayStore {
  /**
   * Records `id` until `expiresAt` and tells whether it was new.
   *
   * Must be atomic: of two concurrent calls with the same `id`, one only
   * returns `true`.
   *
   * @param id The signature (`sha1=<hex>`), unique per signed request.
   * @param expiresAt When the entry may be forgotten, in milliseconds since
   * the epoch: the end of the request's `Date` window plus the webhook's
   * `clockSkew`.
   * @returns `true` when `id` was not recorded (or had expired), `false` for a replay.
   */
  add(id: string, expiresAt: number): boolean | Promise<boolean>;
  /**
   * Forgets `id` (optional). The webhook calls it when the request that
   * recorded `id` got an answer that is not a 2xx (a handler failure, a 404
   * from routing, a 504...), so that the platform's retry of that request is
   * not refused as a replay. It is never called for a refused copy (409).
   * Without it, a failed request stays recorded until it expires.
   *
   * @param id A signature this store's `add` accepted.
   */
  delete?(id: string): void | Promise<void>;
}

/**
 * Options of {@linkcode MemoryReplayStore}.
 *
 * @example A smaller store, on a test clock
 * ```ts
 * import { MemoryReplayStore, type MemoryReplayStoreOptions } from "@clustaar/webhook";
 * import { createClock } from "@clustaar/webhook/testing";
 *
 * const clock = createClock();
 * const options: MemoryReplayStoreOptions = { maxEntries: 10_000, now: clock.now };
 * const store = new MemoryReplayStore(options);
 * ```
 *
 * @category Security
 */
export interface MemoryReplayStoreOptions {
  /** The clock, in milliseconds since the epoch (default `Date.now`). */
  now?: () => number;
  /**
   * The most entries kept (default 1,000,000: about 100 MB on Deno and
   * 150 MB on Bun at most, 100 to 170 bytes an entry measured by
   * `bench/replay_memory.ts`). When full, the oldest entry is dropped first.
   */
  maxEntries?: number;
}

// How many expired entries one add() may sweep: the cost of an add stays
// bounded (a few microseconds), and a backlog left by a burst is gone after
// (backlog / 256) adds, or at once when `size` is read.
const SWEEP_PER_ADD = 256;
const MIN_CAPACITY = 1024;
// Records are numbered in insertion order, modulo 2^30 (small integers, no
// boxed number per entry); the ring never holds 2^30 records (see MAX_ENTRIES).
const SEQ_MASK = 2 ** 30 - 1;
const MAX_ENTRIES = 2 ** 28;

/**
 * The default replay store: in memory, one process, bounded.
 *
 * Entries expire with the request window and are swept as new ones arrive
 * (and whenever {@linkcode MemoryReplayStore.size} is read), so memory
 * follows the request rate times the window and never grows beyond
 * `maxEntries`. No timer is left running.
 *
 * A clock stepped back does not reopen a window: besides its entries, the
 * store remembers the latest expiry time it has seen pass, and refuses any
 * id whose expiry is not later (a request whose window had already closed).
 * A fresh request's expiry is always later than that: for it to be refused,
 * the platform would have to send a request dated no later than one already
 * expired here, and this clock to be set back by more than `clockSkew`.
 *
 * @example Refuse the second use of a signature
 * ```ts
 * import { MemoryReplayStore } from "@clustaar/webhook";
 * const store = new MemoryReplayStore();
 * const expiresAt = Date.now() + 10_000;
 * console.assert(store.add("sha1=ab", expiresAt) === true);
 * console.assert(store.add("sha1=ab", expiresAt) === false);
 * store.delete("sha1=ab"); // the request failed: its retry may pass
 * console.assert(store.add("sha1=ab", expiresAt) === true);
 * ```
 *
 * @category Security
 */
export class MemoryReplayStore implements ReplayStore {
  // Each id maps to the number of its record; records are kept in a ring in
  // insertion order, record n in slot n & mask, so that the ring can grow
  // without touching the Map. Records whose id was deleted or recorded again
  // stay in the ring, stale, until they reach its head. (Iterating the Map
  // from its front to find the oldest entries would walk over every deleted
  // slot V8 keeps until its next rehash: O(n) per add.)
  #entries = new Map<string, number>();
  #ids: (string | undefined)[] = new Array(MIN_CAPACITY);
  #expiries = new Float64Array(MIN_CAPACITY);
  #mask = MIN_CAPACITY - 1;
  #head = 0; // the number of the oldest record
  #length = 0; // records in the ring, live or stale
  // The latest expiry of a record that expired: nothing expiring then or
  // before is new, whatever the clock says later.
  #expired = Number.NEGATIVE_INFINITY;
  readonly #now: () => number;
  readonly #maxEntries: number;

  /**
   * Creates an empty store.
   *
   * @param options The clock and the size bound.
   * @throws {RangeError} When `maxEntries` is not a positive integer (up to 2^28).
   *
   * @example A store for one webhook
   * ```ts
   * import { MemoryReplayStore, Webhook } from "@clustaar/webhook";
   *
   * const replayStore = new MemoryReplayStore({ maxEntries: 100_000 });
   * const app = new Webhook({ privateKey: "XXXXXXXXXX", replayStore });
   * ```
   */
  constructor(options: MemoryReplayStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
    const max = options.maxEntries ?? 1_000_000;
    if (!Number.isInteger(max) || max < 1 || max > MAX_ENTRIES) {
      throw new RangeError(
        `Cannot create the replay store: maxEntries must be a positive integer up to ${MAX_ENTRIES} (got ${max})`,
      );
    }
    this.#maxEntries = max;
  }

  /** How many entries are held now (every expired one is swept first). */
  get size(): number {
    this.#sweep(this.#now(), Number.POSITIVE_INFINITY);
    return this.#entries.size;
  }

  /**
   * Records `id` until `expiresAt`; `false` when it is already recorded, or
   * when `expiresAt` is not later than an expiry the store has seen pass.
   *
   * @param id The signature.
   * @param expiresAt Expiry in milliseconds since the epoch.
   * @returns Whether `id` was new.
   */
  add(id: string, expiresAt: number): boolean {
    const now = this.#now();
    this.#sweep(now, SWEEP_PER_ADD);
    const known = this.#entries.get(id);
    if (known !== undefined) {
      const expiry = this.#expiries[known & this.#mask]!;
      if (expiry > now) return false;
      // Expired, not swept yet: its record turns stale.
      if (expiry > this.#expired) this.#expired = expiry;
      this.#entries.delete(id);
    }
    if (!(expiresAt > this.#expired)) return false;
    if (this.#entries.size >= this.#maxEntries) this.#dropOldest();
    if (this.#length > this.#mask) this.#grow();
    const seq = (this.#head + this.#length) & SEQ_MASK;
    this.#ids[seq & this.#mask] = id;
    this.#expiries[seq & this.#mask] = expiresAt;
    this.#length++;
    this.#entries.set(id, seq);
    return true;
  }

  /**
   * Forgets `id`: the request that recorded it failed, and its retry is no replay.
   *
   * @param id The signature.
   */
  delete(id: string): void {
    this.#entries.delete(id);
  }

  /** Takes stale and expired records off the ring's head, at most `budget` expired ones. */
  #sweep(now: number, budget: number): void {
    while (this.#length > 0) {
      const head = this.#head;
      const slot = head & this.#mask;
      const id = this.#ids[slot]!;
      if (this.#entries.get(id) === head) {
        const expiry = this.#expiries[slot]!;
        if (expiry > now || budget-- <= 0) break;
        if (expiry > this.#expired) this.#expired = expiry;
        this.#entries.delete(id);
      }
      this.#shift();
    }
    // After a burst, give the memory back once the ring is nearly empty (the
    // Map too: a Map keeps its peak table after deletes).
    if (this.#mask >= MIN_CAPACITY && this.#length <= this.#mask >>> 4) this.#shrink();
  }

  // The store is full: forget the oldest live entry.
  #dropOldest(): void {
    while (this.#length > 0) {
      const head = this.#head;
      const id = this.#ids[head & this.#mask]!;
      this.#shift();
      if (this.#entries.get(id) === head) {
        this.#entries.delete(id);
        return;
      }
    }
  }

  #shift(): void {
    this.#ids[this.#head & this.#mask] = undefined;
    this.#head = (this.#head + 1) & SEQ_MASK;
    this.#length--;
  }

  // The ring is full. Stale records pile up only behind a head that does
  // not expire (deleted ids, with a long-lived first entry): past twice
  // maxEntries records, number the live ones anew; else double the ring.
  #grow(): void {
    if (this.#length >= 2 * this.#maxEntries + MIN_CAPACITY) {
      this.#renumber(this.#mask + 1);
      if (this.#length <= this.#mask) return;
    }
    this.#move((this.#mask + 1) * 2);
  }

  #shrink(): void {
    let capacity = MIN_CAPACITY;
    while (capacity < this.#length * 4) capacity *= 2;
    this.#renumber(capacity);
  }

  /** Copies every record into a ring of `capacity` slots; their numbers stay. */
  #move(capacity: number): void {
    const ids: (string | undefined)[] = new Array(capacity);
    const expiries = new Float64Array(capacity);
    const mask = capacity - 1;
    for (let i = 0; i < this.#length; i++) {
      const seq = (this.#head + i) & SEQ_MASK;
      ids[seq & mask] = this.#ids[seq & this.#mask];
      expiries[seq & mask] = this.#expiries[seq & this.#mask]!;
    }
    this.#ids = ids;
    this.#expiries = expiries;
    this.#mask = mask;
  }

  /** Keeps the live records only, numbered from 0 in a new ring, with a new Map. */
  #renumber(capacity: number): void {
    const ids: (string | undefined)[] = new Array(capacity);
    const expiries = new Float64Array(capacity);
    const entries = new Map<string, number>();
    let length = 0;
    for (let i = 0; i < this.#length; i++) {
      const seq = (this.#head + i) & SEQ_MASK;
      const id = this.#ids[seq & this.#mask]!;
      if (this.#entries.get(id) !== seq) continue; // stale
      ids[length] = id;
      expiries[length] = this.#expiries[seq & this.#mask]!;
      entries.set(id, length);
      length++;
    }
    this.#entries = entries;
    this.#ids = ids;
    this.#expiries = expiries;
    this.#mask = capacity - 1;
    this.#head = 0;
    this.#length = length;
  }
}
