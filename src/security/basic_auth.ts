/**
 * HTTP Basic authentication (RFC 7617) checked in constant time.
 *
 * @module
 */

const encoder = new TextEncoder();

/**
 * Compares two byte strings in time that depends only on the length of
 * `expected`, never on where they differ.
 */
function timingSafeEqualBytes(given: Uint8Array, expected: Uint8Array): boolean {
  let diff = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) {
    diff |= (given[i % (given.length || 1)] ?? 0) ^ expected[i]!;
  }
  return diff === 0;
}

/**
 * Compares two strings in time that depends only on the length of
 * `expected`.
 */
function timingSafeEqualString(given: string, expected: string): boolean {
  let diff = given.length ^ expected.length;
  const n = given.length || 1;
  for (let i = 0; i < expected.length; i++) {
    diff |= given.charCodeAt(i % n) ^ expected.charCodeAt(i);
  }
  return diff === 0;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Checks `Authorization` headers against one username and password.
 *
 * The expected header is computed once; a request carrying exactly that
 * header costs one constant-time string comparison. Other spellings (a
 * lower-case scheme, extra spaces, base64 of non-ASCII text) are decoded and
 * compared byte by byte, still in constant time. The password is split from
 * the username on the first `:` only, so it may contain colons.
 *
 * @example Check a header
 * ```ts
 * import { BasicAuth } from "@clustaar/webhook";
 * const auth = new BasicAuth("bot", "s3cret:with:colons");
 * const header = "Basic " + btoa("bot:s3cret:with:colons");
 * console.assert(auth.check(header));
 * console.assert(!auth.check(null));
 * ```
 *
 * @category Security
 */
export class BasicAuth {
  readonly #expectedHeader: string;
  readonly #username: Uint8Array;
  readonly #password: Uint8Array;

  /**
   * Creates a checker for one pair of credentials.
   *
   * @param username The expected username; it must not contain `:`.
   * @param password The expected password; it may contain `:`.
   * @throws {TypeError} When either is not a string or the username contains `:`.
   *
   * @example Check an Authorization header
   * ```ts
   * import { BasicAuth } from "@clustaar/webhook";
   *
   * const auth = new BasicAuth("bot", "pass:word");
   * console.assert(auth.check("Basic " + btoa("bot:pass:word")));
   * ```
   */
  constructor(username: string, password: string) {
    if (typeof username !== "string" || typeof password !== "string") {
      throw new TypeError(
        "Cannot configure basic authentication: username and password must be strings",
      );
    }
    if (username.includes(":")) {
      throw new TypeError(
        'Cannot configure basic authentication: the username must not contain ":"',
      );
    }
    this.#username = encoder.encode(username);
    this.#password = encoder.encode(password);
    const pair = encoder.encode(`${username}:${password}`);
    let binary = "";
    for (const byte of pair) binary += String.fromCharCode(byte);
    this.#expectedHeader = `Basic ${btoa(binary)}`;
  }

  /**
   * Tells whether an `Authorization` header value carries the credentials.
   *
   * @param header The header value, or `null` when absent.
   * @returns `true` only for the right credentials; malformed input gives `false`.
   */
  check(header: string | null): boolean {
    if (header === null) return false;
    if (timingSafeEqualString(header, this.#expectedHeader)) return true;
    return this.#checkSlow(header);
  }

  #checkSlow(header: string): boolean {
    const trimmed = header.trim();
    const space = trimmed.indexOf(" ");
    if (space < 0 || trimmed.slice(0, space).toLowerCase() !== "basic") return false;
    const encoded = trimmed.slice(space + 1).trim();
    if (!BASE64.test(encoded)) return false;
    let decoded: string;
    try {
      decoded = atob(encoded);
    } catch {
      return false;
    }
    const bytes = new Uint8Array(decoded.length);
    for (let i = 0; i < decoded.length; i++) bytes[i] = decoded.charCodeAt(i);
    const colon = bytes.indexOf(0x3a);
    if (colon < 0) return false;
    const userOk = timingSafeEqualBytes(bytes.subarray(0, colon), this.#username);
    const passwordOk = timingSafeEqualBytes(bytes.subarray(colon + 1), this.#password);
    return userOk && passwordOk;
  }
}
