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
   * @param expiresAt When the entry may be forgotten, in milliseconds since the epoch.
   * @returns `true` when `id` was not recorded (or had expired), `false` for a replay.
   */
  add(id: string, expiresAt: number): boolean | Promise<boolean>;
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
   * The most entries kept (default 1,000,000, about 100 MB at most). When
   * full, the oldest entry is dropped first.
   */
  maxEntries?: number;
}

/**
 * The default replay store: in memory, one process, bounded.
 *
 * Entries expire with the request window and are swept as new ones arrive, so
 * memory follows the request rate times the window and never grows beyond
 * `maxEntries`.
 *
 * @example Refuse the second use of a signature
 * ```ts
 * import { MemoryReplayStore } from "@clustaar/webhook";
 * const store = new MemoryReplayStore();
 * const expiresAt = Date.now() + 10_000;
 * console.assert(store.add("sha1=ab", expiresAt) === true);
 * console.assert(store.add("sha1=ab", expiresAt) === false);
 * ```
 *
 * @category Security
 */
export class MemoryReplayStore implements ReplayStore {
  readonly #entries = new Map<string, number>();
  // Insertion order, as a queue: ids and their expiry times from #head on.
  // (Iterating the Map from its front to find the oldest entries would walk
  // over every deleted slot V8 keeps until its next rehash: O(n) per add.)
  #ids: (string | undefined)[] = [];
  #expiries: number[] = [];
  #head = 0;
  readonly #now: () => number;
  readonly #maxEntries: number;

  /**
   * Creates an empty store.
   *
   * @param options The clock and the size bound.
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
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(
        `Cannot create the replay store: maxEntries must be a positive integer (got ${max})`,
      );
    }
    this.#maxEntries = max;
  }

  /** How many entries are held now. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Records `id` until `expiresAt`; `false` when it is already recorded.
   *
   * @param id The signature.
   * @param expiresAt Expiry in milliseconds since the epoch.
   * @returns Whether `id` was new.
   */
  add(id: string, expiresAt: number): boolean {
    const now = this.#now();
    this.#sweep(now);
    const known = this.#entries.get(id);
    if (known !== undefined && known > now) return false;
    if (known === undefined && this.#entries.size >= this.#maxEntries) this.#dropOldest();
    this.#entries.set(id, expiresAt);
    this.#ids.push(id);
    this.#expiries.push(expiresAt);
    return true;
  }

  // Entries are mostly inserted in expiry order: drop expired ones from the
  // front of the queue, a few at a time, so that each add costs O(1) amortised.
  #sweep(now: number): void {
    for (let budget = 8; budget > 0 && this.#head < this.#ids.length; budget--) {
      if (this.#expiries[this.#head]! > now) break;
      this.#shift();
    }
  }

  // The store is full: forget the oldest entry still held.
  #dropOldest(): void {
    const size = this.#entries.size;
    while (this.#head < this.#ids.length && this.#entries.size === size) this.#shift();
  }

  // Takes the queue's head off, and its entry from the Map unless the id was
  // added again since (then the Map holds a later expiry).
  #shift(): void {
    const id = this.#ids[this.#head]!;
    if (this.#entries.get(id) === this.#expiries[this.#head]) this.#entries.delete(id);
    this.#ids[this.#head] = undefined;
    this.#head++;
    if (this.#head >= 1024 && this.#head * 2 >= this.#ids.length) {
      this.#ids = this.#ids.slice(this.#head);
      this.#expiries = this.#expiries.slice(this.#head);
      this.#head = 0;
    }
  }
}
