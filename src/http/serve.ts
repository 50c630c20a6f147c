/**
 * The one runtime-specific part: starting a server with `Deno.serve` or
 * `Bun.serve`. Everything else in this package uses web standards only.
 *
 * @module
 */

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
   * Stops accepting connections, lets in-flight requests finish, then resolves.
   * Calling it again returns the same promise.
   */
  shutdown(): Promise<void>;
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
 * @param options Port, hostname, abort signal, shutdown signals.
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
  const g = globalThis as { Deno?: DenoGlobal; Bun?: BunGlobal; process?: ProcessGlobal };
  let handle: ServeHandle;
  if (g.Bun) handle = serveBun(g.Bun, fetch, port, hostname, options);
  else if (g.Deno) handle = serveDeno(g.Deno, fetch, port, hostname, options);
  else {
    throw new Error(
      "Cannot serve: this runtime is neither Deno nor Bun; pass webhook.fetch to your server instead",
    );
  }
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

function serveDeno(
  deno: DenoGlobal,
  fetch: (request: Request) => Promise<Response>,
  port: number,
  hostname: string,
  options: ServeOptions,
): ServeHandle {
  const server = deno.serve({
    port,
    hostname,
    reusePort: options.reusePort ?? false,
    onListen: (address) => options.onListen?.(address),
  }, fetch);
  let stopping: Promise<void> | undefined;
  return {
    port: server.addr.port,
    hostname: server.addr.hostname,
    finished: server.finished,
    shutdown: () => (stopping ??= server.shutdown().then(() => server.finished)),
  };
}

function serveBun(
  bun: BunGlobal,
  fetch: (request: Request) => Promise<Response>,
  port: number,
  hostname: string,
  options: ServeOptions,
): ServeHandle {
  const server = bun.serve({ port, hostname, reusePort: options.reusePort ?? false, fetch });
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  let stopping: Promise<void> | undefined;
  options.onListen?.({ hostname: server.hostname, port: server.port });
  return {
    port: server.port,
    hostname: server.hostname,
    finished,
    shutdown: () => (stopping ??= Promise.resolve(server.stop(false)).then(done)),
  };
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
