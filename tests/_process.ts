// Real processes and real connections for the end-to-end tests: servers
// started as processes and stopped with a deadline, free ports, plain HTTP
// and raw-socket clients that give up, and polling with a deadline.
import { Buffer } from "node:buffer";
import { type ChildProcess, spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import { connect, createServer } from "node:net";
import { join } from "node:path";
import assert from "node:assert/strict";
import { ROOT } from "./_helpers.ts";

/** The runtimes the end-to-end tests run servers under; Deno's takes extra permission flags. */
export const RUNTIMES = {
  deno: (script: string, ...flags: string[]) => [
    join(ROOT, "node_modules/.bin/deno"),
    "run",
    "--allow-net",
    "--allow-env",
    "--allow-read",
    ...flags,
    script,
  ],
  bun: (script: string) => [join(ROOT, "node_modules/.bin/bun"), "run", script],
} as const;

/** The runtime running this test file. */
export const RUNTIME: keyof typeof RUNTIMES = "Bun" in globalThis ? "bun" : "deno";

/** A server process and what it printed. */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** stdout and stderr, as they came. */
  output: () => string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Spawns `command` with `env` and resolves once it prints `http://host:port/`. */
export function startServer(
  command: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<ServerProcess> {
  const [program, ...args] = command;
  const child = spawn(program!, args, {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  let stdout = "";
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`Server did not start in time: ${text}`));
    }, timeoutMs);
    const onData = (chunk: string) => {
      text += chunk;
      const match = /http:\/\/[^:/\s]+:(\d+)\//.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve({
          child,
          port: Number(match[1]),
          output: () => text,
          stdout: () => stdout,
          stderr: () => stderr,
          exited,
        });
      }
    };
    child.stdout!.on("data", (chunk: Uint8Array) => {
      const decoded = new TextDecoder().decode(chunk);
      stdout += decoded;
      onData(decoded);
    });
    child.stderr!.on("data", (chunk: Uint8Array) => {
      const decoded = new TextDecoder().decode(chunk);
      stderr += decoded;
      onData(decoded);
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Server exited with ${code} before listening: ${text}`));
    });
  });
}

/**
 * Sends SIGTERM and waits, at most `ms` (then SIGKILL), for the exit code.
 * process.kill, not child.kill: under Deno, child.kill() reports the exit as a kill.
 */
export async function stop(
  server: Pick<ServerProcess, "child" | "exited">,
  ms = 20_000,
): Promise<number | null> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) {
    return await server.exited;
  }
  process.kill(server.child.pid!, "SIGTERM");
  const timer = setTimeout(() => server.child.kill("SIGKILL"), ms);
  try {
    return await server.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** The environment that turns every check of examples/server.ts on: Basic `bot` / `p:w`. */
export function secureExampleEnv(privateKey: string): Record<string, string> {
  return {
    PORT: "0",
    CLUSTAAR_PRIVATE_KEY: privateKey,
    CLUSTAAR_AUTH_USERNAME: "bot",
    CLUSTAAR_AUTH_PASSWORD: "p:w",
  };
}

/** The environment that turns every check of examples/server.ts off: no key, no credentials. */
export function openExampleEnv(): Record<string, string> {
  return {
    PORT: "0",
    CLUSTAAR_PRIVATE_KEY: "",
    CLUSTAAR_AUTH_USERNAME: "",
    CLUSTAAR_AUTH_PASSWORD: "",
  };
}

/**
 * Asserts that `text` has both warnings of examples/server.ts's securityWarnings(), each at the
 * start of a line (after the `[serve-worker-N ] ` that `deno serve --parallel` puts before it).
 */
export function assertSecurityWarnings(text: string): void {
  const line = "^(?:\\[serve-worker-\\d+ *\\] )?Warning: ";
  assert.match(
    text,
    new RegExp(`${line}CLUSTAAR_PRIVATE_KEY is not set: signatures are not checked`, "m"),
  );
  assert.match(
    text,
    new RegExp(`${line}CLUSTAAR_AUTH_USERNAME and CLUSTAAR_AUTH_PASSWORD are not set`, "m"),
  );
}

/** A free TCP port on 127.0.0.1 (free when asked: the caller binds it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * POSTs `body` with `headers` to 127.0.0.1:`port` on a new connection; resolves to
 * [status, x-instance]. Fails when no answer comes within `timeoutMs`.
 */
export function post(
  port: number,
  headers: Record<string, string>,
  body: string,
  timeoutMs = 10_000,
): Promise<[number, string]> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, method: "POST", path: "/", agent: false, headers },
      (res) => {
        res.resume();
        res.on("end", () => resolve([res.statusCode ?? 0, String(res.headers["x-instance"])]));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** A raw connection: what the server sent, and a way to close it. */
export interface RawConnection {
  /** What the server sent (latin1), once it closes the connection or, with `head`, once the head is complete. */
  response: Promise<string>;
  close: () => void;
}

/** Options of {@linkcode rawHttp}. */
export interface RawHttpOptions {
  /** Resolve as soon as the response's head is complete (`\r\n\r\n`), not at the close. */
  head?: boolean;
  /** Reject on a socket error, instead of resolving with what came so far. */
  rejectOnError?: boolean;
  /** Destroy the connection after this long without traffic (default 10 s). */
  timeoutMs?: number;
}

/**
 * Writes `request` exactly as given (strings as latin1) on a new connection to
 * 127.0.0.1:`port`, for what fetch() would not send.
 */
export function rawHttp(
  port: number,
  request: string | Uint8Array,
  options: RawHttpOptions = {},
): RawConnection {
  const { head = false, rejectOnError = false, timeoutMs = 10_000 } = options;
  const socket = connect(port, "127.0.0.1");
  socket.setEncoding("latin1");
  socket.setTimeout(
    timeoutMs,
    () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)),
  );
  let text = "";
  const response = new Promise<string>((resolve, reject) => {
    socket.on("data", (chunk: string) => {
      text += chunk;
      if (head && text.includes("\r\n\r\n")) resolve(text);
    });
    socket.on("close", () => resolve(text));
    socket.on("error", (error) => (rejectOnError ? reject(error) : resolve(text)));
  });
  socket.write(typeof request === "string" ? Buffer.from(request, "latin1") : request);
  return { response, close: () => socket.destroy() };
}

/** Waits until `ready()` is true, checking every `every` ms, at most `ms`; gives its last answer. */
export async function until(
  ready: () => boolean | Promise<boolean>,
  ms: number,
  every = 50,
): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < ms;) {
    if (await ready()) return true;
    await new Promise((resolve) => setTimeout(resolve, every));
  }
  return await ready();
}
