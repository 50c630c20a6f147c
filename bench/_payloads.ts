/**
 * The notifications the benches send, signed as the platform signs them:
 * the fixtures' `full.json`, the load test's 2.7 KB notification, a large
 * one (100 actions, 200 session values) and notifications of 1 KB, 10 KB,
 * 100 KB and 1 MB (their session values grow).
 *
 * @module
 */
import { createHmac } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";

/** The benches' private key and Basic credentials, as in bench/load. */
export const KEY = "bench-secret";
/** The `Authorization` header the benches send. */
export const AUTH = `Basic ${btoa("bench:pass")}`;
/** The fixed `Date` header of the load test (so `requestMaxAge: null`). */
export const DATE = "Sat, 28 Nov 2026 02:00:00 GMT";

/** A notification ready to send. */
export interface Payload {
  /** A short name for the bench tables. */
  name: string;
  /** The raw body. */
  body: string;
  /** The same, as bytes. */
  bytes: Uint8Array;
  /** Its `X-Hub-Signature`. */
  signature: string;
}

const FIXTURES = new URL("../../shared/fixtures/", import.meta.url);

function readJson(url: URL): Record<string, unknown> {
  return JSON.parse(readFileSync(url, "utf8"));
}

function payload(name: string, body: string): Payload {
  const signature = "sha1=" +
    createHmac("sha1", KEY).update(`date=${DATE}\n`).update(body).digest("hex");
  return { name, body, bytes: new TextEncoder().encode(body), signature };
}

/** `notifications/full.json` of the shared fixtures (0.8 KB). */
export function full(): Payload {
  return payload("full.json", readFileSync(new URL("notifications/full.json", FIXTURES), "utf8"));
}

/** The 2.7 KB notification of the load test. */
export function loadPayload(): Payload {
  const text = readFileSync(new URL("./load/payloads/step_reached.json", import.meta.url), "utf8");
  return payload("step_reached (2.7 KB)", text);
}

/** Every valid action example of the fixtures, in file order. */
function exampleActions(): Record<string, unknown>[] {
  const dir = new URL("examples/", FIXTURES);
  const actions: Record<string, unknown>[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith("_action.json")) continue;
    const examples = readJson(new URL(file, dir)) as Record<string, Record<string, unknown>>;
    for (const [key, example] of Object.entries(examples)) {
      if (!key.startsWith("malicious")) actions.push(example);
    }
  }
  return actions;
}

/** `full.json` with 100 actions (every example action type, in turn) and 200 session values. */
export function large(): Payload {
  const json = readJson(new URL("notifications/full.json", FIXTURES)) as {
    data: { step: { actions: unknown[] }; session: { values: Record<string, unknown> } };
  };
  const examples = exampleActions();
  json.data.step.actions = Array.from({ length: 100 }, (_, i) => examples[i % examples.length]);
  const values: Record<string, unknown> = {};
  for (let i = 0; i < 200; i++) {
    values[`value_${i}`] = i % 3 === 0
      ? i
      : i % 3 === 1
      ? `text number ${i}`
      : { nested: [i, true] };
  }
  json.data.session.values = values;
  return payload("large (100 actions, 200 values)", JSON.stringify(json));
}

/** `full.json` grown to about `bytes` bytes with session values. */
export function sized(bytes: number): Payload {
  const json = readJson(new URL("notifications/full.json", FIXTURES)) as {
    data: { session: { values: Record<string, unknown> } };
  };
  const values = json.data.session.values;
  const base = JSON.stringify(json).length;
  // Each value is about 100 bytes: "value_00000":"...".
  const filler = "x".repeat(80);
  for (let i = 0; base + (i + 1) * 100 <= bytes; i++) {
    values[`value_${String(i).padStart(5, "0")}`] = filler;
  }
  const label = bytes >= 1e6 ? `${bytes / 1e6} MB` : `${bytes / 1e3} KB`;
  const body = JSON.stringify(json);
  return payload(`${label} notification (${body.length.toLocaleString("en")} B)`, body);
}
