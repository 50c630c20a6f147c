// Adapters: toNodeHandler (node:http under Deno and Bun, and fakes for the
// streaming edge cases), a webhook mounted in a Hono app, and the default
// export that `deno serve`, Bun, Deno Deploy and Cloudflare Workers run.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import {
  type NodeRequest,
  type NodeResponse,
  type RejectReason,
  SendTextAction,
  toNodeHandler,
  Webhook,
} from "../mod.ts";
import { createNotification, createSignedRequest } from "../src/testing/mod.ts";
import honoApp, { webhook as honoWebhook } from "../examples/hono.ts";
import deployApp from "../examples/deploy.ts";
import { ROOT } from "./_helpers.ts";

const KEY = "adapter-secret";
const encoder = new TextEncoder();

function webhook(options: ConstructorParameters<typeof Webhook>[0] = {}) {
  const reasons: RejectReason[] = [];
  const app = new Webhook({
    privateKey: KEY,
    onReject: ({ reason }) => reasons.push(reason),
    ...options,
  });
  app.on("conversation.step_reached", (_request, response, notification) => {
    response.headers.append("set-cookie", "a=1");
    response.headers.append("set-cookie", "b=2");
    return { actions: [SendTextAction({ alternatives: [notification.event.step.id] })] };
  });
  return { app, reasons };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(
      0,
      "127.0.0.1",
      () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    )
  );
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
  });
}

/** Sends a signed request to a real server with fetch. */
async function post(url: string, options: { body?: string; privateKey?: string } = {}) {
  const signed = await createSignedRequest({
    privateKey: options.privateKey ?? KEY,
    body: options.body,
  });
  const body = await signed.text();
  return await fetch(url, { method: "POST", headers: signed.headers, body });
}

/** A fake Node request: its body comes from `chunks`; `pulled` counts the bytes read. */
function fakeRequest(chunks: Uint8Array[], extra: Partial<NodeRequest> = {}) {
  const state = { pulled: 0 };
  const req: NodeRequest = {
    method: "POST",
    url: "/",
    headers: { host: "example.com" },
    complete: false,
    readableEnded: false,
    async *[Symbol.asyncIterator]() {
      for (const chunk of chunks) {
        state.pulled += chunk.byteLength;
        yield chunk;
      }
      req.complete = true;
      req.readableEnded = true;
    },
    ...extra,
  };
  return { req, state };
}

/** A fake Node response that records what is sent; `write` can ask to wait for drain. */
function fakeResponse(options: { slow?: boolean } = {}) {
  const listeners = new Map<string, Array<() => void>>();
  const sent = {
    headers: {} as Record<string, string | string[]>,
    chunks: [] as Uint8Array[],
    ended: false,
    waits: 0,
  };
  const res: NodeResponse & { emit(event: string): void } = {
    statusCode: 200,
    headersSent: false,
    setHeader(name, value) {
      sent.headers[name] = value;
    },
    write(chunk) {
      res.headersSent = true;
      sent.chunks.push(chunk);
      if (!options.slow) return true;
      sent.waits++;
      setTimeout(() => res.emit("drain"), 1);
      return false;
    },
    end() {
      res.headersSent = true;
      sent.ended = true;
    },
    once(event, listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    },
    off(event, listener) {
      listeners.set(event, (listeners.get(event) ?? []).filter((l) => l !== listener));
    },
    destroy() {
      res.emit("close");
    },
    emit(event) {
      const list = listeners.get(event) ?? [];
      listeners.set(event, []);
      for (const listener of list) listener();
    },
  };
  return { res, sent, text: () => new TextDecoder().decode(concat(sent.chunks)) };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

describe("toNodeHandler() on node:http", () => {
  test("toNodeHandler() serves a signed notification with the webhook's answer and headers", async () => {
    const { app } = webhook({ path: "/clustaar" });
    const server = createServer(toNodeHandler(app));
    const base = await listen(server);
    try {
      const body = JSON.stringify(createNotification({ data: { step: { id: "s-1" } } }));
      const response = await post(`${base}/clustaar?from=test`, { body });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("content-type"), "application/json; charset=utf-8");
      assert.deepEqual(response.headers.getSetCookie(), ["a=1", "b=2"]);
      assert.deepEqual(await response.json(), {
        actions: [{ type: "send_text_action", alternatives: ["s-1"] }],
      });
    } finally {
      await close(server);
    }
  });

  test("toNodeHandler() keeps the webhook's refusals: path, method, signature", async () => {
    const { app, reasons } = webhook({ path: "/clustaar" });
    const server = createServer(toNodeHandler(app));
    const base = await listen(server);
    try {
      const elsewhere = await post(`${base}/other`);
      assert.equal(elsewhere.status, 404);
      await elsewhere.body?.cancel();
      const get = await fetch(`${base}/clustaar`);
      assert.equal(get.status, 405);
      assert.equal(get.headers.get("allow"), "POST");
      await get.body?.cancel();
      const forged = await post(`${base}/clustaar`, { privateKey: "forged" });
      assert.equal(forged.status, 400);
      assert.deepEqual(await forged.json(), { error: "The request's signature is invalid." });
      assert.deepEqual(reasons, ["no_route", "method", "signature"]);
    } finally {
      await close(server);
    }
  });

  test("toNodeHandler() refuses an announced body over the limit with 413 and closes the connection", async () => {
    const { app, reasons } = webhook({ maxBodyBytes: 64 });
    const server = createServer(toNodeHandler(app));
    const base = await listen(server);
    try {
      const { status, headers, body } = await new Promise<
        { status: number; headers: Record<string, unknown>; body: string }
      >(
        (resolve, reject) => {
          const req = httpRequest(`${base}/`, {
            method: "POST",
            headers: { "content-length": "100000" },
          }, (res) => {
            let text = "";
            res.on("data", (chunk) => (text += chunk));
            res.on(
              "end",
              () => resolve({ status: res.statusCode!, headers: res.headers, body: text }),
            );
          });
          req.on("error", reject);
          req.write("x".repeat(1000));
        },
      );
      assert.equal(status, 413);
      assert.equal(headers.connection, "close");
      assert.deepEqual(JSON.parse(body), {
        error: "Request body is too large: the limit is 64 bytes",
      });
      assert.deepEqual(reasons, ["too_large"]);
    } finally {
      await close(server);
    }
  });
});

describe("toNodeHandler() streaming", () => {
  test("toNodeHandler() stops pulling a chunked body at the webhook's limit", async () => {
    const { app, reasons } = webhook({ maxBodyBytes: 1000 });
    const chunk = encoder.encode("x".repeat(300));
    const { req, state } = fakeRequest(Array.from({ length: 100 }, () => chunk));
    const { res, sent, text } = fakeResponse();
    await toNodeHandler(app)(req, res);
    assert.equal(res.statusCode, 413);
    assert.equal(sent.headers.connection, "close");
    assert.ok(state.pulled <= 1000 + 300, `pulled ${state.pulled} bytes`);
    assert.match(text(), /too large/);
    assert.deepEqual(reasons, ["too_large"]);
  });

  test("toNodeHandler() verifies the signature over the exact bytes streamed in pieces", async () => {
    const { app } = webhook();
    const signed = await createSignedRequest({
      privateKey: KEY,
      notification: createNotification(),
    });
    const bytes = new Uint8Array(await signed.arrayBuffer());
    const pieces = [bytes.subarray(0, 7), bytes.subarray(7, 8), bytes.subarray(8)];
    const headers = Object.fromEntries(signed.headers);
    const { req } = fakeRequest(pieces, { headers: { ...headers, host: "example.com" } });
    const { res, text } = fakeResponse();
    await toNodeHandler(app)(req, res);
    assert.equal(res.statusCode, 200, text());
  });

  test("toNodeHandler() uses a body already read as raw bytes, as express.raw() leaves it", async () => {
    const { app } = webhook();
    const signed = await createSignedRequest({ privateKey: KEY });
    const bytes = new Uint8Array(await signed.arrayBuffer());
    const { req } = fakeRequest([], {
      headers: Object.fromEntries(signed.headers),
      body: bytes,
      complete: true,
      readableEnded: true,
    });
    const { res } = fakeResponse();
    await toNodeHandler(app)(req, res);
    assert.equal(res.statusCode, 200);
  });

  test("toNodeHandler() answers 500 and explains a body already parsed by a middleware", async () => {
    const { app } = webhook();
    const errors: unknown[] = [];
    const { req } = fakeRequest([], { body: { topic: "x" }, complete: true, readableEnded: true });
    const { res, text } = fakeResponse();
    await toNodeHandler(app, { onError: (error) => errors.push(error) })(req, res);
    assert.equal(res.statusCode, 500);
    assert.deepEqual(JSON.parse(text()), { error: "Internal server error" });
    assert.match(String(errors[0]), /already parsed it \(express\.json\(\)\?\)/);
  });

  test("toNodeHandler() still answers 500 when its onError throws or rejects", async () => {
    const { app } = webhook();
    for (
      const onError of [
        () => {
          throw new Error("onError failed");
        },
        () => Promise.reject(new Error("onError rejected")),
      ]
    ) {
      const { req } = fakeRequest([], {
        body: { topic: "x" },
        complete: true,
        readableEnded: true,
      });
      const { res, text } = fakeResponse();
      await toNodeHandler(app, { onError })(req, res);
      assert.equal(res.statusCode, 500);
      assert.deepEqual(JSON.parse(text()), { error: "Internal server error" });
    }
  });

  test("toNodeHandler() waits for drain when the response is slow to write", async () => {
    const big = "y".repeat(200_000);
    const app = { fetch: () => new Response(new Blob([big, big]).stream()) };
    const { req } = fakeRequest([], { method: "GET" });
    const { res, sent, text } = fakeResponse({ slow: true });
    await toNodeHandler(app)(req, res);
    assert.equal(sent.ended, true);
    assert.ok(sent.waits >= 1);
    assert.equal(text().length, 400_000);
  });

  test("toNodeHandler() aborts the request's signal when the client goes away", async () => {
    let aborted = false;
    const { res, sent } = fakeResponse();
    const app = {
      fetch: (request: Request) =>
        new Promise<Response>((resolve) => {
          request.signal.addEventListener("abort", () => {
            aborted = true;
            resolve(new Response("late"));
          });
          res.emit("close");
        }),
    };
    const { req } = fakeRequest([], { method: "GET" });
    await toNodeHandler(app)(req, res);
    assert.equal(aborted, true);
    assert.equal(sent.ended, false);
  });

  test("toNodeHandler() refuses an app without fetch", () => {
    assert.throws(() => toNodeHandler({} as never), TypeError);
  });
});

describe("Hono integration (examples/hono.ts)", () => {
  test("a webhook mounted on a Hono route answers signed notifications on its path only", async () => {
    const reasons: RejectReason[] = [];
    const app = new Webhook({
      privateKey: KEY,
      path: "/clustaar",
      onReject: ({ reason }) => reasons.push(reason),
    });
    app.on("conversation.step_reached", () => ({ actions: [] }));
    const { Hono } = await import("hono");
    const hono = new Hono();
    hono.post("/clustaar", (c) => app.fetch(c.req.raw));
    hono.post("/elsewhere", (c) => app.fetch(c.req.raw));
    const ok = await hono.request(
      await createSignedRequest({ privateKey: KEY, url: "http://localhost/clustaar" }),
    );
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { actions: [] });
    const wrongPath = await hono.request(
      await createSignedRequest({ privateKey: KEY, url: "http://localhost/elsewhere" }),
    );
    assert.equal(wrongPath.status, 404);
    const unsigned = await hono.request(
      await createSignedRequest({ url: "http://localhost/clustaar" }),
    );
    assert.equal(unsigned.status, 400);
    assert.deepEqual(reasons, ["no_route", "signature"]);
  });

  test("examples/hono.ts serves its own routes and the webhook on /clustaar", async () => {
    const health = await honoApp.request("/health");
    assert.deepEqual(await health.json(), { ok: true });
    const response = await honoApp.request(
      await createSignedRequest({ url: "http://localhost/clustaar" }),
    );
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      actions: [{ type: "send_text_action", alternatives: ["hello from Hono"] }],
      session: { values: { name: "tintin" } },
    });
    assert.equal((await honoApp.request("/clustaar")).status, 404); // GET: no Hono route
    assert.equal(honoWebhook.routes.length, 1);
  });
});

describe("default export (examples/deploy.ts)", () => {
  test("the default export's fetch works detached and with Workers' extra arguments", async () => {
    const { fetch: handler } = deployApp;
    const call = handler as (request: Request, env: unknown, ctx: unknown) => Promise<Response>;
    const response = await call(await createSignedRequest(), {}, { waitUntil() {} });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      actions: [{ type: "send_text_action", alternatives: ["hello", "bye"] }],
      session: { values: { name: "tintin" } },
    });
  });

  const servers = {
    "deno serve": {
      command: [
        join(ROOT, "node_modules/.bin/deno"),
        "serve",
        "--allow-env",
        "--port",
        "0",
        "examples/deploy.ts",
      ],
      env: {},
    },
    bun: {
      command: [join(ROOT, "node_modules/.bin/bun"), "run", "examples/deploy.ts"],
      env: { PORT: "0" },
    },
  };
  for (const [name, { command, env }] of Object.entries(servers)) {
    test(`examples/deploy.ts run by ${name} answers a signed request`, async () => {
      const child = spawn(command[0]!, command.slice(1), {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: "1", CLUSTAAR_PRIVATE_KEY: KEY, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
      try {
        const port = await new Promise<number>((resolve, reject) => {
          let output = "";
          const timer = setTimeout(
            () => reject(new Error(`No address printed: ${output}`)),
            20_000,
          );
          const onData = (chunk: Uint8Array) => {
            output += new TextDecoder().decode(chunk);
            const match = /http:\/\/[^\s:/]+:(\d+)/.exec(output);
            if (match) {
              clearTimeout(timer);
              resolve(Number(match[1]));
            }
          };
          child.stdout!.on("data", onData);
          child.stderr!.on("data", onData);
          exited.then(() => reject(new Error(`Exited before listening: ${output}`)));
        });
        const ok = await post(`http://127.0.0.1:${port}/`);
        assert.equal(ok.status, 200);
        assert.equal((await ok.json() as { actions: unknown[] }).actions.length, 1);
        const forged = await post(`http://127.0.0.1:${port}/`, { privateKey: "forged" });
        assert.equal(forged.status, 400);
        await forged.body?.cancel();
      } finally {
        child.kill("SIGTERM");
        await exited;
      }
    });
  }
});
