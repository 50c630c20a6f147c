// toNodeHandler() and examples/node.ts under Node.js itself. The TypeScript
// sources are bundled for Node with `bun build` into a temporary directory
// first. Run with: node --test tests/node/adapter.node.mjs (scripts/test.sh does).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BUN = join(ROOT, "node_modules/.bin/bun");
const KEY = "node-secret";
const dir = mkdtempSync(join(tmpdir(), "clustaar-node-"));
let lib;
let kit;

function bundle(entry, name) {
  const outfile = join(dir, name);
  execFileSync(BUN, ["build", entry, "--target=node", "--outfile", outfile], {
    cwd: ROOT,
    stdio: "pipe",
  });
  return outfile;
}

before(async () => {
  lib = await import(pathToFileURL(bundle("mod.ts", "mod.mjs")).href);
  kit = await import(pathToFileURL(bundle("src/testing/mod.ts", "testing.mjs")).href);
  bundle("examples/node.ts", "example.mjs");
});
after(() => rmSync(dir, { recursive: true, force: true }));

function listen(server) {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(server.address().port))
  );
}

/** Sends raw HTTP/1.1 and resolves to what came back, once the connection closes. */
function raw(port, text) {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk) => (received += chunk));
    socket.on("close", () => resolve(received));
    socket.on("error", () => resolve(received));
    socket.write(text);
    setTimeout(() => socket.destroy(), 5_000);
  });
}

async function post(url, privateKey = KEY) {
  const signed = await kit.createSignedRequest({ privateKey });
  return await fetch(url, { method: "POST", headers: signed.headers, body: await signed.text() });
}

describe(`toNodeHandler() under Node.js ${process.version}`, () => {
  test("toNodeHandler() serves a signed notification through node:http", async () => {
    const app = new lib.Webhook({ privateKey: KEY });
    app.on("conversation.step_reached", (_request, _response, notification) => ({
      actions: [lib.SendTextAction({ alternatives: [notification.event.step.name] })],
    }));
    const server = createServer(lib.toNodeHandler(app));
    const port = await listen(server);
    try {
      const ok = await post(`http://127.0.0.1:${port}/`);
      assert.equal(ok.status, 200);
      assert.deepEqual(await ok.json(), {
        actions: [{ type: "send_text_action", alternatives: ["A step"] }],
      });
      const forged = await post(`http://127.0.0.1:${port}/`, "forged");
      assert.equal(forged.status, 400);
      assert.deepEqual(await forged.json(), { error: "The request's signature is invalid." });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  test("toNodeHandler() refuses a chunked body over the limit without reading it all", async () => {
    const reasons = [];
    const app = new lib.Webhook({
      maxBodyBytes: 4096,
      onReject: ({ reason }) => reasons.push(reason),
    });
    app.on("conversation.step_reached", () => ({ actions: [] }));
    const server = createServer(lib.toNodeHandler(app));
    const port = await listen(server);
    try {
      const chunk = "x".repeat(1024);
      const result = await new Promise((resolve, reject) => {
        const req = httpRequest({ port, host: "127.0.0.1", method: "POST", path: "/" }, (res) => {
          let text = "";
          res.on("data", (data) => (text += data));
          res.on(
            "end",
            () => resolve({ status: res.statusCode, connection: res.headers.connection, text }),
          );
        });
        req.on("error", reject);
        // Chunked: no Content-Length, so the limit is found while streaming.
        let sent = 0;
        const pump = () => {
          while (sent < 64 && req.write(chunk)) sent++;
          if (sent < 64) req.once("drain", pump);
        };
        pump();
      });
      assert.equal(result.status, 413);
      assert.equal(result.connection, "close");
      assert.deepEqual(JSON.parse(result.text), {
        error: "Request body is too large: the limit is 4096 bytes",
      });
      assert.deepEqual(reasons, ["too_large"]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  test("toNodeHandler() routes by the request's path, refuses a malformed Host and a body that never arrives", async () => {
    const reasons = [];
    const errors = [];
    const app = new lib.Webhook({
      requestMaxAge: null,
      path: "/clustaar",
      bodyTimeout: 200,
      onReject: ({ reason }) => {
        reasons.push(reason);
        return Promise.reject(new Error("metrics down")); // a hook that rejects must not stop Node
      },
      onError: async () => {
        await Promise.reject(new Error("logger down"));
      },
    });
    app.on("conversation.step_reached", (request) => ({
      actions: [],
      session: { values: { path: new URL(request.url).pathname } },
    }));
    const server = createServer(lib.toNodeHandler(app, { onError: (error) => errors.push(error) }));
    const port = await listen(server);
    const body = JSON.stringify(kit.createNotification());
    const head = (target, host, length = Buffer.byteLength(body)) =>
      `POST ${target} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`;
    try {
      assert.match(
        await raw(port, head("/clustaar", "127.0.0.1") + body),
        /^HTTP\/1\.1 200 [\s\S]*"path":"\/clustaar"/,
      );
      const moved = await raw(port, head("/other", "127.0.0.1/clustaar?") + body);
      assert.match(moved, /^HTTP\/1\.1 400 [\s\S]*Host header is malformed/);
      for (const host of ["a b", "[", ":99999", "a@b", "a#b"]) {
        assert.match(await raw(port, head("/clustaar", host) + body), /^HTTP\/1\.1 400 /, host);
      }
      const stalled = await raw(port, head("/clustaar", "127.0.0.1", 1000) + '{"topic":');
      assert.match(stalled, /^HTTP\/1\.1 408 [\s\S]*did not arrive within 200 ms/);
      assert.deepEqual(reasons, [
        "bad_host",
        "bad_host",
        "bad_host",
        "bad_host",
        "bad_host",
        "bad_host",
        "body_timeout",
      ]);
      assert.deepEqual(errors, []);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  test("examples/node.ts bundled for Node answers a signed request on /clustaar and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, [join(dir, "example.mjs")], {
      env: { ...process.env, PORT: "0", CLUSTAAR_PRIVATE_KEY: KEY },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const port = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`No address printed: ${output}`)), 20_000);
        const onData = (data) => {
          output += data;
          const match = /http:\/\/127\.0\.0\.1:(\d+)\/clustaar/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(Number(match[1]));
          }
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
        exited.then((code) => reject(new Error(`Exited with ${code}: ${output}`)));
      });
      const ok = await post(`http://127.0.0.1:${port}/clustaar`);
      assert.equal(ok.status, 200);
      assert.deepEqual(await ok.json(), {
        actions: [{ type: "send_text_action", alternatives: ["hello", "bye"] }],
        session: { values: { name: "tintin", key: "data" } },
      });
      const elsewhere = await post(`http://127.0.0.1:${port}/`);
      assert.equal(elsewhere.status, 404);
      await elsewhere.body?.cancel();
    } finally {
      child.kill("SIGTERM");
    }
    assert.equal(await exited, 0, output);
    assert.match(output, /stopped/);
  });
});
