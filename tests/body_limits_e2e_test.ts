// Bodies that do not arrive, against real servers: header-only requests
// announcing 1 MiB hold a few kilobytes each, not what they announce (Deno
// used to reserve it: 800 connections took a server from 47 MB to 878 MB),
// and a body that never ends gets a 408 once bodyTimeout has passed, on Deno,
// Bun and through the Node adapter.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type RejectReason, toNodeHandler, Webhook } from "../mod.ts";
import { type RawConnection, rawHttp, RUNTIMES, startServer } from "./_process.ts";

const CONNECTIONS = 300;
/** Growth allowed per hundred header-only connections (measured: about 4 MB on Deno, 2 on Bun; 104 before). */
const MAX_MB_PER_HUNDRED = 8;

/**
 * Opens a connection that sends the head of a POST announcing `length` bytes, then `sent`;
 * `response` is the head of the answer. The connection is destroyed after `timeoutMs` of silence.
 */
function hold(port: number, length: number, sent = "", timeoutMs = 10_000): RawConnection {
  return rawHttp(
    port,
    `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n${sent}`,
    { head: true, timeoutMs },
  );
}

async function memory(port: number): Promise<{ rss: number; pending: number }> {
  const response = await fetch(`http://127.0.0.1:${port}/__memory`, {
    signal: AbortSignal.timeout(10_000),
  });
  return await response.json() as { rss: number; pending: number };
}

describe("bodies that do not arrive, on real servers", () => {
  for (const [runtime, command] of Object.entries(RUNTIMES)) {
    test(`a webhook under ${runtime} holds a few MB per hundred connections announcing 1 MiB and sending nothing`, async () => {
      const server = await startServer(command("tests/_hardened_server.ts"));
      const held: Array<{ close: () => void }> = [];
      try {
        // Warm up (compilation, first allocations), then measure.
        for (let i = 0; i < 50; i++) {
          await (await fetch(`http://127.0.0.1:${server.port}/`, {
            method: "POST",
            body: "{}",
            signal: AbortSignal.timeout(10_000),
          })).text();
        }
        const before = await memory(server.port);
        // Held to the end of the test: a silence deadline well past what it takes.
        for (let i = 0; i < CONNECTIONS; i++) {
          held.push(hold(server.port, 1024 * 1024, "", 120_000));
        }
        let now = await memory(server.port);
        for (let i = 0; i < 400 && now.pending < CONNECTIONS; i++) {
          await new Promise((resolve) => setTimeout(resolve, 25));
          now = await memory(server.port);
        }
        assert.equal(now.pending, CONNECTIONS, "every connection reached the webhook");
        const after = await memory(server.port);
        const perHundred = (after.rss - before.rss) / 2 ** 20 / (CONNECTIONS / 100);
        assert.ok(
          perHundred < MAX_MB_PER_HUNDRED,
          `RSS grew by ${perHundred.toFixed(1)} MB per hundred connections`,
        );
      } finally {
        for (const connection of held) connection.close();
        server.child.kill("SIGKILL");
      }
    });

    test(`a webhook under ${runtime} answers 408 to a body that never ends`, async () => {
      const server = await startServer(command("tests/_hardened_server.ts"), {
        BODY_TIMEOUT_MS: "200",
      });
      try {
        for (const length of [100, 100_000]) { // read in one go, and streamed
          const connection = hold(server.port, length, '{"topic":');
          const head = await connection.response;
          connection.close();
          assert.match(head, /^HTTP\/1\.1 408 /, `${length}: ${head}`);
          assert.match(head, /did not arrive within 200 ms/);
        }
      } finally {
        server.child.kill("SIGKILL");
      }
    });
  }

  test("toNodeHandler() answers 408 to a body that never ends, and closes the connection", async () => {
    const reasons: RejectReason[] = [];
    const app = new Webhook({
      requestMaxAge: null,
      bodyTimeout: 200,
      onReject: ({ reason }) => reasons.push(reason),
    });
    app.on("conversation.step_reached", () => ({ actions: [] }));
    const server = createServer(toNodeHandler(app));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const connection = hold(port, 100_000, '{"topic":');
      const head = await connection.response;
      connection.close();
      assert.match(head, /^HTTP\/1\.1 408 /, head);
      assert.match(head, /connection: close/i);
      assert.deepEqual(reasons, ["body_timeout"]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
