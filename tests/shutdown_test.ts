// Graceful shutdown: requests whose handler is still working when the server
// is told to stop all complete with 200, while new connections are refused.
// Handlers wait on a gate the test opens (SIGUSR2 for the process), so
// nothing depends on how long anything takes. Past the grace period, a
// request stuck in its handler or in a body that never ends gets a 503 and
// the server stops anyway.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { type StepReachedResponse, Webhook } from "../mod.ts";
import { notificationFor } from "./_helpers.ts";
import { rawHttp, RUNTIMES, type ServerProcess, startServer, until } from "./_process.ts";

const IN_FLIGHT = 6;
/** What each in-flight request must get: a 200 echoing its own session. */
const EVERY_ANSWER = Array.from(
  { length: IN_FLIGHT },
  (_, id) => [200, { actions: [], session: { values: { id } } }],
);

/** Resolves once a TCP connection to the port is refused (the listener is closed). */
async function refusesConnections(port: number): Promise<string> {
  // Closing the listener may take a turn of the server's event loop: try a few
  // times (a connection queued just before the close is reset, not served).
  let last = "";
  for (let attempt = 0; attempt < 200; attempt++) {
    last = await new Promise<string>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve("connected");
      });
      socket.once(
        "error",
        (error: Error & { code?: string }) => resolve(error.code ?? error.message),
      );
    });
    if (last !== "connected" && last !== "ECONNRESET") return last;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return last;
}

/** Resolves once the process has printed a line matching `pattern` (at most 20 s). */
async function printed(server: ServerProcess, pattern: RegExp): Promise<void> {
  await until(() => pattern.test(server.output()), 20_000, 10);
  assert.match(server.output(), pattern);
}

/** Sends a notification; resolves to the status and body, or the error's text (none within 30 s is one). */
function post(port: number, id: number): Promise<[number, unknown] | string> {
  return fetch(`http://127.0.0.1:${port}/`, {
    method: "POST",
    body: notificationFor("507f191e810c19729de860ea", { id }),
    signal: AbortSignal.timeout(30_000),
  }).then(async (response) => [response.status, await response.json()], (error) => String(error));
}

/** Opens a connection that sends a POST announcing 1,000 bytes and only the first few. */
function stalledBody(port: number): Promise<string> {
  return rawHttp(
    port,
    'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{"topic":',
    { timeoutMs: 30_000 },
  ).response;
}

/** Resolves with the exit code, or fails once `ms` have passed (a guard: the server should stop long before). */
function exitsWithin(server: ServerProcess, ms: number): Promise<number | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    server.exited,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still running: ${server.output()}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

describe("graceful shutdown", () => {
  for (const [runtime, command] of Object.entries(RUNTIMES)) {
    test(`a webhook process under ${runtime} finishes in-flight requests on SIGTERM and refuses new connections`, async () => {
      const server = await startServer(command("tests/_slow_server.ts"), { PORT: "0" });
      try {
        const requests = Array.from({ length: IN_FLIGHT }, (_, id) => post(server.port, id));
        await printed(server, new RegExp(`started ${IN_FLIGHT}\\b`));
        process.kill(server.child.pid!, "SIGTERM");
        await printed(server, /stopping/);
        assert.equal(await refusesConnections(server.port), "ECONNREFUSED");
        process.kill(server.child.pid!, "SIGUSR2"); // the handlers may answer now
        const results = await Promise.all(requests);
        assert.deepEqual(results, EVERY_ANSWER);
        assert.equal(await exitsWithin(server, 30_000), 0, server.output());
        assert.match(server.output(), /stopped/);
      } finally {
        server.child.kill("SIGKILL");
      }
    });
  }

  for (const [runtime, command] of Object.entries(RUNTIMES)) {
    test(`a webhook process under ${runtime} stops on SIGTERM after its grace period, though a handler never answers and a body never ends`, async () => {
      const server = await startServer(command("tests/_stuck_server.ts"), { GRACE_MS: "300" });
      try {
        const stuck = fetch(`http://127.0.0.1:${server.port}/`, {
          method: "POST",
          body: notificationFor(),
          signal: AbortSignal.timeout(30_000),
        }).then((response) => response.status, (error) => String(error));
        await printed(server, /started 1\b/);
        const stalled = stalledBody(server.port);
        await printed(server, /received 2\b/);
        process.kill(server.child.pid!, "SIGTERM");
        assert.equal(await exitsWithin(server, 30_000), 0, server.output());
        assert.match(server.output(), /stopping[\s\S]*stopped/);
        assert.equal(await stuck, 503);
        // Deno's shutdown makes the unfinished body unreadable at once (400);
        // Bun lets it wait, then the grace period ends it (503).
        assert.match(await stalled, /^HTTP\/1\.1 (400|503) /);
      } finally {
        server.child.kill("SIGKILL");
      }
    });
  }

  test("Webhook.serve() shutdown({ gracePeriod }) answers a request still in its handler with 503 once the period is over", async () => {
    const app = new Webhook({ requestMaxAge: null, logger: null });
    let started!: () => void;
    const inHandler = new Promise<void>((resolve) => (started = resolve));
    app.on("conversation.step_reached", () => {
      started();
      return new Promise<never>(() => {});
    });
    const server = app.serve({ port: 0, hostname: "127.0.0.1", gracePeriod: 60_000 });
    const request = fetch(`http://127.0.0.1:${server.port}/`, {
      method: "POST",
      body: notificationFor(),
      signal: AbortSignal.timeout(10_000),
    });
    await inHandler;
    const stopping = server.shutdown();
    assert.equal(
      server.shutdown({ gracePeriod: 50 }),
      stopping,
      "a shorter period, the same promise",
    );
    const response = await request;
    assert.equal(response.status, 503);
    assert.deepEqual(await response.json(), {
      error: "Service unavailable: the server shut down before the answer was ready",
    });
    await stopping;
    await server.finished;
  });

  test("Webhook.serve() refuses a grace period that is not a number of milliseconds", () => {
    const app = new Webhook();
    for (const gracePeriod of [-1, Number.NaN, "10" as unknown as number]) {
      assert.throws(() => app.serve({ port: 0, gracePeriod }), RangeError);
    }
  });

  test("Webhook.serve() shutdown() lets in-flight requests finish with 200 and refuses new connections", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    let allStarted!: () => void;
    const everyoneIn = new Promise<void>((resolve) => (allStarted = resolve));
    const app = new Webhook({ requestMaxAge: null });
    app.on(
      "conversation.step_reached",
      async (_request, _response, notification): Promise<StepReachedResponse> => {
        if (++started === IN_FLIGHT) allStarted();
        await gate;
        return { actions: [], session: notification.event.session };
      },
    );
    const server = app.serve({ port: 0, hostname: "127.0.0.1" });
    const requests = Array.from({ length: IN_FLIGHT }, (_, id) => post(server.port, id));
    await everyoneIn;
    const stopping = server.shutdown();
    assert.equal(server.shutdown(), stopping, "shutdown() twice gives the same promise");
    assert.equal(await refusesConnections(server.port), "ECONNREFUSED");
    release();
    const results = await Promise.all(requests);
    assert.deepEqual(results, EVERY_ANSWER);
    await stopping;
    await server.finished;
  });

  test("Webhook.serve() shuts down when its abort signal fires", async () => {
    const controller = new AbortController();
    const app = new Webhook({ requestMaxAge: null });
    app.on("conversation.step_reached", () => ({ actions: [] }));
    const server = app.serve({ port: 0, hostname: "127.0.0.1", signal: controller.signal });
    const before = await post(server.port, 1);
    assert.deepEqual(before, [200, { actions: [] }]);
    controller.abort();
    await server.finished;
    assert.equal(await refusesConnections(server.port), "ECONNREFUSED");
  });
});
