/**
 * Serving a webhook from Node.js's `http` module, or Express and other
 * `(req, res)` frameworks, without importing `node:http`: the request body is
 * streamed into a web `Request` as the webhook reads it (so its body limit and
 * raw-byte signature check apply unchanged), and the web `Response` is
 * streamed back with back-pressure.
 *
 * @module
 */
import { quietly } from "../_thenable.ts";
import { isValidHost } from "./_path.ts";

/**
 * The parts of Node's `IncomingMessage` (or Express's `Request`) that are used.
 *
 * @category Serving
 */
export interface NodeRequest extends AsyncIterable<unknown> {
  /** The HTTP method. */
  method?: string;
  /** The request target, e.g. `/clustaar?x=1`. */
  url?: string;
  /** Express's full request target, when mounted under a router. */
  originalUrl?: string;
  /** The headers, lower-cased. */
  headers: Record<string, string | string[] | undefined>;
  /** The connection; TLS sockets have `encrypted: true`. */
  socket?: unknown;
  /** Whether the whole body has been received. */
  complete?: boolean;
  /** Whether the body stream has been read to its end (by this adapter or a middleware). */
  readableEnded?: boolean;
  /** A body already read by a middleware: only raw bytes (`express.raw()`) or text can be used. */
  body?: unknown;
}

/**
 * The parts of Node's `ServerResponse` (or Express's `Response`) that are used.
 *
 * @category Serving
 */
export interface NodeResponse {
  /** The status to send. */
  statusCode: number;
  /** The status text to send. */
  statusMessage?: string;
  /** Whether the head was sent. */
  headersSent?: boolean;
  /** Sets a header of the head. */
  setHeader(name: string, value: string | string[]): unknown;
  /** Writes a chunk of the body; `false` asks the writer to wait for `drain`. */
  write(chunk: Uint8Array): boolean;
  /** Ends the response. */
  end(): unknown;
  /** Listens once to `drain` or `close`. */
  once(event: "drain" | "close", listener: () => void): unknown;
  /** Stops listening. */
  off?(event: "drain" | "close", listener: () => void): unknown;
  /** Closes the connection at once. */
  destroy(error?: Error): unknown;
}

/**
 * What {@linkcode toNodeHandler} returns: a Node.js request listener.
 *
 * @example Mount it on node:http
 * ```ts
 * import { createServer } from "node:http";
 * import { type NodeHandler, toNodeHandler, Webhook } from "@clustaar/webhook";
 *
 * const handler: NodeHandler = toNodeHandler(new Webhook({ path: "/clustaar" }));
 * const server = createServer(handler);
 * ```
 *
 * @category Serving
 */
export type NodeHandler = (req: NodeRequest, res: NodeResponse) => Promise<void>;

/**
 * Something with a web `fetch` handler, such as a `Webhook` or a Hono app.
 *
 * @example Any object with a fetch method
 * ```ts
 * import { type FetchApp, toNodeHandler } from "@clustaar/webhook";
 *
 * const health: FetchApp = { fetch: () => Promise.resolve(Response.json({ ok: true })) };
 * const handler = toNodeHandler(health);
 * ```
 *
 * @category Serving
 */
export interface FetchApp {
  /** Answers one web request. */
  fetch(request: Request): Response | Promise<Response>;
}

/**
 * Options of {@linkcode toNodeHandler}.
 *
 * @example Report the adapter's failures to your logger
 * ```ts
 * import { toNodeHandler, Webhook } from "@clustaar/webhook";
 *
 * const handler = toNodeHandler(new Webhook(), {
 *   onError: (error) => console.error("webhook adapter:", error),
 * });
 * ```
 *
 * @category Serving
 */
export interface NodeHandlerOptions {
  /** Called when the adapter cannot answer (default: `console.error`); a 500 is sent if possible. */
  onError?: (error: unknown) => void;
}

const encoder = new TextEncoder();

function toBytes(chunk: unknown): Uint8Array {
  if (typeof chunk === "string") return encoder.encode(chunk);
  if (chunk instanceof Uint8Array) {
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  throw new TypeError("Cannot read the request body: a chunk is neither bytes nor text");
}

/** Copies Node's header object into web `Headers`. */
function webHeaders(headers: NodeRequest["headers"]): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name.startsWith(":")) continue;
    if (Array.isArray(value)) { for (const item of value) out.append(name, item); }
    else out.append(name, value);
  }
  return out;
}

/** The body of `req` as a stream that pulls one chunk at a time, only when the reader asks. */
function streamBody(req: NodeRequest, state: { cancelled: boolean }): ReadableStream<Uint8Array> {
  let iterator: AsyncIterator<unknown> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      iterator ??= req[Symbol.asyncIterator]();
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(toBytes(value));
    },
    cancel() {
      // The reader has seen enough (e.g. too large): stop pulling, but leave the
      // connection open for the answer; Node discards the rest of the body.
      state.cancelled = true;
    },
  }, { highWaterMark: 0 });
}

function requestBody(req: NodeRequest, state: { cancelled: boolean }): BodyInit | null {
  const body = req.body;
  if (body instanceof Uint8Array) return new Uint8Array(body);
  if (typeof body === "string") return body;
  if (req.readableEnded) {
    if (body !== undefined) {
      throw new TypeError(
        "Cannot read the request body: a middleware already parsed it (express.json()?); " +
          'mount the webhook before body parsers, or use express.raw({ type: "*/*" })',
      );
    }
    return null;
  }
  return streamBody(req, state);
}

/**
 * The request's URL: its path is the request target's, whatever the Host
 * header says. A malformed Host is left out of the URL (`localhost` stands
 * in), so that it can neither move the path nor make the URL invalid; it
 * stays in the headers, where the webhook refuses it (400, `bad_host`).
 */
function requestUrl(req: NodeRequest): string {
  const encrypted = (req.socket as { encrypted?: unknown } | null | undefined)?.encrypted === true;
  const hostHeader = req.headers.host;
  const host = Array.isArray(hostHeader) ? hostHeader[0] : hostHeader;
  const target = req.originalUrl ?? req.url ?? "/";
  return `${encrypted ? "https" : "http"}://${
    host !== undefined && isValidHost(host) ? host : "localhost"
  }${target.startsWith("/") ? target : `/${target}`}`;
}

async function writeBody(
  res: NodeResponse,
  body: ReadableStream<Uint8Array>,
  closed: () => boolean,
) {
  const reader = body.getReader();
  try {
    for (;;) {
      if (closed()) {
        await reader.cancel();
        return;
      }
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          const go = () => {
            res.off?.("drain", go);
            res.off?.("close", go);
            resolve();
          };
          res.once("drain", go);
          res.once("close", go);
        });
      }
    }
    res.end();
  } finally {
    reader.releaseLock();
  }
}

/**
 * Adapts a web `fetch` handler (a `Webhook`, a Hono app, ...) to Node.js's
 * `http.createServer` and to Express-style `(req, res)` routes.
 *
 * The request body is not buffered by the adapter: the webhook pulls it chunk
 * by chunk and stops at its `maxBodyBytes`, and it verifies the signature over
 * the exact bytes received. Mount it before any body parser (or after
 * `express.raw()`, whose bytes it uses). When the client disconnects, the
 * request's `signal` is aborted.
 *
 * @param app The application: anything with a `fetch(request)` method.
 * @param options Error reporting.
 * @returns A request listener that never rejects.
 *
 * @example Serve a webhook with node:http
 * ```ts
 * import { createServer } from "node:http";
 * import { events, toNodeHandler, Webhook } from "@clustaar/webhook";
 *
 * const app = new Webhook({ privateKey: "XXXXXXXXXX", path: "/clustaar" });
 * app.on(events.CONVERSATION_STEP_REACHED, () => ({ actions: [] }));
 * const server = createServer(toNodeHandler(app));
 * // server.listen(8000); or with Express: expressApp.post("/clustaar", toNodeHandler(app));
 * ```
 *
 * @category Serving
 */
export function toNodeHandler(app: FetchApp, options: NodeHandlerOptions = {}): NodeHandler {
  if (app === null || typeof app !== "object" || typeof app.fetch !== "function") {
    throw new TypeError("Cannot adapt the app: it must have a fetch(request) method");
  }
  const onError = options.onError ??
    ((error: unknown) => console.error("Clustaar webhook: Node adapter failed:", error));
  return async (req, res) => {
    const controller = new AbortController();
    let closed = false;
    res.once("close", () => {
      closed = true;
      controller.abort();
    });
    const state = { cancelled: false };
    try {
      const method = (req.method ?? "GET").toUpperCase();
      const body = method === "GET" || method === "HEAD" ? null : requestBody(req, state);
      const request = new Request(requestUrl(req), {
        method,
        headers: webHeaders(req.headers),
        body,
        signal: controller.signal,
        // Required by Node's fetch for a streamed body.
        duplex: "half",
      } as RequestInit);
      const response = await app.fetch(request);
      if (closed) {
        await response.body?.cancel();
        return;
      }
      res.statusCode = response.status;
      if (response.statusText) res.statusMessage = response.statusText;
      const cookies = response.headers.getSetCookie?.() ?? [];
      response.headers.forEach((value, name) => {
        if (name !== "set-cookie") res.setHeader(name, value);
      });
      if (cookies.length > 0) res.setHeader("set-cookie", cookies);
      // A body left unread (refused early, or too large): do not keep the connection.
      if (req.complete === false && (state.cancelled || !req.readableEnded)) {
        res.setHeader("connection", "close");
      }
      if (response.body === null || method === "HEAD") {
        await response.body?.cancel();
        res.end();
        return;
      }
      await writeBody(res, response.body, () => closed);
    } catch (error) {
      if (closed) return;
      quietly(() => onError(error)); // a failing onError must not keep the 500 from being sent
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.statusCode = 500;
      res.setHeader("content-type", "application/json; charset=utf-8");
      res.setHeader("connection", "close");
      res.write(encoder.encode('{"error":"Internal server error"}'));
      res.end();
    }
  };
}
