/**
 * The `X-Hub-Signature` check: HMAC over `"date=" + Date + "\n" + raw body`
 * (`"date=None\n" + raw body` for a request without `Date`, as the platform
 * signs it).
 *
 * Two providers compute the HMAC. Web Crypto (`crypto.subtle.verify`) is the
 * portable one and runs everywhere (Deno, Bun, Deno Deploy, Workers,
 * browsers). Where the runtime also has a synchronous built-in HMAC
 * (`node:crypto`, reached through `process.getBuiltinModule` so that nothing
 * here imports a runtime module), it is used instead because it avoids the
 * cost of an asynchronous call per request. The choice is made once, when the
 * verifier is created; both give the same verdicts.
 *
 * @module
 */

/**
 * An HMAC hash function the `X-Hub-Signature` header may name.
 *
 * @example Accept the platform's SHA-1 and SHA-256
 * ```ts
 * import { type SignatureAlgorithm, SignatureVerifier } from "@clustaar/webhook";
 *
 * const algorithms: SignatureAlgorithm[] = ["sha1", "sha256"];
 * const verifier = new SignatureVerifier({ keys: "XXXXXXXXXX", algorithms });
 * ```
 *
 * @category Security
 */
export type SignatureAlgorithm = "sha1" | "sha256" | "sha512";

/**
 * Which implementation computes the HMAC.
 *
 * @example Which one a verifier uses
 * ```ts
 * import { type CryptoProvider, SignatureVerifier } from "@clustaar/webhook";
 *
 * const provider: CryptoProvider = new SignatureVerifier({ keys: "XXXXXXXXXX" }).provider;
 * console.log(provider); // "builtin" on Deno and Bun
 * ```
 *
 * @category Security
 */
export type CryptoProvider = "builtin" | "webcrypto";

/**
 * The result of a signature check.
 *
 * @example Tell a match from a refusal
 * ```ts
 * import { type SignatureCheck, SignatureVerifier } from "@clustaar/webhook";
 *
 * const verifier = new SignatureVerifier({ keys: "XXXXXXXXXX" });
 * const check: SignatureCheck = await verifier.verify(null, "", new Uint8Array());
 * console.log(check.ok ? check.id : check.message); // "The request's signature is missing."
 * ```
 *
 * @category Security
 */
export type SignatureCheck =
  | {
    /** The signature matches one of the keys. */
    ok: true;
    /** `algorithm=hexdigest`, lower case: identifies the signed request (for replay checks). */
    id: string;
  }
  | {
    /** The signature is missing, malformed or does not match. */
    ok: false;
    /** Why, in the reference framework's words. */
    message: string;
  };

/**
 * Options of {@linkcode SignatureVerifier}.
 *
 * @example Two keys during a rotation, SHA-1 or SHA-256, with Web Crypto
 * ```ts
 * import { SignatureVerifier, type SignatureVerifierOptions } from "@clustaar/webhook";
 *
 * const options: SignatureVerifierOptions = {
 *   keys: ["old-key", "new-key"],
 *   algorithms: ["sha1", "sha256"],
 *   crypto: "webcrypto",
 * };
 * const verifier = new SignatureVerifier(options);
 * ```
 *
 * @category Security
 */
export interface SignatureVerifierOptions {
  /** The private key, or several during a rotation (any of them may match). */
  keys: string | readonly string[];
  /** Hash functions accepted in the header. Default `["sha1"]`, the platform's. */
  algorithms?: readonly SignatureAlgorithm[];
  /**
   * `"auto"` (default) uses a synchronous built-in HMAC where the runtime has
   * one and Web Crypto elsewhere; `"webcrypto"` forces Web Crypto.
   */
  crypto?: "auto" | "webcrypto";
}

/**
 * What stands for the `Date` header in the signed text of a request that has
 * none: the platform's framework formats the missing value as Python does.
 */
const MISSING_DATE_TEXT = "None";

/** The signed text before the body: `date=<Date>\n`, `date=None\n` without `Date`. */
function signedPrefix(date: string | null): string {
  return `date=${date ?? MISSING_DATE_TEXT}\n`;
}

/** Messages of the reference framework, kept word for word. */
export const SIGNATURE_MESSAGES = {
  missing: "The request's signature is missing.",
  format: "The request's signature format is invalid.",
  invalid: "The request's signature is invalid.",
} as const;

const DIGEST_BYTES: Record<SignatureAlgorithm, number> = { sha1: 20, sha256: 32, sha512: 64 };
const WEB_HASH: Record<SignatureAlgorithm, string> = {
  sha1: "SHA-1",
  sha256: "SHA-256",
  sha512: "SHA-512",
};
const ALL_ALGORITHMS: readonly SignatureAlgorithm[] = ["sha1", "sha256", "sha512"];

const encoder = new TextEncoder();

// The slice of node:crypto used by the built-in provider.
interface NodeHash {
  update(data: string | Uint8Array): NodeHash;
  digest(): Uint8Array;
  digest(encoding: "hex"): string;
  copy(): NodeHash;
}
interface NodeCrypto {
  createHash(algorithm: string): NodeHash;
}

const BLOCK_BYTES: Record<SignatureAlgorithm, number> = { sha1: 64, sha256: 64, sha512: 128 };

/** A key absorbed once: the hash states after `K ^ ipad` and `K ^ opad` (RFC 2104). */
interface KeyedHash {
  inner: NodeHash;
  outer: NodeHash;
}

/**
 * Prepares HMAC for one key: each message then costs two state copies
 * instead of keying a new HMAC (`createHmac` is a third slower on Deno,
 * the same on Bun). `hmac()` gives exactly `createHmac(algorithm, key)`'s digest.
 */
function keyedHash(node: NodeCrypto, algorithm: SignatureAlgorithm, key: Uint8Array): KeyedHash {
  const size = BLOCK_BYTES[algorithm];
  const block = new Uint8Array(size);
  block.set(key.length > size ? node.createHash(algorithm).update(key).digest() : key);
  const inner = new Uint8Array(size);
  const outer = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    inner[i] = block[i]! ^ 0x36;
    outer[i] = block[i]! ^ 0x5c;
  }
  const keyed = {
    inner: node.createHash(algorithm).update(inner),
    outer: node.createHash(algorithm).update(outer),
  };
  block.fill(0);
  inner.fill(0);
  outer.fill(0);
  return keyed;
}

/** HMAC of `prefix + body` with a prepared key, in lower-case hex. */
function hmacHex(keyed: KeyedHash, prefix: string, body: Uint8Array): string {
  const inner = keyed.inner.copy().update(prefix).update(body).digest();
  return keyed.outer.copy().update(inner).digest("hex");
}

/**
 * Compares two hex strings of the same length in time that depends only on
 * that length. (Hex strings rather than bytes: on Deno, node:crypto's
 * `timingSafeEqual` and byte digests cost more than the HMAC's own hashing.)
 */
function equalHex(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The runtime's `node:crypto`, when it has one, found without importing it. */
function builtinCrypto(): NodeCrypto | undefined {
  const process = (globalThis as {
    process?: { getBuiltinModule?: (name: string) => unknown };
  }).process;
  try {
    const module = process?.getBuiltinModule?.("node:crypto") as NodeCrypto | undefined;
    if (
      typeof module?.createHash === "function" &&
      typeof module.createHash("sha1").copy === "function"
    ) {
      return module;
    }
  } catch {
    // No usable built-in: Web Crypto it is.
  }
  return undefined;
}

const HEX_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUES[48 + i] = i;
for (let i = 0; i < 6; i++) HEX_VALUES[97 + i] = HEX_VALUES[65 + i] = 10 + i;

/** Decodes `length` bytes of hex, or gives `undefined` for anything else. */
function decodeHex(hex: string, length: number): Uint8Array<ArrayBuffer> | undefined {
  if (hex.length !== length * 2) return undefined;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const hi = HEX_VALUES[hex.charCodeAt(2 * i)] ?? -1;
    const lo = HEX_VALUES[hex.charCodeAt(2 * i + 1)] ?? -1;
    if (hi < 0 || lo < 0) return undefined;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

function formatAlgorithmList(algorithms: readonly string[]): string {
  return `[${algorithms.map((a) => `'${a}'`).join(", ")}]`;
}

/** What a value is, for an error message that must not show a key. */
function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") {
    return value === "" ? "an empty string" : "a string of white space only";
  }
  return `a ${typeof value}`;
}

function usableKey(key: unknown): key is string {
  return typeof key === "string" && key.trim() !== "";
}

/**
 * Why `keys` cannot sign anything, or `undefined` when it can: a key is a
 * string with more than white space in it, and a list holds at least one key
 * and nothing else. The message never shows a key.
 *
 * A `null`, an empty string or an empty list is a mistake (an unset
 * variable, a missing secret), never a way to turn signatures off: that is
 * left to leaving `privateKey` out.
 */
export function keyProblem(keys: unknown): string | undefined {
  if (usableKey(keys)) return undefined;
  const hint = "; leave privateKey out to turn the signature check off";
  if (!Array.isArray(keys)) {
    return `privateKey must be a non-empty string or a non-empty array of them (got ${
      kind(keys)
    })${hint}`;
  }
  if (keys.length === 0) {
    return `privateKey must be a non-empty string or a non-empty array of them (got an empty array)${hint}`;
  }
  const bad = keys.findIndex((key) => !usableKey(key));
  if (bad < 0) return undefined;
  return `every private key must be a non-empty string (privateKey[${bad}] is ${
    kind(keys[bad])
  })${hint}`;
}

/**
 * Verifies `X-Hub-Signature` headers as the Clustaar platform computes them
 * (protocol §2.1), in constant time, against one or several private keys.
 *
 * @example Verify a request's signature
 * ```ts
 * import { SignatureVerifier } from "@clustaar/webhook";
 * const verifier = new SignatureVerifier({ keys: "XXXXXXXXXX" });
 * const body = new TextEncoder().encode('{"topic":"conversation.step_reached"}');
 * const check = await verifier.verify(
 *   "sha1=6d4f4ecb0c19af39ce24d0a79120e1ab10fd9ccd",
 *   "Wed, 03 Jan 2018 16:58:29 GMT",
 *   body,
 * );
 * console.assert(check.ok);
 * ```
 *
 * @category Security
 */
export class SignatureVerifier {
  /** The provider chosen when the verifier was created. */
  readonly provider: CryptoProvider;
  readonly #algorithms: ReadonlySet<SignatureAlgorithm>;
  readonly #unknownAlgorithm: string;
  readonly #keyBytes: Uint8Array<ArrayBuffer>[];
  /** The prepared keys of each accepted algorithm, with the built-in provider. */
  readonly #nodeKeys: Map<string, KeyedHash[]> | undefined;
  readonly #webKeys = new Map<SignatureAlgorithm, Promise<CryptoKey[]>>();

  /**
   * Creates a verifier; keys are prepared once, here.
   *
   * @param options The keys, accepted algorithms and provider.
   * @throws {TypeError} For an empty key list, a key that is not a non-empty
   * string, or an unknown algorithm.
   *
   * @example Verify the platform's example request
   * ```ts
   * import { SignatureVerifier } from "@clustaar/webhook";
   *
   * const verifier = new SignatureVerifier({ keys: "XXXXXXXXXX" });
   * const check = await verifier.verify(
   *   "sha1=6d4f4ecb0c19af39ce24d0a79120e1ab10fd9ccd",
   *   "Wed, 03 Jan 2018 16:58:29 GMT",
   *   new TextEncoder().encode('{"topic":"conversation.step_reached"}'),
   * );
   * console.assert(check.ok);
   * ```
   */
  constructor(options: SignatureVerifierOptions) {
    const problem = keyProblem(options.keys);
    if (problem !== undefined) throw new TypeError(`Cannot verify signatures: ${problem}`);
    const keys = typeof options.keys === "string" ? [options.keys] : options.keys;
    const algorithms = options.algorithms ?? ["sha1"];
    if (!Array.isArray(algorithms) || algorithms.length === 0) {
      throw new TypeError("Cannot verify signatures: algorithms must be a non-empty array");
    }
    for (const algorithm of algorithms) {
      if (!ALL_ALGORITHMS.includes(algorithm)) {
        throw new TypeError(
          `Cannot verify signatures: unknown algorithm "${algorithm}" (use one of ${
            ALL_ALGORITHMS.join(", ")
          })`,
        );
      }
    }
    this.#algorithms = new Set(algorithms);
    this.#unknownAlgorithm = `The request's signature hash function is invalid (should be one of ${
      formatAlgorithmList(algorithms)
    }).`;
    this.#keyBytes = keys.map((key) => encoder.encode(key));
    const node = options.crypto === "webcrypto" ? undefined : builtinCrypto();
    if (node) {
      this.#nodeKeys = new Map();
      for (const algorithm of this.#algorithms) {
        this.#nodeKeys.set(
          algorithm,
          this.#keyBytes.map((bytes) => keyedHash(node, algorithm, bytes)),
        );
      }
    } else {
      for (const algorithm of this.#algorithms) this.#webKeysFor(algorithm);
    }
    this.provider = node ? "builtin" : "webcrypto";
  }

  /**
   * Checks a signature header against the `Date` header and the raw body.
   *
   * Synchronous with the built-in provider, a promise with Web Crypto.
   *
   * @param header The `X-Hub-Signature` value, or `null` when absent.
   * @param date The `Date` header value exactly as received, or `null` when
   * the request has none: the platform then signs `"date=None\n" + body`.
   * @param body The raw request body.
   * @returns Whether it matches, with the reference's message when not.
   */
  verify(
    header: string | null,
    date: string | null,
    body: Uint8Array,
  ): SignatureCheck | Promise<SignatureCheck> {
    if (header === null) return { ok: false, message: SIGNATURE_MESSAGES.missing };
    const eq = header.indexOf("=");
    if (eq < 0 || header.indexOf("=", eq + 1) >= 0) {
      return { ok: false, message: SIGNATURE_MESSAGES.format };
    }
    const algorithm = header.slice(0, eq) as SignatureAlgorithm;
    const prefix = signedPrefix(date);
    if (this.#nodeKeys !== undefined) {
      const keys = this.#nodeKeys.get(algorithm);
      if (keys === undefined) return { ok: false, message: this.#unknownAlgorithm };
      // No hex check first: the HMAC is lower-case hex, so anything else cannot match it.
      const hex = header.slice(eq + 1).toLowerCase();
      let ok = false;
      for (let i = 0; i < keys.length; i++) {
        // Every key is tried, whatever the outcome: no early exit.
        ok = equalHex(hmacHex(keys[i]!, prefix, body), hex) || ok;
      }
      return ok ? { ok, id: `${algorithm}=${hex}` } : { ok, message: SIGNATURE_MESSAGES.invalid };
    }
    if (!this.#algorithms.has(algorithm)) return { ok: false, message: this.#unknownAlgorithm };
    const hex = header.slice(eq + 1);
    const digest = decodeHex(hex, DIGEST_BYTES[algorithm]);
    if (digest === undefined) return { ok: false, message: SIGNATURE_MESSAGES.invalid };
    return this.#verifyWeb(algorithm, digest, prefix, body, `${algorithm}=${hex.toLowerCase()}`);
  }

  async #verifyWeb(
    algorithm: SignatureAlgorithm,
    digest: Uint8Array<ArrayBuffer>,
    prefix: string,
    body: Uint8Array,
    id: string,
  ): Promise<SignatureCheck> {
    const head = encoder.encode(prefix);
    const message = new Uint8Array(head.length + body.length);
    message.set(head);
    message.set(body, head.length);
    const keys = await this.#webKeysFor(algorithm);
    const results = await Promise.all(
      keys.map((key) => crypto.subtle.verify("HMAC", key, digest, message)),
    );
    const ok = results.includes(true);
    return ok ? { ok, id } : { ok, message: SIGNATURE_MESSAGES.invalid };
  }

  #webKeysFor(algorithm: SignatureAlgorithm): Promise<CryptoKey[]> {
    let keys = this.#webKeys.get(algorithm);
    if (keys === undefined) {
      keys = Promise.all(
        this.#keyBytes.map((bytes) =>
          crypto.subtle.importKey(
            "raw",
            bytes,
            { name: "HMAC", hash: WEB_HASH[algorithm] },
            false,
            [
              "verify",
            ],
          )
        ),
      );
      // Keep an early failure from becoming an unhandled rejection.
      keys.catch(() => {});
      this.#webKeys.set(algorithm, keys);
    }
    return keys;
  }
}

/**
 * Options of {@linkcode sign}.
 *
 * @example The platform's own example
 * ```ts
 * import { sign, type SignOptions } from "@clustaar/webhook";
 *
 * const options: SignOptions = {
 *   privateKey: "XXXXXXXXXX",
 *   date: "Wed, 03 Jan 2018 16:58:29 GMT",
 *   body: '{"topic":"conversation.step_reached"}',
 * };
 * console.assert(await sign(options) === "sha1=6d4f4ecb0c19af39ce24d0a79120e1ab10fd9ccd");
 * ```
 *
 * @category Security
 */
export interface SignOptions {
  /** The bot's webhook private key. */
  privateKey: string;
  /**
   * The `Date` header value sent with the request, or `null` for a request
   * sent without `Date` (signed over `"date=None\n" + body`, as the platform does).
   */
  date: string | null;
  /** The raw request body. */
  body: string | Uint8Array;
  /** The hash function; `"sha1"` (default) is the platform's. */
  algorithm?: SignatureAlgorithm;
}

/**
 * Computes an `X-Hub-Signature` header value as the platform does, with Web Crypto.
 *
 * @param options The key, date, body and algorithm.
 * @returns The header value, e.g. `sha1=6d4f…`.
 *
 * @example Sign a body
 * ```ts
 * import { sign } from "@clustaar/webhook";
 * const header = await sign({
 *   privateKey: "XXXXXXXXXX",
 *   date: "Wed, 03 Jan 2018 16:58:29 GMT",
 *   body: '{"topic":"conversation.step_reached"}',
 * });
 * console.assert(header === "sha1=6d4f4ecb0c19af39ce24d0a79120e1ab10fd9ccd");
 * ```
 *
 * @category Security
 */
export async function sign(options: SignOptions): Promise<string> {
  const algorithm = options.algorithm ?? "sha1";
  if (!ALL_ALGORITHMS.includes(algorithm)) {
    throw new TypeError(`Cannot sign: unknown algorithm "${algorithm}"`);
  }
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(options.privateKey),
    { name: "HMAC", hash: WEB_HASH[algorithm] },
    false,
    ["sign"],
  );
  const head = encoder.encode(signedPrefix(options.date));
  const body = typeof options.body === "string" ? encoder.encode(options.body) : options.body;
  const message = new Uint8Array(head.length + body.length);
  message.set(head);
  message.set(body, head.length);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, message));
  let hex = "";
  for (const byte of mac) hex += byte.toString(16).padStart(2, "0");
  return `${algorithm}=${hex}`;
}
