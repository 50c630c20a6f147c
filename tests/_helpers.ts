// Shared test helpers: fixtures from ../shared/fixtures and signed requests.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sign } from "../mod.ts";

/** The project root, as a path. */
export const ROOT: string = fileURLToPath(new URL("../", import.meta.url));

/** Reads a fixture file from ../shared/fixtures (never copied into the repo). */
export function fixtureText(name: string): string {
  return readFileSync(new URL(`../../shared/fixtures/${name}`, import.meta.url), "utf8");
}

/** Reads and parses a JSON fixture. */
export function fixture<T = unknown>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/** One case of ../shared/fixtures/signatures.json. */
export interface SignatureCase {
  name: string;
  privateKey: string;
  date: string;
  body: string;
  header: string | null;
  valid: boolean;
}

/** The signature cases computed by the platform's reference implementation. */
export function signatureCases(): SignatureCase[] {
  return fixture<{ cases: SignatureCase[] }>("signatures.json").cases;
}

/** An RFC 7231 date for a time in milliseconds. */
export function httpDate(ms: number = Date.now()): string {
  return new Date(ms).toUTCString();
}

/** Options of {@linkcode signedRequest}. */
export interface SignedRequestOptions {
  body: string | Uint8Array;
  privateKey?: string;
  date?: string | null;
  auth?: string;
  headers?: Record<string, string>;
  method?: string;
  url?: string;
}

/** A POST request as the platform sends it, signed when a key is given. */
export async function signedRequest(options: SignedRequestOptions): Promise<Request> {
  const headers = new Headers(options.headers);
  const date = options.date === undefined ? httpDate() : options.date;
  if (date !== null) headers.set("date", date);
  if (options.privateKey !== undefined) {
    headers.set(
      "x-hub-signature",
      await sign({ privateKey: options.privateKey, date, body: options.body }),
    );
  }
  if (options.auth !== undefined) headers.set("authorization", options.auth);
  return new Request(options.url ?? "http://localhost/", {
    method: options.method ?? "POST",
    headers,
    body: options.body as BodyInit,
  });
}

/** `Basic base64(user:password)` for UTF-8 credentials. */
export function basic(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** Reads a JSON response body. */
export async function json(response: Response): Promise<Record<string, unknown>> {
  return await response.json() as Record<string, unknown>;
}

/** A notification string for a step id. */
export function notificationFor(
  stepId = "507f191e810c19729de860ea",
  values: Record<string, unknown> = {},
): string {
  const full = fixture<Record<string, Record<string, Record<string, unknown>>>>(
    "notifications/full.json",
  );
  full.data!.step!.id = stepId;
  full.data!.session!.values = values;
  return JSON.stringify(full);
}
