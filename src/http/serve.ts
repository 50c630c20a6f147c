/**
 * The one runtime-specific part: starting a server with `Deno.serve` or
 * `Bun.serve`. Everything else in this package uses web standards only.
 *
 * @module
 */
import { closesConnection, errorResponse } from "./_json_response.ts";

const DEFAULT_GRACE_PERIOD = 10_000;
/** How long the last answers of a shutdown past its grace period have to be sent (Bun). */
const FLUSH_MS = 1_000;

/**
 * A signal that can stop the server gracefully.
 *
 * @example Stop on Ctrl-C and on the orchestrator's signal
 * ```ts
 * import type { ShutdownSignal } from "@clustaar/webhook";
 *
 * const shutdownOn: ShutdownSignal[] = ["SIGINT", "SIGTERM"];
 * ```
 *
 * @category Serving
 */
export type ShutdownSignal = "SIGINT" | "SIGTERM" | "SIGHUP";

/**
 * Options of {@linkcode serve}.
 *
 * @example A free port on the loopback, stopped by an abort signal
 * ```ts
 * import { type ServeOptions, Webhook } from "@clustaar/webhook";
 *
 * const controller = new AbortController();
 * const options: ServeOptions = {
 *   port: 0,
 *   hostname: "127.0.0.1",
 *   signal: controller.signal,
 *   onListen: ({ hostname, port }) => console.log(`listening on http://${hostname}:${port}/`),
 * };
 * const server = new Webhook().serve(options);
 * controller.abort();
 * await server.finished;
 * ```
 *
 * @category Serving
 */
export interface ServeOptions {
  /** The port; `0` picks a free one (default 8000). */
  port?: number;
  /** The interface to listen on (default `"0.0.0.0"`). */
  hostname?: string;
  /** Aborting it shuts the server down gracefully. */
  signal?: AbortSignal;
  /** Process signals that shut the server down gracefully (default: none). */
  shutdownOn?: readonly ShutdownSignal[];
  /**
   * How long a shutdown lets requests in flight finish, in milliseconds
   * (default 10,000; `Infinity` waits for them all). Past it, the requests
   * still in flight get a 503 and the remaining connections are closed, so
   * that a stuck request cannot hold a shutdown forever.
   */
  gracePeriod?: number;
  /** Called once the server listens (default: nothing is printed). */
  onListen?: (address: { hostname: string; port: number }) => void;
  /**
   * Lets several processes listen on the same port, the kernel spreading
   * connections between them (Linux; default `false`): start one process per
   * core. Deno needs `--unstable-net` for it; `deno serve --parallel` is the
   * flag-free way there. See `examples/multicore.ts`.
   */
  reusePort?: boolean;
}

/**
 * Options of {@linkcode ServeHandle.shutdown}.
 *
 * @example Give requests in flight two seconds
 * ```ts
 * import { type ShutdownOptions, Webhook } from "@clustaar/webhook";
 *
 * const server = new Webhook().serve({ port: 0, hostname: "127.0.0.1" });
 * const options: ShutdownOptions = { gracePeriod: 2_000 };
 * await server.shutdown(options);
 * ```
 *
 * @category Serving
 */
export interface ShutdownOptions {
  /**
   * How long requests in flight may still take, in milliseconds (default: the
   * server's `gracePeriod`); a later call can shorten it, not lengthen it.
   */
  gracePeriod?: number;
}

/**
 * A running server.
 *
 * @example Post to the bound port, then shut down
 * ```ts
 * import { Webhook } from "@clustaar/webhook";
 *
 * const server = new Webhook().serve({ port: 0, hostname: "127.0.0.1" });
 * const response = await fetch(`http://127.0.0.1:${server.port}/`, { method: "GET" });
 * console.assert(response.status === 405);
 * await response.body?.cancel();
 * await server.shutdown();
 * ```
 *
 * @category Serving
 */
export interface ServeHandle {
  /** The bound port (the real one when `0` was asked). */
  readonly port: number;
  /** The bound interface. */
  readonly hostname: string;
  /** Resolves once the server has stopped. */
  readonly finished: Promise<void>;
  /**
   * Stops accepting connections, lets in-flight requests finish within the
   * grace period (past it, they get a 503 and their connections are closed),
   * then resolves. Calling it again returns the same promise.
   */
  shutdown(options?: ShutdownOptions): Promise<void>;
}

// The small slices of the runtimes' globals used here.
interface DenoServer {
  addr: { hostname: string; port: number };
  finished: Promise<void>;
  shutdown(): Promise<void>;
}
interface DenoGlobal {
  serve(
    options: {
      port: number;
      hostname: string;
      reusePort?: boolean;
      onListen: (address: { hostname: string; port: number }) => void;
      onError: (error: unknown) => Response;
    },
    handler: (request: Request) => Response | Promise<Response>,
  ): DenoServer;
  addSignalListener(signal: string, listener: () => void): void;
  removeSignalListener(signal: string, listener: () => void): void;
}
interface BunServer {
  port: number;
  hostname: string;
  stop(closeActiveConnections?: boolean): Promise<void> | void;
}
interface BunGlobal {
  serve(options: {
    port: number;
    hostname: string;
    reusePort?: boolean;
    fetch: (request: Request) => Response | Promise<Response>;
  }): BunServer;
}
interface ProcessGlobal {
  on(signal: string, listener: () => void): void;
  off(signal: string, listener: () => void): void;
}

/**
 * Serves `fetch` with the runtime's own HTTP server (Deno or Bun).
 *
 * @param fetch The request handler, e.g. a webhook's `fetch`.
 * @param options Port, hostname, abort signal, shutdown signals and their
 * grace period, `onListen` and `reusePort`.
 * @returns The running server.
 * @throws {Error} When the runtime is neither Deno nor Bun.
 *
 * @example Serve a handler on a free port
 * ```ts ignore
 * import { serve } from "@clustaar/webhook";
 * const server = serve(() => new Response("ok"), { port: 0 });
 * console.log(server.port);
 * await server.shutdown();
 * ```
 *
 * @category Serving
 */
export function serve(
  fetch: (request: Request) => Promise<Response>,
  options: ServeOptions = {},
): ServeHandle {
  const port = options.port ?? 8000;
  const hostname = options.hostname ?? "0.0.0.0";
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`Cannot serve: port must be an integer from 0 to 65535 (got ${port})`);
  }
  const grace = gracePeriod(options.gracePeriod, DEFAULT_GRACE_PERIOD);
  const g = globalThis as { Deno?: DenoGlobal; Bun?: BunGlobal; process?: ProcessGlobal };
  const inFlight = new InFlight(fetch);
  let server: RunningServer;
  if (g.Bun) server = serveBun(g.Bun, inFlight.fetch, port, hostname, options);
  else if (g.Deno) {
    inFlight.finishing = cutAfterBody;
    server = serveDeno(g.Deno, inFlight.fetch, port, hostname, options);
  } else {
    throw new Error(
      "Cannot serve: this runtime is neither Deno nor Bun; pass webhook.fetch to your server instead",
    );
  }
  let stopping: Promise<void> | undefined;
  let forceAt = Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const force = () => {
    timer = undefined;
    inFlight.answerAll();
    server.closeAll();
  };
  const handle: ServeHandle = {
    port: server.port,
    hostname: server.hostname,
    finished: server.finished,
    shutdown: (shutdownOptions?: ShutdownOptions) => {
      const period = gracePeriod(shutdownOptions?.gracePeriod, grace);
      stopping ??= server.stop().then(() => server.finished);
      const at = Date.now() + period;
      if (at < forceAt) {
        forceAt = at;
        if (timer !== undefined) clearTimeout(timer);
        if (Number.isFinite(period)) timer = setTimeout(force, period);
      }
      return stopping;
    },
  };
  server.finished.finally(() => {
    if (timer !== undefined) clearTimeout(timer);
  });
  const signals = options.shutdownOn ?? [];
  if (signals.length > 0) {
    const listener = () => void handle.shutdown();
    for (const signal of signals) addSignal(g, signal, listener);
    handle.finished.finally(() => {
      for (const signal of signals) removeSignal(g, signal, listener);
    });
  }
  if (options.signal) {
    if (options.signal.aborted) void handle.shutdown();
    else options.signal.addEventListener("abort", () => void handle.shutdown(), { once: true });
  }
  return handle;
}

/** What the shutdown needs of a runtime's server. */
interface RunningServer {
  readonly port: number;
  readonly hostname: string;
  readonly finished: Promise<void>;
  /** Stops accepting connections; resolves once the requests in flight are answered. */
  stop(): Promise<void>;
  /** Closes the connections left once the grace period is over. */
  closeAll(): void;
}

/**
 * The requests being answered. Deno's shutdown waits for every one of them
 * however long it takes, so past the grace period each gets a 503 from here
 * (what the webhook answers later is dropped).
 */
class InFlight {
  /** The requests being answered, in no order (removed by swapping with the last). */
  readonly #pending: Array<{ resolve: (response: Response) => void; index: number }> = [];
  /** What the runtime needs of an answer that ends its connection (Deno: see cutAfterBody). */
  finishing: (response: Response) => Response = (response) => response;

  constructor(readonly handler: (request: Request) => Promise<Response>) {}

  readonly fetch = (request: Request): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      const pending = this.#pending;
      const entry = { resolve, index: pending.length };
      pending.push(entry);
      // A swap with the last: cheaper than a Set (0.2 us a request on Deno).
      const settle = () => {
        if (entry.index < 0) return;
        const last = pending.pop()!;
        if (last !== entry) {
          pending[entry.index] = last;
          last.index = entry.index;
        }
        entry.index = -1;
      };
      try {
        this.handler(request).then(
          (response) => {
            settle();
            resolve(closesConnection(response) ? this.finishing(response) : response);
          },
          (error) => {
            settle();
            reject(error);
          },
        );
      } catch (error) {
        settle();
        reject(error);
      }
    });

  /**
   * Answers every request still in flight with a 503 that closes its
   * connection. Their bodies have arrived (a body still arriving is bounded
   * by the webhook's own bodyTimeout, whose 408 ends its connection).
   */
  answerAll(): void {
    const message = "Service unavailable: the server shut down before the answer was ready";
    for (const entry of this.#pending.splice(0)) {
      entry.index = -1;
      entry.resolve(errorResponse(503, message, { connection: "close" }));
    }
  }
}

/** The error that ends a connection on purpose (see {@linkcode cutAfterBody}). */
class ConnectionEnd extends Error {
  constructor() {
    super("Connection closed after its answer: the request's body never arrived whole");
    this.name = "ConnectionEnd";
  }
}

/**
 * `response` with a body that fails once it has been sent whole. Deno keeps
 * a connection whose request body never arrived whole open after the answer,
 * waiting for the rest (a stalled client would hold it, and a shutdown,
 * forever), and `Connection: close` does not change that; a body that fails
 * makes it close the connection. The client gets the status, the headers and
 * the body, then the end of the connection (no final chunk).
 */
function cutAfterBody(response: Response): Response {
  const reader = response.body?.getReader();
  return new Response(
    new ReadableStream<Uint8Array>({
      async pull(controller) {
        const chunk = reader === undefined ? undefined : await reader.read();
        if (chunk !== undefined && !chunk.done) controller.enqueue(chunk.value);
        else controller.error(new ConnectionEnd());
      },
      cancel(reason) {
        return reader?.cancel(reason);
      },
    }),
    { status: response.status, statusText: response.statusText, headers: response.headers },
  );
}

function serveDeno(
  deno: DenoGlobal,
  fetch: (request: Request) => Promise<Response>,
  port: number,
  hostname: string,
  options: ServeOptions,
): RunningServer {
  const server = deno.serve({
    port,
    hostname,
    reusePort: options.reusePort ?? false,
    onListen: (address) => options.onListen?.(address),
    onError: (error) => {
      // Deno's own default, except for the connections ended on purpose.
      if (!(error instanceof ConnectionEnd)) console.error(error);
      return new Response("Internal Server Error", { status: 500 });
    },
  }, fetch);
  return {
    port: server.addr.port,
    hostname: server.addr.hostname,
    finished: server.finished,
    stop: () => server.shutdown(),
    // Deno closes each connection once its (503) answer is sent.
    closeAll: () => {},
  };
}

function serveBun(
  bun: BunGlobal,
  fetch: (request: Request) => Promise<Response>,
  port: number,
  hostname: string,
  options: ServeOptions,
): RunningServer {
  const server = bun.serve({ port, hostname, reusePort: options.reusePort ?? false, fetch });
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  options.onListen?.({ hostname: server.hostname, port: server.port });
  let stopped: Promise<void> | undefined;
  return {
    port: server.port,
    hostname: server.hostname,
    finished,
    stop: () => (stopped ??= Promise.resolve(server.stop(false)).then(done)),
    // The 503s just given close their connections once sent; what is left then
    // (a response still streaming) is cut a moment later.
    closeAll: () => {
      const cut = setTimeout(
        () => void Promise.resolve(server.stop(true)).then(done, done),
        FLUSH_MS,
      );
      stopped?.finally(() => clearTimeout(cut));
    },
  };
}

/** A grace period option: a number of milliseconds from 0, `Infinity` included. */
function gracePeriod(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
    throw new RangeError(
      `Cannot serve: gracePeriod must be a number of milliseconds, 0 or more (got ${
        String(value)
      })`,
    );
  }
  return value;
}

function addSignal(
  g: { Deno?: DenoGlobal; process?: ProcessGlobal },
  signal: string,
  listener: () => void,
) {
  if (g.Deno && !("Bun" in g)) g.Deno.addSignalListener(signal, listener);
  else g.process?.on(signal, listener);
}

function removeSignal(
  g: { Deno?: DenoGlobal; process?: ProcessGlobal },
  signal: string,
  listener: () => void,
) {
  if (g.Deno && !("Bun" in g)) g.Deno.removeSignalListener(signal, listener);
  else g.process?.off(signal, listener);
}
