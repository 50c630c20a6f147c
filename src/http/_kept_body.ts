// The body user code reads: the webhook has read the request's body to check
// its signature, and gives it back so that `await request.json()` works in a
// handler (or a filter, onReject, onError), as many times as it likes, as
// `request.data` does in the Python framework.
//
// User code gets a Proxy of the request: every property is the request's
// own, except the body's (text, json, bytes, arrayBuffer, blob, formData,
// body, bodyUsed, clone), which read the kept bytes. Nothing is copied or
// decoded until a read; the cost for code that never reads is one small
// object. Changing the request's prototype instead cost Deno 1.5 to 2 us a
// request (V8's setPrototypeOf is slow), own properties more.
import { resolved } from "../_thenable.ts";

const KEPT: unique symbol = Symbol("clustaar.keptRequest");

/** A request whose body the webhook read. */
interface Kept extends Request {
  [KEPT]?: Request;
}

const decoder = new TextDecoder();

/** The proxy's traps, with the bytes and what was made from them. */
class KeptBody implements ProxyHandler<Request> {
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | undefined = undefined;
  #methods: Map<PropertyKey, unknown> | undefined = undefined;

  constructor(readonly bytes: Uint8Array) {}

  get(target: Request, property: PropertyKey): unknown {
    switch (property) {
      case "bodyUsed":
        return false; // the body can be read again
      case "body":
        return (this.#stream ??= this.#streamOf());
      case "text":
      case "json":
      case "bytes":
      case "arrayBuffer":
      case "blob":
      case "formData":
      case "clone": {
        // The same function each time, as on a real request.
        const methods = this.#methods ??= new Map();
        let method = methods.get(property);
        if (method === undefined) methods.set(property, method = this.#method(target, property));
        return method;
      }
    }
    const value = Reflect.get(target, property, target);
    // Native methods check their receiver: call them on the request itself.
    return typeof value === "function" ? value.bind(target) : value;
  }

  /** A fresh copy, so that a caller changing it changes nothing else. */
  #copy(): Uint8Array<ArrayBuffer> {
    return new Uint8Array(this.bytes);
  }

  #method(target: Request, name: string): (...args: unknown[]) => unknown {
    switch (name) {
      case "text":
        return () => resolved(() => decoder.decode(this.bytes));
      case "json":
        return () => resolved(() => JSON.parse(decoder.decode(this.bytes)) as unknown);
      case "bytes":
        return () => resolved(() => this.#copy());
      case "arrayBuffer":
        return () => resolved(() => this.#copy().buffer);
      case "blob":
        return () =>
          resolved(() =>
            new Blob([this.#copy()], { type: target.headers.get("content-type") ?? "" })
          );
      case "formData":
        return () => this.#clone(target).formData();
      default: // clone
        return () => this.#clone(target);
    }
  }

  /** A request of its own, with the same URL, method, headers, signal and body. */
  #clone(target: Request): Request {
    return new Request(target, { body: this.#copy() });
  }

  /** A byte stream of the whole body: the same one until it is read from, then a new one. */
  #streamOf(): ReadableStream<Uint8Array<ArrayBuffer>> {
    const stream: ReadableStream<Uint8Array<ArrayBuffer>> = new ReadableStream({
      type: "bytes",
      pull: (controller) => {
        if (this.#stream === stream) this.#stream = undefined;
        const bytes = this.#copy();
        if (bytes.byteLength > 0) controller.enqueue(bytes);
        controller.close();
        // A reader's own buffer still waiting (an empty body): hand it back, done.
        controller.byobRequest?.respond(0);
      },
    });
    return stream;
  }
}

/**
 * Keeps `bytes` as `request`'s body for user code: {@linkcode keptRequest}
 * then gives the request with its body readable again. One symbol store.
 */
export function keepBody(request: Request, bytes: Uint8Array): void {
  (request as Kept)[KEPT] = new Proxy(request, new KeptBody(bytes));
}

/**
 * The request as user code gets it: after {@linkcode keepBody}, one whose
 * `text()`, `json()`, `bytes()`, `arrayBuffer()`, `blob()`, `formData()`,
 * `body` and `clone()` give the kept bytes as if nothing had read them, and
 * whose `bodyUsed` is false; before, the request itself. It stays a
 * `Request` for `instanceof`, and every other property is the request's.
 */
export function keptRequest(request: Request): Request {
  return (request as Kept)[KEPT] ?? request;
}
