// Reads a request body into one byte array without ever holding more than
// the limit, nor much more than what has arrived: a client that announces or
// sends too much is cut off early, and one that announces a large body and
// sends nothing holds a few kilobytes, not what it announced. Every read has
// a deadline, kept by one coarse timer shared by the pending reads: it exists
// only while reads are pending, and a read that completes at once never
// meets it (a timer per request would cost Deno several microseconds).

/** Returned when the body is larger than the limit. */
export const TOO_LARGE: unique symbol = Symbol("too large");

/** Returned when the body did not arrive before the deadline. */
export const TIMED_OUT: unique symbol = Symbol("timed out");

/** What a read gives: the bytes, `TOO_LARGE` or `TIMED_OUT`. */
export type BodyResult = Uint8Array | typeof TOO_LARGE | typeof TIMED_OUT;

/**
 * Bodies announced up to this length are read by the runtime in one go
 * (`request.bytes()`, the fastest read): what such a request can make the
 * server reserve before sending anything is small.
 */
export const ONE_GO_BYTES = 16 * 1024;

/** The first view of a streamed read: what a client that sends nothing holds. */
const FIRST_VIEW_BYTES = 1024;

/** Deadlines are checked this many times per `timeout`: a read times out after 1 to 1.125 timeouts. */
const TICKS_PER_TIMEOUT = 8;

const EMPTY = new Uint8Array(0);

/** Microtask turns a read may take before the timer watches it: in-process reads take 1 to 4. */
const UNWATCHED_TURNS = 4;

const RESOLVED = Promise.resolve();

/** A read the timer watches. */
interface PendingRead {
  /** The timer's tick when the watch started. */
  tick: number;
  /** Set when the read is over. */
  settled: boolean;
  /** Set when the deadline passed. */
  expired: boolean;
  /** Settles a read made in one go with `TIMED_OUT`. */
  resolve?: (result: BodyResult) => void;
  /** Stops a streamed read. */
  reader?: { cancel(): Promise<void> };
}

/** Reads request bodies up to `max` bytes, each within `timeout` milliseconds. */
export class BodyReader {
  readonly #pending = new Set<PendingRead>();
  #fresh: PendingRead[] = [];
  readonly #period: number;
  #timer: ReturnType<typeof setTimeout> | undefined = undefined;
  #tick = 0;

  /**
   * @param max The largest body accepted, in bytes.
   * @param timeout How long a body may take to arrive, in milliseconds.
   */
  constructor(readonly max: number, readonly timeout: number) {
    this.#period = Math.max(1, timeout / TICKS_PER_TIMEOUT);
  }

  /**
   * Starts reading the body. Gives `TOO_LARGE` at once when `Content-Length`
   * announces more than `max` bytes; otherwise a promise of the bytes, of
   * `TOO_LARGE` as soon as more than `max` bytes arrived, or of `TIMED_OUT`.
   * A body that cannot be read (already read, the client went away) is a
   * rejection, or a throw.
   */
  read(request: Request): typeof TOO_LARGE | Promise<BodyResult> {
    const length = request.headers.get("content-length");
    let announced = -1;
    if (length !== null) {
      const value = Number(length);
      if (value > this.max) return TOO_LARGE;
      if (Number.isInteger(value) && value >= 0 && length.trim() !== "") announced = value;
    }
    // A server (Deno.serve, Bun.serve) never delivers more than the announced
    // length, so a small body can be read in one go. Node 20's Request has no bytes().
    if (announced >= 0 && announced <= ONE_GO_BYTES && typeof request.bytes === "function") {
      return this.#inOneGo(request.bytes());
    }
    return this.#stream(request, announced);
  }

  #inOneGo(bytes: Promise<Uint8Array>): Promise<BodyResult> {
    return new Promise<BodyResult>((resolve, reject) => {
      const read: PendingRead = { tick: 0, settled: false, expired: false, resolve };
      this.#watch(read);
      bytes.then(
        (body) => {
          this.#settle(read);
          resolve(body.byteLength > this.max ? TOO_LARGE : body);
        },
        (error) => {
          this.#settle(read);
          reject(error); // after a time-out, a no-op: the late failure is dropped
        },
      );
    });
  }

  async #stream(request: Request, announced: number): Promise<BodyResult> {
    if (request.bodyUsed) throw new TypeError("Cannot read the request body: it was already read");
    const body = request.body;
    if (body === null) return EMPTY;
    // Only a body a server streams in can make it reserve memory ahead: a
    // large announced one, or a chunked one. Only then is a byte stream
    // (Deno's) read into a buffer of our own; a stream of another kind throws
    // here, which costs more than the read (so in-process bodies skip it).
    let byob: ReadableStreamBYOBReader | undefined;
    if (announced > ONE_GO_BYTES || (announced < 0 && request.headers.has("transfer-encoding"))) {
      try {
        byob = body.getReader({ mode: "byob" });
      } catch {
        // Not a byte stream (Bun, the Node adapter, a stream made by hand).
      }
    }
    const reader = byob ?? body.getReader();
    const read: PendingRead = { tick: 0, settled: false, expired: false, reader };
    this.#watch(read);
    try {
      const result = byob === undefined
        ? await this.#chunks(reader as ReadableStreamDefaultReader<Uint8Array>)
        : await this.#growing(byob, announced);
      return read.expired ? TIMED_OUT : result;
    } catch (error) {
      if (read.expired) return TIMED_OUT;
      throw error;
    } finally {
      this.#settle(read);
    }
  }

  /**
   * Reads a byte stream into a buffer that grows as bytes arrive: it starts
   * at 1 KiB and at most doubles with each fill, up to the announced length.
   */
  async #growing(reader: ReadableStreamBYOBReader, announced: number): Promise<BodyResult> {
    const max = this.max;
    let expected = announced;
    let buffer = new Uint8Array(
      Math.max(1, Math.min(expected >= 0 ? expected : max, FIRST_VIEW_BYTES)),
    );
    let filled = 0;
    for (;;) {
      if (filled === buffer.byteLength) {
        if (filled === expected) {
          // The announced length arrived: wait for the end in a byte of room
          // (which a server never fills) rather than in a bigger buffer.
          const { done, value } = await reader.read(new Uint8Array(1));
          if (done) return buffer;
          expected = -1; // more than announced (a hand-made Request): read on
          buffer = grow(buffer, Math.min(filled * 2, max + 1));
          buffer.set(value!, filled++);
          if (filled > max) return this.#cut(reader);
          continue;
        }
        buffer = grow(buffer, Math.min(filled * 2, expected >= 0 ? expected : max + 1));
      }
      const { done, value } = await reader.read(buffer.subarray(filled));
      if (value !== undefined) buffer = new Uint8Array(value.buffer); // the read moved the buffer
      if (done) break;
      filled += value!.byteLength;
      if (filled > max) return this.#cut(reader);
    }
    return filled === buffer.byteLength ? buffer : buffer.subarray(0, filled);
  }

  #cut(reader: { cancel(): Promise<void> }): typeof TOO_LARGE {
    reader.cancel().catch(() => {});
    return TOO_LARGE;
  }

  /** Reads a stream of chunks, keeping them until the end. */
  async #chunks(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<BodyResult> {
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > this.max) return this.#cut(reader);
      chunks.push(value);
    }
    if (chunks.length === 1) return chunks[0]!;
    const out = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return out;
  }

  /**
   * Watches a read, a few microtask turns from now: most reads are over by
   * then (the body came with the headers, or in-process), and never start
   * the timer. The timer runs while watched reads are pending, no longer.
   */
  #watch(read: PendingRead): void {
    if (this.#fresh.push(read) === 1) {
      let turns = RESOLVED;
      for (let i = 1; i < UNWATCHED_TURNS; i++) turns = turns.then();
      turns.then(this.#watchFresh);
    }
  }

  readonly #watchFresh = (): void => {
    const fresh = this.#fresh;
    this.#fresh = [];
    for (const read of fresh) {
      if (read.settled) continue;
      read.tick = this.#tick;
      this.#pending.add(read);
    }
    if (this.#pending.size > 0) this.#timer ??= setTimeout(this.#onTick, this.#period);
  };

  #settle(read: PendingRead): void {
    read.settled = true;
    if (this.#pending.delete(read) && this.#pending.size === 0 && this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  readonly #onTick = (): void => {
    const tick = ++this.#tick;
    for (const read of this.#pending) {
      // Watched before tick read.tick + 1: 8 full periods have passed by tick read.tick + 9.
      if (tick - read.tick > TICKS_PER_TIMEOUT) {
        this.#pending.delete(read);
        read.expired = true;
        read.resolve?.(TIMED_OUT);
        read.reader?.cancel().catch(() => {});
      }
    }
    this.#timer = this.#pending.size > 0 ? setTimeout(this.#onTick, this.#period) : undefined;
  };
}

/** A copy of `buffer` in a buffer of `size` bytes. */
function grow(buffer: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  const grown = new Uint8Array(size);
  grown.set(buffer);
  return grown;
}

/**
 * Reads the whole body as bytes, or gives `TOO_LARGE` as soon as it is known
 * to exceed `max` bytes (for the benches; the webhook keeps one reader).
 */
export function readBody(request: Request, max: number): Promise<BodyResult> {
  const read = new BodyReader(max, 10_000).read(request);
  return read === TOO_LARGE ? Promise.resolve(TOO_LARGE) : read;
}
