// DenoKvReplayStore: Deno only (Bun has no Deno KV; the tests are skipped
// there, visibly). Needs Deno KV enabled: deno.json has "unstable": ["kv"].
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "../mod.ts";
import { DenoKvReplayStore, type KvLike } from "../src/security/deno_kv_store.ts";
import { json, notificationFor, signedRequest } from "./_helpers.ts";

interface Kv extends KvLike {
  close(): void;
  get(key: readonly unknown[]): Promise<{ value: unknown; versionstamp: string | null }>;
  set(key: readonly unknown[], value: unknown): Promise<unknown>;
  list(selector: { prefix: readonly unknown[] }): AsyncIterable<{ key: unknown[]; value: unknown }>;
}
const deno = (globalThis as { Deno?: { openKv?: (path?: string) => Promise<Kv> } }).Deno;
const skip = typeof deno?.openKv === "function"
  ? false
  : "Deno KV is only in Deno (with --unstable-kv)";

const KEY = "kv-key";
const STEP = "conversation.step_reached";

async function withKv(run: (kv: Kv) => Promise<void>, path = ":memory:"): Promise<void> {
  const kv = await deno!.openKv!(path);
  try {
    await run(kv);
  } finally {
    kv.close();
  }
}

function webhook(store: DenoKvReplayStore): Webhook {
  const app = new Webhook({ privateKey: KEY, replayStore: store, onError: () => {} });
  app.on(STEP, () => ({ actions: [] }));
  return app;
}

describe("DenoKvReplayStore", () => {
  test("DenoKvReplayStore.add() accepts a signature once", { skip }, () =>
    withKv(async (kv) => {
      const store = new DenoKvReplayStore(kv);
      const expiresAt = Date.now() + 10_000;
      assert.equal(await store.add("sha1=aa", expiresAt), true);
      assert.equal(await store.add("sha1=aa", expiresAt), false);
      assert.equal(await store.add("sha1=bb", expiresAt), true);
    }));

  test(
    "DenoKvReplayStore.add() stores the expiry under its prefix",
    { skip },
    () =>
      withKv(async (kv) => {
        const store = new DenoKvReplayStore(kv, { prefix: ["tenant-1", "replay"] });
        const expiresAt = Date.now() + 10_000;
        await store.add("sha1=cc", expiresAt);
        const entry = await kv.get(["tenant-1", "replay", "sha1=cc"]);
        assert.equal(entry.value, expiresAt);
      }),
  );

  test("DenoKvReplayStore.add() replaces an expired entry that Deno KV has not deleted yet", {
    skip,
  }, () =>
    withKv(async (kv) => {
      let now = Date.now();
      const store = new DenoKvReplayStore(kv, { now: () => now });
      // As if an expired entry lingered: Deno KV deletes expired keys lazily.
      await kv.set(["clustaar-webhook", "replay", "sha1=dd"], now - 1);
      assert.equal(await store.add("sha1=dd", now + 10_000), true);
      now += 5_000;
      assert.equal(await store.add("sha1=dd", now + 10_000), false);
    }));

  test(
    "DenoKvReplayStore.add() refuses a key holding something else than an expiry",
    { skip },
    () =>
      withKv(async (kv) => {
        const store = new DenoKvReplayStore(kv);
        await kv.set(["clustaar-webhook", "replay", "sha1=ee"], "not a number");
        assert.equal(await store.add("sha1=ee", Date.now() + 10_000), false);
      }),
  );

  test(
    "DenoKvReplayStore.add() lets exactly one of many concurrent calls through",
    { skip },
    () =>
      withKv(async (kv) => {
        const stores = [new DenoKvReplayStore(kv), new DenoKvReplayStore(kv)];
        const expiresAt = Date.now() + 10_000;
        const results = await Promise.all(
          Array.from({ length: 32 }, (_, i) => stores[i % 2]!.add("sha1=ff", expiresAt)),
        );
        assert.equal(results.filter(Boolean).length, 1, String(results));
      }),
  );

  test(
    "Webhook.fetch() answers 409 on one instance to a request another accepted, through a shared KV file",
    { skip },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "clustaar-kv-"));
      try {
        const path = join(dir, "replay.sqlite");
        // Two connections to one database file: two processes on one machine.
        await withKv(async (first) => {
          await withKv(async (second) => {
            const a = webhook(new DenoKvReplayStore(first));
            const b = webhook(new DenoKvReplayStore(second));
            const request = await signedRequest({ body: notificationFor(), privateKey: KEY });
            const copy = request.clone();
            assert.equal((await a.fetch(request)).status, 200);
            const replay = await b.fetch(copy);
            assert.equal(replay.status, 409);
            assert.deepEqual(await json(replay), { error: "Request was already received" });
            const other = await signedRequest({ body: notificationFor("other"), privateKey: KEY });
            assert.equal((await b.fetch(other)).status, 200);
          }, path);
        }, path);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  test(
    "Webhook.fetch() lets one of many concurrent copies through a Deno KV store",
    { skip },
    () =>
      withKv(async (kv) => {
        const app = webhook(new DenoKvReplayStore(kv));
        const request = await signedRequest({ body: notificationFor(), privateKey: KEY });
        const copies = Array.from({ length: 16 }, () => request.clone());
        const statuses = (await Promise.all(copies.map((copy) => app.fetch(copy)))).map((r) =>
          r.status
        );
        assert.deepEqual(statuses.filter((s) => s !== 409), [200]);
      }),
  );

  test(
    "DenoKvReplayStore.delete() forgets a signature, and the webhook's retry after a failure passes",
    {
      skip,
    },
    () =>
      withKv(async (kv) => {
        const store = new DenoKvReplayStore(kv);
        const expiresAt = Date.now() + 10_000;
        assert.equal(await store.add("sha1=gg", expiresAt), true);
        await store.delete("sha1=gg");
        assert.equal((await kv.get(["clustaar-webhook", "replay", "sha1=gg"])).versionstamp, null);
        assert.equal(await store.add("sha1=gg", expiresAt), true);
        await store.delete("sha1=never-added");

        let fail = true;
        const app = new Webhook({ privateKey: KEY, replayStore: store, onError: () => {} });
        app.on(STEP, () => {
          if (fail) throw new Error("first try fails");
          return { actions: [] };
        });
        const request = await signedRequest({ body: notificationFor("kv-retry"), privateKey: KEY });
        const [retry, third] = [request.clone(), request.clone()];
        assert.equal((await app.fetch(request)).status, 500);
        fail = false;
        assert.equal((await app.fetch(retry)).status, 200);
        assert.equal((await app.fetch(third)).status, 409);
      }),
  );

  test("new DenoKvReplayStore() refuses something that is not a Deno.Kv", () => {
    assert.throws(() => new DenoKvReplayStore({} as KvLike), TypeError);
    assert.throws(() => new DenoKvReplayStore(null as unknown as KvLike), TypeError);
  });
});
