// Key rotation (privateKey arrays) and the `algorithms` option, with both
// HMAC providers.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { sign, type SignatureAlgorithm, SignatureVerifier, Webhook } from "../mod.ts";
import { httpDate, json, notificationFor } from "./_helpers.ts";

const STEP = "conversation.step_reached";
const PROVIDERS = ["auto", "webcrypto"] as const;

async function request(
  key: string,
  algorithm: SignatureAlgorithm = "sha1",
  body = notificationFor(crypto.randomUUID()),
) {
  const date = httpDate();
  return new Request("http://localhost/", {
    method: "POST",
    body,
    headers: { date, "x-hub-signature": await sign({ privateKey: key, date, body, algorithm }) },
  });
}

function app(options: ConstructorParameters<typeof Webhook>[0]): Webhook {
  const webhook = new Webhook({ onError: () => {}, ...options });
  webhook.on(STEP, () => ({ actions: [] }));
  return webhook;
}

describe("key rotation", () => {
  for (const provider of PROVIDERS) {
    test(`Webhook.fetch() accepts any key of the list, in any order (${provider})`, async () => {
      const keys = ["key-a", "key-b", "key-c"];
      for (const order of [keys, [...keys].reverse(), ["key-b", "key-c", "key-a"]]) {
        const webhook = app({ privateKey: order, crypto: provider });
        for (const key of keys) {
          assert.equal((await webhook.fetch(await request(key))).status, 200, `${order} ${key}`);
        }
        const stranger = await webhook.fetch(await request("key-d"));
        assert.equal(stranger.status, 400);
        assert.deepEqual(await json(stranger), { error: "The request's signature is invalid." });
      }
    });

    test(`Webhook.fetch() stops accepting a key once it leaves the list (${provider})`, async () => {
      const during = app({ privateKey: ["old", "new"], crypto: provider });
      const after = app({ privateKey: ["new"], crypto: provider });
      assert.equal((await during.fetch(await request("old"))).status, 200);
      assert.equal((await after.fetch(await request("old"))).status, 400);
      assert.equal((await after.fetch(await request("new"))).status, 200);
    });
  }

  test("SignatureVerifier.verify() computes the HMAC of every key even when the first matches", async () => {
    // Counted through Web Crypto, which the "webcrypto" provider calls once per key.
    const subtle = crypto.subtle;
    const original = subtle.verify;
    let calls = 0;
    const verifier = new SignatureVerifier({ keys: ["k1", "k2", "k3"], crypto: "webcrypto" });
    const body = new TextEncoder().encode("{}");
    const date = httpDate();
    const header = await sign({ privateKey: "k1", date, body });
    try {
      subtle.verify = function (this: SubtleCrypto, ...args: Parameters<SubtleCrypto["verify"]>) {
        calls++;
        return original.apply(this, args);
      } as SubtleCrypto["verify"];
      const check = await verifier.verify(header, date, body);
      assert.equal(check.ok, true);
      assert.equal(calls, 3, "no early exit on the first matching key");
    } finally {
      subtle.verify = original;
    }
  });
});

describe("algorithms option", () => {
  for (const provider of PROVIDERS) {
    test(`Webhook.fetch() accepts sha256 and sha512 only when allowed (${provider})`, async () => {
      const defaults = app({ privateKey: "k", crypto: provider });
      for (const algorithm of ["sha256", "sha512"] as const) {
        const refused = await defaults.fetch(await request("k", algorithm));
        assert.equal(refused.status, 400);
        assert.deepEqual(await json(refused), {
          error: "The request's signature hash function is invalid (should be one of ['sha1']).",
        });
      }
      const all = app({
        privateKey: "k",
        algorithms: ["sha1", "sha256", "sha512"],
        crypto: provider,
      });
      for (const algorithm of ["sha1", "sha256", "sha512"] as const) {
        assert.equal((await all.fetch(await request("k", algorithm))).status, 200, algorithm);
      }
    });

    test(`Webhook.fetch() refuses sha1 when only stronger algorithms are allowed (${provider})`, async () => {
      const strict = app({ privateKey: "k", algorithms: ["sha512"], crypto: provider });
      const refused = await strict.fetch(await request("k", "sha1"));
      assert.equal(refused.status, 400);
      assert.deepEqual(await json(refused), {
        error: "The request's signature hash function is invalid (should be one of ['sha512']).",
      });
      assert.equal((await strict.fetch(await request("k", "sha512"))).status, 200);
    });

    test(`Webhook.fetch() refuses a digest of another algorithm's length under an allowed name (${provider})`, async () => {
      const webhook = app({ privateKey: "k", algorithms: ["sha1", "sha256"], crypto: provider });
      const real = await request("k", "sha256");
      const hex = real.headers.get("x-hub-signature")!.split("=")[1]!;
      real.headers.set("x-hub-signature", `sha1=${hex}`);
      assert.equal((await webhook.fetch(real)).status, 400);
    });
  }

  test("Webhook.fetch() refuses algorithm names in another case or with spaces", async () => {
    const webhook = app({ privateKey: "k" });
    for (const name of ["SHA1", "Sha1", "sha1 ", "sha-1"]) {
      const signed = await request("k");
      signed.headers.set(
        "x-hub-signature",
        `${name}=${signed.headers.get("x-hub-signature")!.slice(5)}`,
      );
      assert.equal((await webhook.fetch(signed)).status, 400, JSON.stringify(name));
    }
  });

  test("new Webhook() refuses an empty or unknown algorithm list", () => {
    assert.throws(() => new Webhook({ privateKey: "k", algorithms: [] }), TypeError);
    // @ts-expect-error: not an algorithm
    assert.throws(() => new Webhook({ privateKey: "k", algorithms: ["sha384"] }), TypeError);
    assert.throws(() => new Webhook({ privateKey: ["k", 3 as unknown as string] }), TypeError);
  });
});
