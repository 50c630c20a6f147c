/**
 * Requests signed exactly as the Clustaar platform signs them (protocol §2.1).
 *
 * @module
 */
import { sign, type SignatureAlgorithm } from "../security/signature.ts";
import { createNotification } from "./notification.ts";

/**
 * Options of {@linkcode signature}.
 *
 * @example The header for a body
 * ```ts
 * import { signature, type SignatureOptions } from "@clustaar/webhook/testing";
 *
 * const options: SignatureOptions = { privateKey: "secret", date: new Date().toUTCString(), body: "{}" };
 * const header = await signature(options);
 * ```
 *
 * @category Testing
 */
export interface SignatureOptions {
  /** The bot's webhook private key. */
  privateKey: string;
  /**
   * The `Date` header value, exactly as sent, or `null` for a request sent
   * without `Date` (the platform then signs `"date=None\n" + body`).
   */
  date: string | null;
  /** The raw body, exactly as sent (a string is encoded as UTF-8). */
  body: string | Uint8Array;
  /** The hash function; `"sha1"` (default) is the platform's. */
  algorithm?: SignatureAlgorithm;
}

/**
 * Computes the `X-Hub-Signature` header value the platform would send:
 * HMAC of `"date=" + date + "\n" + body` keyed with the private key
 * (`"date=None\n" + body` when `date` is `null`: no `Date` header).
 *
 * @param options The key, the `Date` header value and the raw body.
 * @returns The header value, e.g. `sha1=6d4f4ecb…`.
 * @throws {TypeError} For an unknown algorithm.
 *
 * @example The platform's documented example
 * ```ts
 * import { signature } from "@clustaar/webhook/testing";
 *
 * const header = await signature({
 *   privateKey: "XXXXXXXXXX",
 *   date: "Wed, 03 Jan 2018 16:58:29 GMT",
 *   body: '{"topic":"conversation.step_reached"}',
 * });
 * console.assert(header === "sha1=6d4f4ecb0c19af39ce24d0a79120e1ab10fd9ccd");
 * ```
 *
 * @category Testing
 */
export function signature(options: SignatureOptions): Promise<string> {
  return sign(options);
}

/**
 * HTTP Basic credentials.
 *
 * @example The Authorization header value
 * ```ts
 * import { basicAuthorization, type BasicCredentials } from "@clustaar/webhook/testing";
 *
 * const credentials: BasicCredentials = { username: "bot", password: "s3cret" };
 * console.assert(basicAuthorization(credentials) === "Basic " + btoa("bot:s3cret"));
 * ```
 *
 * @category Testing
 */
export interface BasicCredentials {
  /** The username. */
  username: string;
  /** The password; may contain `:`. */
  password: string;
}

/**
 * `Basic base64(username ":" password)`, UTF-8 encoded (RFC 7617).
 *
 * @param credentials The username and password.
 * @returns The `Authorization` header value.
 *
 * @example Credentials with a colon in the password
 * ```ts
 * import { basicAuthorization } from "@clustaar/webhook/testing";
 * console.assert(basicAuthorization({ username: "bot", password: "p:w" }) === "Basic Ym90OnA6dw==");
 * ```
 *
 * @category Testing
 */
export function basicAuthorization(credentials: BasicCredentials): string {
  const bytes = new TextEncoder().encode(`${credentials.username}:${credentials.password}`);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/**
 * Options of {@linkcode createSignedRequest}.
 *
 * @example A request with credentials, dated five minutes ago
 * ```ts
 * import { createNotification, createSignedRequest, type SignedRequestOptions } from "@clustaar/webhook/testing";
 *
 * const options: SignedRequestOptions = {
 *   notification: createNotification({ data: { step: { name: "Welcome" } } }),
 *   privateKey: "secret",
 *   auth: { username: "bot", password: "s3cret" },
 *   date: Date.now() - 5 * 60_000,
 *   url: "http://localhost:8000/clustaar",
 * };
 * const request = await createSignedRequest(options);
 * ```
 *
 * @category Testing
 */
export interface SignedRequestOptions {
  /**
   * The notification, serialised with `JSON.stringify` (default:
   * {@linkcode createNotification}`()`). Not with `body`.
   */
  notification?: unknown;
  /** The raw body, sent and signed byte for byte. Not with `notification`. */
  body?: string | Uint8Array;
  /** Signs the request with this key; without it, no `X-Hub-Signature` is sent. */
  privateKey?: string;
  /** The hash function of the signature (default `"sha1"`, the platform's). */
  algorithm?: SignatureAlgorithm;
  /** Adds `Authorization: Basic ...` with these credentials. */
  auth?: BasicCredentials;
  /**
   * The `Date` header: a string is sent as is, a number (milliseconds) or a
   * `Date` is formatted as an HTTP date (default: the current time). `null`
   * sends no `Date` header, and the signature is then computed over
   * `"date=None\n" + body`, as the platform does.
   */
  date?: string | number | Date | null;
  /** The URL (default `http://localhost/`). */
  url?: string | URL;
  /** The method (default `POST`). */
  method?: string;
  /** More headers, set last (they may replace the ones above). */
  headers?: HeadersInit;
}

/** Formats a date option as the `Date` header value. */
export function httpDate(date: string | number | Date = Date.now()): string {
  if (typeof date === "string") return date;
  const ms = typeof date === "number" ? date : date.getTime();
  if (!Number.isFinite(ms)) {
    throw new RangeError(`Cannot format the date: invalid time (got ${String(date)})`);
  }
  return new Date(ms).toUTCString();
}

/**
 * Builds a web `Request` as the platform sends it: `POST`, JSON body, `Date`
 * header, `X-Hub-Signature` over the exact body bytes when a private key is
 * given, and Basic credentials when `auth` is given.
 *
 * @param options The body (or notification), key, credentials, date and URL.
 * @returns The request, ready for `app.fetch(request)` or `fetch(request)`.
 * @throws {TypeError} When both `notification` and `body` are given.
 *
 * @example Send a signed notification to a webhook without a server
 * ```ts
 * import { Webhook } from "@clustaar/webhook";
 * import { createNotification, createSignedRequest } from "@clustaar/webhook/testing";
 *
 * const app = new Webhook({ privateKey: "secret", authUsername: "bot", authPassword: "pw" });
 * app.on("conversation.step_reached", () => ({ actions: [] }));
 * const request = await createSignedRequest({
 *   notification: createNotification({ data: { step: { id: "507f191e810c19729de860ea" } } }),
 *   privateKey: "secret",
 *   auth: { username: "bot", password: "pw" },
 * });
 * const response = await app.fetch(request);
 * console.assert(response.status === 200);
 * ```
 *
 * @category Testing
 */
export async function createSignedRequest(options: SignedRequestOptions = {}): Promise<Request> {
  if (options.notification !== undefined && options.body !== undefined) {
    throw new TypeError("Cannot create the request: give either notification or body, not both");
  }
  const body = options.body ??
    JSON.stringify(
      options.notification === undefined ? createNotification() : options.notification,
    );
  const headers = new Headers({ "content-type": "application/json" });
  const date = options.date === null ? null : httpDate(options.date ?? Date.now());
  if (date !== null) headers.set("date", date);
  if (options.privateKey !== undefined) {
    headers.set(
      "x-hub-signature",
      await sign({
        privateKey: options.privateKey,
        date,
        body,
        algorithm: options.algorithm,
      }),
    );
  }
  if (options.auth !== undefined) headers.set("authorization", basicAuthorization(options.auth));
  new Headers(options.headers).forEach((value, name) => headers.set(name, value));
  return new Request(options.url ?? "http://localhost/", {
    method: options.method ?? "POST",
    headers,
    body: body as BodyInit,
  });
}
