// The built-in provider computes HMAC from key states prepared once (RFC 2104
// ipad/opad); it must agree with Web Crypto on every key length around the
// hash block sizes (64 bytes for SHA-1/SHA-256, 128 for SHA-512), where keys
// are padded or hashed first, and on any body bytes.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { sign, type SignatureAlgorithm, SignatureVerifier } from "../mod.ts";

const KEY_LENGTHS = [1, 12, 63, 64, 65, 127, 128, 129, 300];
const BODIES: [string, Uint8Array][] = [
  ["an empty body", new Uint8Array(0)],
  [
    "a JSON body",
    new TextEncoder().encode('{"topic":"conversation.step_reached","text":"héllo 😀"}'),
  ],
  ["bytes that are not UTF-8", Uint8Array.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x80])],
  ["a 100 KB body", new TextEncoder().encode("x".repeat(100_000))],
];
const DATE = "Sat, 28 Nov 2026 02:00:00 GMT";

/** A key of `length` UTF-8 bytes, with a multi-byte character when it fits. */
function keyOf(length: number): string {
  return length >= 3 ? "é" + "k".repeat(length - 2) : "k".repeat(length);
}

describe("SignatureVerifier built-in provider", () => {
  test("SignatureVerifier uses the built-in provider by default on this runtime", () => {
    assert.equal(new SignatureVerifier({ keys: "k" }).provider, "builtin");
  });

  for (const algorithm of ["sha1", "sha256", "sha512"] as SignatureAlgorithm[]) {
    test(`SignatureVerifier agrees with Web Crypto on ${algorithm} for keys of ${KEY_LENGTHS.join(", ")} bytes`, async () => {
      for (const length of KEY_LENGTHS) {
        const key = keyOf(length);
        assert.equal(new TextEncoder().encode(key).length, length);
        const verifiers = (["auto", "webcrypto"] as const).map((crypto) =>
          new SignatureVerifier({ keys: key, algorithms: [algorithm], crypto })
        );
        for (const [name, body] of BODIES) {
          const header = await sign({ privateKey: key, date: DATE, body, algorithm });
          for (const verifier of verifiers) {
            const message = `${verifier.provider}, ${length}-byte key, ${name}`;
            assert.deepEqual(
              await verifier.verify(header, DATE, body),
              { ok: true, id: header },
              message,
            );
            // One flipped bit anywhere gives a refusal.
            const flipped = header.slice(0, -1) + (header.endsWith("0") ? "1" : "0");
            assert.equal((await verifier.verify(flipped, DATE, body)).ok, false, message);
            assert.equal((await verifier.verify(header, DATE + " ", body)).ok, false, message);
          }
        }
      }
    });
  }

  test("SignatureVerifier keeps each key's prepared state apart and reusable", async () => {
    const keys = ["first", "second-key", "third".repeat(30)];
    const verifier = new SignatureVerifier({ keys, algorithms: ["sha1", "sha256"] });
    for (let round = 0; round < 3; round++) {
      for (const key of keys) {
        for (const algorithm of ["sha1", "sha256"] as const) {
          const body = new TextEncoder().encode(`round ${round}`);
          const header = await sign({ privateKey: key, date: DATE, body, algorithm });
          assert.deepEqual(verifier.verify(header, DATE, body), { ok: true, id: header });
        }
      }
      const other = await sign({ privateKey: "not-a-key", date: DATE, body: "x" });
      assert.equal(
        (verifier.verify(other, DATE, new TextEncoder().encode("x")) as { ok: boolean }).ok,
        false,
      );
    }
  });
});
