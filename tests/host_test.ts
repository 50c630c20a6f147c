// The Host header: routing and the path option use the request's own path,
// never what Host says, and a malformed Host is a 400 (bad_host) before
// anything else is read, on Deno, Bun and the Node adapter. Raw sockets send
// the exact Host (fetch() would not send most of these).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { type RejectReason, toNodeHandler, Webhook } from "../mod.ts";
import { isValidHost, requestPath } from "../src/http/_path.ts";
import { notificationFor } from "./_helpers.ts";
import { rawHttp, RUNTIMES, startServer } from "./_process.ts";

const GOOD_HOSTS = [
  "example.com",
  "example.com:8080",
  "EXAMPLE.com.",
  "webhook.example.fr:443",
  "localhost",
  "127.0.0.1",
  "127.0.0.1:8000",
  "[::1]",
  "[::1]:8000",
  "[2001:db8::7]:80",
  "xn--bcher-kva.example",
  "my_host.internal",
  "a-b.c-d",
];

const BAD_HOSTS = [
  "a b",
  "[",
  "[::1",
  "[1::2::3]",
  ":99999",
  "x:99999",
  "x:65536",
  "x:",
  ":80",
  "x:8o",
  "x:1:2",
  "127.0.0.1/clustaar?",
  "a/b",
  "a?b",
  "a#b",
  "a@b",
  "user@a",
  "a\\b",
  "a%41b",
  "a<b",
  "a|b",
  "1.2.3.256",
  "a.1",
  "a.0x1",
  "xn--",
  "\u00e9.com",
];

/** Sends `POST target` with exactly `host` as Host; resolves to the status and the body. */
async function rawPost(port: number, target: string, host: string): Promise<[number, string]> {
  const body = notificationFor();
  const text = await rawHttp(
    port,
    `POST ${target} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    { rejectOnError: true },
  ).response;
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
  const split = text.indexOf("\r\n\r\n");
  let answer = text.slice(split + 4);
  if (/^transfer-encoding: *chunked/im.test(text.slice(0, split))) answer = dechunk(answer);
  return [status, answer];
}

/** The body of a chunked message. */
function dechunk(text: string): string {
  let out = "";
  for (let at = 0;;) {
    const end = text.indexOf("\r\n", at);
    const size = parseInt(text.slice(at, end), 16);
    if (!(size > 0)) return out;
    out += text.slice(end + 2, end + 2 + size);
    at = end + 2 + size + 2;
  }
}

/** The path a 200 says the handler saw, or the error of a refusal. */
function outcome([status, body]: [number, string]): string {
  if (status === 200) {
    return `200 ${
      (JSON.parse(body) as { session: { values: { path: string } } }).session.values.path
    }`;
  }
  const error = /"error":"([^"]*)"/.exec(body)?.[1] ?? body;
  return `${status} ${error}`;
}

/** What every server must answer, whatever runs it. */
async function checkServer(port: number): Promise<void> {
  // The request's own path decides, whatever a valid Host says.
  assert.equal(outcome(await rawPost(port, "/clustaar", "127.0.0.1")), "200 /clustaar");
  assert.equal(outcome(await rawPost(port, "/clustaar?x=1", "example.com:8080")), "200 /clustaar");
  assert.equal(outcome(await rawPost(port, "/other", "127.0.0.1")), "404 Not found");
  // A Host that would move the path is malformed: refused, not routed.
  assert.equal(
    outcome(await rawPost(port, "/other", "127.0.0.1/clustaar?")),
    "400 The request's Host header is malformed",
  );
  for (const host of BAD_HOSTS) {
    const [status, body] = await rawPost(port, "/clustaar", host);
    // A server may refuse some itself first (400); never a 500, never a 200.
    assert.equal(status, 400, `Host ${JSON.stringify(host)}: ${status} ${body}`);
  }
}

describe("isValidHost()", () => {
  test("isValidHost() accepts names, IPv4 and IPv6 addresses, with a port up to 65535", () => {
    for (const host of GOOD_HOSTS) assert.equal(isValidHost(host), true, host);
  });

  test("isValidHost() refuses what is not a host: spaces, brackets, bad ports, path and userinfo characters", () => {
    for (const host of BAD_HOSTS) assert.equal(isValidHost(host), false, host);
    assert.equal(isValidHost(""), false);
    assert.equal(isValidHost("a".repeat(400)), false);
  });

  test("isValidHost() accepts only hosts the URL parser accepts, with the path left where it is", () => {
    const chars = [..."aZ09.-_~!$&'()*+,;=:[]/?#@% \\<>|^\"`{}x", "\u00e9", "\u0000", "\n"];
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...chars), maxLength: 12 }), (host) => {
        if (!isValidHost(host)) return true;
        return new URL(`http://${host}/path?q`).pathname === "/path";
      }),
      { numRuns: 20_000 },
    );
  });

  test("requestPath() finds the path after the Host the URL was built from", () => {
    assert.equal(
      requestPath("http://127.0.0.1/clustaar?/other?q", "127.0.0.1/clustaar?"),
      "/other",
    );
    assert.equal(requestPath("http://a b/x?y", "a b"), "/x");
    assert.equal(requestPath("/other?q", "a b"), "/other"); // Bun: a relative URL
    assert.equal(requestPath("http://example.com/x", "example.com:80"), "/x");
    assert.equal(requestPath("http://localhost:8000/x#f", null), "/x");
  });
});

describe("Webhook.fetch() and the Host header", () => {
  test("Webhook.fetch() answers 400 (bad_host) to a malformed Host, without onError and before credentials", async () => {
    const reasons: RejectReason[] = [];
    const errors: unknown[] = [];
    const app = new Webhook({
      authUsername: "u",
      authPassword: "p",
      onReject: ({ reason }) => reasons.push(reason),
      onError: (error) => errors.push(error),
    });
    app.on("conversation.step_reached", () => ({ actions: [] }));
    const response = await app.fetch(
      new Request("http://localhost/", {
        method: "POST",
        headers: { host: "a b" },
        body: notificationFor(),
      }),
    );
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: "The request's Host header is malformed" });
    assert.deepEqual(reasons, ["bad_host"]);
    assert.deepEqual(errors, []);
  });

  for (const [runtime, command] of Object.entries(RUNTIMES)) {
    test(`a webhook under ${runtime} routes by the request's path and refuses malformed Host headers`, async () => {
      const server = await startServer(command("tests/_hardened_server.ts"), {
        WEBHOOK_PATH: "/clustaar",
      });
      try {
        await checkServer(server.port);
      } finally {
        server.child.kill("SIGKILL");
      }
    });
  }

  test("toNodeHandler() routes by the request's path and refuses malformed Host headers", async () => {
    const errors: unknown[] = [];
    const app = new Webhook({ requestMaxAge: null, path: "/clustaar", logger: null });
    app.on("conversation.step_reached", (request) => ({
      actions: [],
      session: { values: { path: new URL(request.url).pathname } },
    }));
    const server = createServer(toNodeHandler(app, { onError: (error) => errors.push(error) }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      await checkServer((server.address() as AddressInfo).port);
      assert.deepEqual(errors, []);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
