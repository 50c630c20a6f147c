import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { sign, SignatureVerifier, Webhook } from "../mod.ts";
import { signatureCases } from "./_helpers.ts";

const cases = signatureCases();
const encoder = new TextEncoder();

for (const provider of ["auto", "webcrypto"] as const) {
  describe(`SignatureVerifier (${provider})`, () => {
    test(`SignatureVerifier picks ${provider === "auto" ? "the built-in HMAC" : "Web Crypto"}`, () => {
      const verifier = new SignatureVerifier({ keys: "k", crypto: provider });
      assert.equal(verifier.provider, provider === "auto" ? "builtin" : "webcrypto");
    });

    cases.forEach((c, index) => {
      test(`SignatureVerifier.verify() ${c.valid ? "accepts" : "refuses"} fixture #${index} (${c.name})`, async () => {
        const verifier = new SignatureVerifier({ keys: c.privateKey, crypto: provider });
        const check = await verifier.verify(c.header, c.date, encoder.encode(c.body));
        assert.equal(check.ok, c.valid);
      });

      test(`Webhook.fetch() ${c.valid ? "passes" : "refuses"} fixture #${index} (${c.name})`, async () => {
        const app = new Webhook({
          privateKey: c.privateKey,
          crypto: provider,
          requestMaxAge: null,
        });
        app.on("conversation.step_reached", () => ({ actions: [] }));
        const headers: Record<string, string> = { date: c.date };
        if (c.header !== null) headers["x-hub-signature"] = c.header;
        const response = await app.fetch(
          new Request("http://localhost/", { method: "POST", headers, body: c.body }),
        );
        // A valid signature passes the check; what follows depends on the body.
        const answer = await response.json();
        if (c.valid) assert.doesNotMatch(String(answer.error ?? ""), /signature/);
        else {
          assert.equal(response.status, 400);
          assert.match(answer.error, /^The request's signature/);
        }
      });
    });
  });
}

describe("sign()", () => {
  cases.filter((c) => c.valid).forEach((c, index) => {
    test(`sign() reproduces valid fixture #${index}`, async () => {
      assert.equal(await sign({ privateKey: c.privateKey, date: c.date, body: c.body }), c.header);
    });
  });

  test("sign() and SignatureVerifier agree on sha256 and sha512", async () => {
    for (const algorithm of ["sha256", "sha512"] as const) {
      const header = await sign({ privateKey: "k", date: "d", body: "b", algorithm });
      for (const crypto of ["auto", "webcrypto"] as const) {
        const verifier = new SignatureVerifier({ keys: "k", algorithms: [algorithm], crypto });
        const check = await verifier.verify(header, "d", encoder.encode("b"));
        assert.deepEqual(check, { ok: true, id: header });
      }
    }
  });

  test("sign() refuses an unknown algorithm", async () => {
    // @ts-expect-error: md5 is not supported
    const signing = sign({ privateKey: "k", date: "d", body: "b", algorithm: "md5" });
    await assert.rejects(signing, TypeError);
  });
});

describe("SignatureVerifier options", () => {
  test("SignatureVerifier names the accepted algorithms when refusing another", async () => {
    const verifier = new SignatureVerifier({ keys: "k", algorithms: ["sha1", "sha256"] });
    const check = await verifier.verify("sha512=00", "d", encoder.encode(""));
    assert.deepEqual(check, {
      ok: false,
      message:
        "The request's signature hash function is invalid (should be one of ['sha1', 'sha256']).",
    });
  });

  test("SignatureVerifier accepts any of several keys with either provider", async () => {
    const header = await sign({ privateKey: "second", date: "d", body: "b" });
    for (const crypto of ["auto", "webcrypto"] as const) {
      const verifier = new SignatureVerifier({ keys: ["first", "second", "third"], crypto });
      assert.equal((await verifier.verify(header, "d", encoder.encode("b"))).ok, true);
    }
  });

  test("SignatureVerifier refuses a digest that is not exactly the hex HMAC, with either provider", async () => {
    const header = await sign({ privateKey: "k", date: "d", body: "b" });
    const hex = header.slice("sha1=".length);
    const wrong = [
      `${hex.slice(0, -1)}g`, // a non-hex digit
      `${hex.slice(0, -1)}\u212a`, // KELVIN SIGN: lower-cases to an ASCII "k"
      ` ${hex.slice(1)}`,
      `${hex} `,
      hex.slice(0, -2),
      `${hex}00`,
      "",
    ];
    for (const crypto of ["auto", "webcrypto"] as const) {
      const verifier = new SignatureVerifier({ keys: "k", crypto });
      assert.equal((await verifier.verify(header, "d", encoder.encode("b"))).ok, true);
      for (const digest of wrong) {
        assert.deepEqual(
          await verifier.verify(`sha1=${digest}`, "d", encoder.encode("b")),
          { ok: false, message: "The request's signature is invalid." },
          `${crypto}: ${JSON.stringify(digest)}`,
        );
      }
    }
  });

  test("SignatureVerifier gives the signature as the request's id, in lower case", async () => {
    const header = await sign({ privateKey: "k", date: "d", body: "b" });
    const verifier = new SignatureVerifier({ keys: "k" });
    assert.deepEqual(
      await verifier.verify(header.toUpperCase().replace("SHA1", "sha1"), "d", encoder.encode("b")),
      {
        ok: true,
        id: header,
      },
    );
  });
});

describe("A request without Date (the platform signs it over date=None)", () => {
  const KEY = "XXXXXXXXXX";
  const BODY = '{"topic":"conversation.step_reached"}';
  // Computed with Python's hmac over "date=None\n" + BODY, as the platform's framework signs it.
  const PLATFORM = "sha1=e3008181a21e89c28d0d27d124c77aaf58e260d7";
  // What a signer that formats the missing Date as "" would send.
  const EMPTY = "sha1=" + "0".repeat(40);

  test("sign() with date: null gives the platform's signature", async () => {
    assert.equal(await sign({ privateKey: KEY, date: null, body: BODY }), PLATFORM);
    assert.notEqual(await sign({ privateKey: KEY, date: "", body: BODY }), PLATFORM);
  });

  for (const crypto of ["auto", "webcrypto"] as const) {
    test(`SignatureVerifier.verify() (${crypto}) checks a missing Date as "None", an empty one as ""`, async () => {
      const verifier = new SignatureVerifier({ keys: KEY, crypto });
      assert.equal((await verifier.verify(PLATFORM, null, encoder.encode(BODY))).ok, true);
      assert.equal((await verifier.verify(PLATFORM, "", encoder.encode(BODY))).ok, false);
      assert.equal((await verifier.verify(PLATFORM, "None", encoder.encode(BODY))).ok, true);
      const empty = await sign({ privateKey: KEY, date: "", body: BODY });
      assert.equal((await verifier.verify(empty, null, encoder.encode(BODY))).ok, false);
      assert.equal((await verifier.verify(empty, "", encoder.encode(BODY))).ok, true);
    });

    test(`Webhook.fetch() (${crypto}) accepts the platform's signature of a request without Date when the Date check is off`, async () => {
      const app = new Webhook({ privateKey: KEY, crypto, requestMaxAge: null });
      app.on("conversation.step_reached", () => ({ actions: [] }));
      const post = (signature: string, headers: Record<string, string> = {}) =>
        app.fetch(
          new Request("http://localhost/", {
            method: "POST",
            headers: { "x-hub-signature": signature, ...headers },
            body: BODY,
          }),
        );
      // The body is no full notification: past the signature, it is a 400 about the body.
      const accepted = await post(PLATFORM);
      assert.doesNotMatch(String((await accepted.json()).error), /signature/);
      const refused = await post(EMPTY);
      assert.equal(refused.status, 400);
      assert.deepEqual(await refused.json(), { error: "The request's signature is invalid." });
      // A Date header that is there but empty is signed as "", not as "None".
      const empty = await post(PLATFORM, { date: "" });
      assert.deepEqual(await empty.json(), { error: "The request's signature is invalid." });
    });

    test(`Webhook.fetch() (${crypto}) still refuses a request without Date when the Date check is on`, async () => {
      let handled = false;
      const app = new Webhook({ privateKey: KEY, crypto, replayStore: { add: () => true } });
      app.on("conversation.step_reached", () => ((handled = true), { actions: [] }));
      const response = await app.fetch(
        new Request("http://localhost/", {
          method: "POST",
          headers: { "x-hub-signature": PLATFORM },
          body: BODY,
        }),
      );
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { error: "The request's date is missing." });
      assert.equal(handled, false);
    });
  }
});

describe("Signing cannot be switched off by accident", () => {
  const mistakes: Array<[string, unknown]> = [
    ["null", null],
    ["an empty string", ""],
    ["white space", "  \n"],
    ["an empty array", []],
    ["an array of an empty string", [""]],
    ["an array with an empty key among good ones", ["good", ""]],
    ["an array with null", ["good", null]],
    ["an array with a number", [42]],
    ["an array of arrays", [["good"]]],
    ["a number", 42],
    ["an object", { key: "good" }],
    ["a boolean", false],
  ];
  for (const [name, privateKey] of mistakes) {
    test(`new Webhook() throws a TypeError for privateKey: ${name}`, () => {
      assert.throws(
        () => new Webhook({ privateKey: privateKey as string }),
        (error: unknown) =>
          error instanceof TypeError &&
          /^Cannot create the webhook: .*privateKey.*; leave privateKey out to turn the signature check off$/
            .test(error.message) &&
          !error.message.includes("good"), // the message never shows a key
      );
      assert.throws(() => new SignatureVerifier({ keys: privateKey as string }), TypeError);
    });
  }

  test("new Webhook() turns the signature check off only when privateKey is absent or undefined", async () => {
    for (const options of [{}, { privateKey: undefined }]) {
      const app = new Webhook(options);
      app.on("conversation.step_reached", () => ({ actions: [] }));
      const response = await app.fetch(
        new Request("http://localhost/", {
          method: "POST",
          headers: { date: new Date().toUTCString() },
          body: JSON.stringify({
            topic: "conversation.step_reached",
            botID: "b",
            timestamp: 0,
            data: {},
          }),
        }),
      );
      assert.doesNotMatch(String((await response.json()).error ?? ""), /signature/);
    }
    assert.doesNotThrow(() => new Webhook({ privateKey: ["old", "new"] }));
    assert.doesNotThrow(() => new Webhook({ privateKey: " spaced key " }));
  });
});
