// Reads a request body into one byte array without ever holding more than
// the limit, nor much more than what has arrived: a client that announces or
// sends too much is cut off early, and one that announces a large body and
// sends nothing holds a few kilobytes, not what it announced. Every read has
// a deadline, kept by one coarse timer shared by the pending reads, which
// runs only while there are some (a timer per request would cost Deno about
// 4 us).

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

/** Deadlines are checked every 1/8 of `timeout`, and at least every 100 ms. */
const TICKS_PER_TIMEOUT = 8;
const MAX_TICK_MS = 100;

const EMPTY = new Uint8Array(0);

/** A read the timer watches. */
interface PendingRead {
  /** The timer's tick when the read started. */
  tick: number;
  /** Where it is in the list of pending reads (-1: not there). */
  index: number;
  /** Set when the deadline passed. */
  expired: boolean;
  /** Settles a read made in one go with `TIMED_OUT`. */
  resolve?: (result: BodyResult) => void;
  /** Stops a streamed read. */
  reader?: { cancel(): Promise<void> };
}

/** Reads request bodies up to `max` bytes, each within `timeout` milliseconds. */
export class BodyReader {
  /** The reads under way, in no order (removed by swapping with the last). */
  readonly #pending: PendingRead[] = [];
  readonly #period: number;
  readonly #ticks: number;
  #timer: ReturnType<typeof setTimeout> | undefined = undefined;
  /** Set once a body that could have been a byte stream was not: then large bodies are read in one go. */
  #noByteStreams = false;
  #tick = 0;

  /**
   * @param max The largest body accepted, in bytes.
   * @param timeout How long a body may take to arrive, in milliseconds.
   */
  constructor(readonly max: number, readonly timeout: number) {
    this.#period = Math.max(1, Math.min(MAX_TICK_MS, timeout / TICKS_PER_TIMEOUT));
    // A read times out after `timeout`, and at most one tick later.
    this.#ticks = Math.ceil(timeout / this.#period);
  }

  /**
   * Reads the body and hands the result to `received`: the bytes,
   * `TOO_LARGE` as soon as more than `max` bytes arrived, or `TIMED_OUT`;
   * a body that cannot be read (the client went away) goes to `failed`.
   * Gives `TOO_LARGE` at once, without a promise, when `Content-Length`
   * announces more than `max` bytes. (Callbacks rather than a promise of the
   * bytes: a read made in one go then needs one promise, not two.)
   * `received` and `failed` must not throw.
   */
  read<R>(
    request: Request,
    received: (body: BodyResult) => R | Promise<R>,
    failed: (error: unknown) => R,
  ): typeof TOO_LARGE | Promise<R> {
    const length = request.headers.get("content-length");
    let announced = -1;
    if (length !== null) {
      const value = Number(length);
      if (value > this.max) return TOO_LARGE;
      if (Number.isInteger(value) && value >= 0 && length.trim() !== "") announced = value;
    }
    // A server (Deno.serve, Bun.serve) never delivers more than the announced
    // length, so a small body can be read in one go, and so can a large one
    // where bodies are not byte streams (Bun: its bytes() reserves nothing
    // ahead, unlike Deno's). Node 20's Request has no bytes().
    if (
      announced >= 0 && (announced <= ONE_GO_BYTES || this.#noByteStreams) &&
      typeof request.bytes === "function"
    ) {
      return this.#inOneGo(request.bytes(), received, failed);
    }
    return this.#stream(request, announced).then(received, failed);
  }

  #inOneGo<R>(
    bytes: Promise<Uint8Array>,
    received: (body: BodyResult) => R | Promise<R>,
    failed: (error: unknown) => R,
  ): Promise<R> {
    return new Promise<R>((resolve) => {
      const read: PendingRead = {
        tick: 0,
        index: -1,
        expired: false,
        resolve: (result) => resolve(received(result)),
      };
      this.#watch(read);
      bytes.then(
        (body) => {
          if (read.expired) return; // answered already
          this.#settle(read);
          resolve(received(body.byteLength > this.max ? TOO_LARGE : body));
        },
        (error) => {
          if (read.expired) return; // a late failure is dropped
          this.#settle(read);
          resolve(failed(error));
        },
      );
    });
  }

  async #stream(request: Request, announced: number): Promise<BodyResult> {
    const body = request.body;
    if (body === null) return EMPTY;
    // Only a body a server streams in can make it reserve memory ahead: a
    // large announced one, or a chunked one. Only then is a byte stream
    // (Deno's) read into a buffer of our own; a stream of another kind throws
    // here, which costs more than the read (so in-process bodies skip it).
    let byob: ReadableStreamBYOBReader | undefined;
    if (
      !this.#noByteStreams &&
      (announced > ONE_GO_BYTES || (announced < 0 && request.headers.has("transfer-encoding")))
    ) {
      try {
        byob = body.getReader({ mode: "byob" });
      } catch {
        // Not a byte stream (Bun, the Node adapter, a stream made by hand):
        // the bodies this reader gets are not, as a rule; stop trying.
        this.#noByteStreams = true;
      }
    }
    const reader = byob ?? body.getReader();
    const read: PendingRead = { tick: 0, index: -1, expired: false, reader };
    this.#watch(read);
    try {
      if (byob !== undefined) {
        const result = await this.#growing(byob, announced);
        return read.expired ? TIMED_OUT : result;
      }
      // A stream of chunks (inline: an async call more costs a request 0.3 us):
      // keep them until the end.
      const chunks = reader as ReadableStreamDefaultReader<Uint8Array>;
      let first: Uint8Array | undefined;
      let rest: Uint8Array[] | undefined;
      let total = 0;
      for (;;) {
        const { done, value } = await chunks.read();
        if (done) break;
        total += value.byteLength;
        if (total > this.max) return this.#cut(reader);
        if (first === undefined) first = value;
        else (rest ??= []).push(value);
      }
      if (read.expired) return TIMED_OUT;
      if (rest === undefined) return first ?? EMPTY;
      const out = new Uint8Array(total);
      out.set(first!);
      let offset = first!.byteLength;
      for (const chunk of rest) {
        out.set(chunk, offset);
        offset += chunk.byteLength;
      }
      return out;
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

  /**
   * Watches a read: a push on the list of pending reads, and a swap with
   * the last when it is over, so that nothing is kept once a read is over
   * (a list of every read of a tick cost Bun 1.8 us a request in memory
   * alone). The timer starts with the first read and stops at its first
   * tick with none, at most 100 ms after the last: a steady flow of requests
   * costs no timer call per request (setTimeout and clearTimeout cost Deno
   * about 4 us a pair).
   */
  #watch(read: PendingRead): void {
    read.tick = this.#tick;
    read.index = this.#pending.length;
    this.#pending.push(read);
    this.#timer ??= setTimeout(this.#onTick, this.#period);
  }

  #settle(read: PendingRead): void {
    const index = read.index;
    if (index < 0) return;
    const pending = this.#pending;
    const last = pending.pop()!;
    if (last !== read) {
      pending[index] = last;
      last.index = index;
    }
    read.index = -1;
  }

  readonly #onTick = (): void => {
    const tick = ++this.#tick;
    const pending = this.#pending;
    // Backwards: a removal moves the last read, already seen, into the gap.
    for (let i = pending.length - 1; i >= 0; i--) {
      const read = pending[i]!;
      // Started before tick read.tick + 1: n full periods have passed by tick read.tick + n + 1.
      if (tick - read.tick > this.#ticks) {
        this.#settle(read);
        read.expired = true;
        read.resolve?.(TIMED_OUT);
        read.reader?.cancel().catch(() => {});
      }
    }
    this.#timer = pending.length > 0 ? setTimeout(this.#onTick, this.#period) : undefined;
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
  const read = new BodyReader(max, 10_000).read(request, (body) => body, (error) => {
    throw error;
  });
  return read === TOO_LARGE ? Promise.resolve(TOO_LARGE) : read;
}
