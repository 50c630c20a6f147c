// The body a handler reads: the webhook has read the request's body to check
// its signature, and gives it back so that `await request.json()` works in a
// handler, as many times as it likes, as `request.data` does in the Python
// framework. Nothing is copied or decoded until a handler asks: the request
// only changes prototype (one step, measured against defining properties
// or a Proxy, both slower) to one whose body methods read the kept bytes.

const BYTES: unique symbol = Symbol("clustaar.body");
const STREAM: unique symbol = Symbol("clustaar.bodyStream");

/** A request whose body the webhook read and keeps. */
interface Kept extends Request {
  [BYTES]: Uint8Array;
  [STREAM]?: ReadableStream<Uint8Array<ArrayBuffer>>;
}

const decoder = new TextDecoder();

function bytesOf(request: Request): Uint8Array {
  const bytes = (request as Kept)[BYTES];
  if (bytes === undefined) {
    throw new TypeError("Illegal invocation: not a request read by the webhook");
  }
  return bytes;
}

/** A fresh copy, so that a caller changing it changes nothing else. */
function copy(request: Request): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytesOf(request));
}

/** A byte stream of the body that fills when first read. */
function streamOf(request: Request): ReadableStream<Uint8Array<ArrayBuffer>> {
  const kept = request as Kept;
  let pulled = false;
  const stream = new ReadableStream<Uint8Array<ArrayBuffer>>({
    type: "bytes",
    pull(controller) {
      pulled = true;
      // The stream has been read from: the next `body` is a new one.
      if (kept[STREAM] === stream) kept[STREAM] = undefined;
      const bytes = copy(request);
      if (bytes.byteLength > 0) controller.enqueue(bytes);
      controller.close();
      // A reader's own buffer still waiting (an empty body): hand it back, done.
      (controller as ReadableByteStreamController).byobRequest?.respond(0);
    },
    cancel() {
      if (!pulled && kept[STREAM] === stream) kept[STREAM] = undefined;
    },
  });
  return stream;
}

// Methods return promises like the originals, and settle the same way.
const methods = {
  text(this: Request): Promise<string> {
    try {
      return Promise.resolve(decoder.decode(bytesOf(this)));
    } catch (error) {
      return Promise.reject(error);
    }
  },
  json(this: Request): Promise<unknown> {
    try {
      return Promise.resolve(JSON.parse(decoder.decode(bytesOf(this))));
    } catch (error) {
      return Promise.reject(error);
    }
  },
  bytes(this: Request): Promise<Uint8Array<ArrayBuffer>> {
    try {
      return Promise.resolve(copy(this));
    } catch (error) {
      return Promise.reject(error);
    }
  },
  arrayBuffer(this: Request): Promise<ArrayBuffer> {
    try {
      return Promise.resolve(copy(this).buffer);
    } catch (error) {
      return Promise.reject(error);
    }
  },
  blob(this: Request): Promise<Blob> {
    try {
      return Promise.resolve(
        new Blob([copy(this)], { type: this.headers.get("content-type") ?? "" }),
      );
    } catch (error) {
      return Promise.reject(error);
    }
  },
  formData(this: Request): Promise<FormData> {
    try {
      return this.clone().formData();
    } catch (error) {
      return Promise.reject(error);
    }
  },
  /** A request of its own, with the same URL, method, headers, signal and body. */
  clone(this: Request): Request {
    return new Request(this, { body: copy(this) });
  },
};

const accessors = {
  /** A stream of the whole body: the same one until it is read from, then a new one. */
  body: {
    get(this: Request): ReadableStream<Uint8Array<ArrayBuffer>> {
      const kept = this as Kept;
      bytesOf(this);
      return (kept[STREAM] ??= streamOf(this));
    },
  },
  /** Always `false`: the body can be read again. */
  bodyUsed: {
    get(this: Request): boolean {
      return false;
    },
  },
};

// One prototype per Request prototype met (the runtime's, a subclass's, or
// another realm's), and the last one met, which is nearly always the one.
const prototypes = new WeakMap<object, object>();
const keptPrototypes = new WeakSet<object>();
let lastOriginal: object | null = null;
let lastKept: object | null = null;

function keptPrototype(original: object): object {
  let kept = prototypes.get(original);
  if (kept === undefined) {
    kept = Object.create(original) as object;
    for (const [name, value] of Object.entries(methods)) {
      Object.defineProperty(kept, name, { value, writable: true, configurable: true });
    }
    for (const [name, { get }] of Object.entries(accessors)) {
      Object.defineProperty(kept, name, { get, configurable: true });
    }
    prototypes.set(original, kept);
    keptPrototypes.add(kept);
  }
  return kept;
}

/**
 * Lets `request`'s body be read again, any number of times: `text()`,
 * `json()`, `bytes()`, `arrayBuffer()`, `blob()`, `formData()`, `body` and
 * `clone()` give `bytes` as if nothing had read it, and `bodyUsed` is false.
 * The request stays a `Request` (`instanceof` and every other property work).
 */
export function keepBody(request: Request, bytes: Uint8Array): void {
  const original = Object.getPrototypeOf(request) as object;
  if (original !== lastOriginal) {
    lastOriginal = original;
    // A request given to fetch() twice already has the kept prototype.
    lastKept = keptPrototypes.has(original) ? original : keptPrototype(original);
  }
  // The prototype first, then the property: V8 caches that pair of shape changes best.
  if (lastKept !== original) Object.setPrototypeOf(request, lastKept);
  (request as Kept)[BYTES] = bytes;
}
