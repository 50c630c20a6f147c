// Hooks that return promises: whatever onReject, onError or the logger
// return (a promise, another thenable, one that rejects, one whose then()
// throws), its failure goes where the README says (onReject's to onError;
// onError's and the logger's nowhere) and never becomes an unhandled
// rejection, which would stop the process: an async onReject that rejected
// once stopped both runtimes on one anonymous POST.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Webhook } from "../mod.ts";
import { notificationFor, signedRequest } from "./_helpers.ts";
import { RUNTIMES, startServer } from "./_process.ts";

const STEP = "conversation.step_reached";

/** Lets rejections settle and would-be unhandled ones surface. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 10));
}

/** A thenable that is not a promise, failing with `error`. */
function failingThenable(error: Error): PromiseLike<never> {
  return {
    then(_resolve, reject) {
      reject?.(error);
      return failingThenable(error) as never;
    },
  };
}

/** A thenable whose then() itself throws. */
function brokenThenable(error: Error): PromiseLike<never> {
  return {
    then() {
      throw error;
    },
  };
}

describe("hooks that return promises", () => {
  for (
    const [name, make] of [
      ["an async function that rejects", (error: Error) => Promise.reject(error)],
      ["a thenable that rejects", failingThenable],
      ["a thenable whose then() throws", brokenThenable],
    ] as const
  ) {
    test(`Webhook.fetch() sends onReject's failure to onError when onReject returns ${name}`, async () => {
      const errors: unknown[] = [];
      const app = new Webhook({
        onReject: () => make(new Error("metrics down")),
        onError: (error) => void errors.push(error),
      });
      const response = await app.fetch(new Request("http://localhost/", { method: "GET" }));
      assert.equal(response.status, 405);
      await settle();
      assert.equal(errors.length, 1);
      assert.match(String(errors[0]), /metrics down/);
    });

    test(`Webhook.fetch() swallows onError's failure when onError returns ${name}`, async () => {
      const app = new Webhook({
        onReject: () => make(new Error("metrics down")),
        onError: () => make(new Error("logger down")),
      });
      app.on(STEP, () => {
        throw new Error("handler bug");
      });
      const failed = await app.fetch(await signedRequest({ body: notificationFor() }));
      assert.equal(failed.status, 500);
      assert.deepEqual(await failed.json(), { error: "Internal server error" });
      const refused = await app.fetch(new Request("http://localhost/", { method: "GET" }));
      assert.equal(refused.status, 405);
      await settle(); // an unhandled rejection here fails the test run
    });

    test(`Webhook.fetch() swallows the logger's failure when it returns ${name}`, async () => {
      const lines: string[] = [];
      const app = new Webhook({
        logger: {
          warn: (line) => (lines.push(line), make(new Error("disk full"))),
          error: (line) => (lines.push(line), make(new Error("disk full"))),
        },
      });
      app.on(STEP, () => {
        throw new Error("handler bug");
      });
      assert.equal((await app.fetch(await signedRequest({ body: notificationFor() }))).status, 500);
      assert.equal((await app.fetch(new Request("http://localhost/"))).status, 405);
      await settle();
      assert.equal(lines.length, 2);
    });
  }

  // A hook's promise that never settles must not hold the answer: fail, not hang, if it did.
  test("Webhook.fetch() does not wait for a hook's promise: the answer is sent at once", {
    timeout: 5_000,
  }, async () => {
    const app = new Webhook({
      onReject: () => new Promise(() => {}), // never settles
      onError: () => new Promise(() => {}),
    });
    app.on(STEP, () => {
      throw new Error("handler bug");
    });
    assert.equal((await app.fetch(new Request("http://localhost/"))).status, 405);
    assert.equal((await app.fetch(await signedRequest({ body: notificationFor() }))).status, 500);
  });

  for (const [runtime, command] of Object.entries(RUNTIMES)) {
    test(`a webhook under ${runtime} whose async onReject and onError reject keeps serving`, async () => {
      const server = await startServer(command("tests/_hardened_server.ts"), {
        HOOKS: "rejecting",
      });
      try {
        const url = `http://127.0.0.1:${server.port}/`;
        const refused = await fetch(url, { method: "POST", body: "not json" });
        assert.equal(refused.status, 400);
        await refused.text();
        const failed = await fetch(url, {
          method: "POST",
          body: notificationFor("x", { fail: 1 }),
        });
        assert.equal(failed.status, 500);
        await failed.text();
        await new Promise((resolve) => setTimeout(resolve, 200)); // time to crash, if it would
        const ok = await fetch(url, { method: "POST", body: notificationFor() });
        assert.equal(ok.status, 200);
        await ok.text();
        assert.equal(server.child.exitCode, null, server.output());
        assert.doesNotMatch(server.output(), /metrics down|logger down|Uncaught|unhandled/i);
      } finally {
        server.child.kill("SIGKILL");
      }
    });
  }
});
