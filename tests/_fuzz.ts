// Generators and invariants of the fuzz tests (tests/fuzz_test.ts).
//
// Requests are built from parts that are each either valid or hostile, and
// every part remembers which it is, so that the invariants can tell a request
// that must be refused from one that may reach the handler.
import fc from "fast-check";
import assert from "node:assert/strict";
import { sign, type SignatureAlgorithm, StepID, StepUserDataKeyEquals, Webhook } from "../mod.ts";
import { basic, fixture, httpDate } from "./_helpers.ts";

/** Cases per property: `FUZZ_RUNS` (default 1000), shared by every property. */
export const RUNS: number = positiveInt(envOf("FUZZ_RUNS"), 1000);
/** The seed of every property: `FUZZ_SEED` (default fixed, so runs reproduce). */
export const SEED: number = Number(envOf("FUZZ_SEED") ?? 20_240_611) | 0;

function envOf(name: string): string | undefined {
  return (globalThis as { process?: { env: Record<string, string | undefined> } }).process
    ?.env[name];
}

function positiveInt(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** fast-check parameters: seeded, reproducible, with a hang guard per case. */
export function params(runs: number = RUNS): fc.Parameters<unknown> {
  // The timeout only turns a hung request into a failure; it asserts no speed.
  return { numRuns: runs, seed: SEED, timeout: 20_000, endOnFailure: true };
}

export const KEY = "fuzz-secret";
export const USER = "bot";
export const PASSWORD = "p:ss";
export const PATH = "/hook";
export const STEP = "conversation.step_reached";
/** Small enough that huge bodies are refused quickly. */
export const MAX_BODY = 256 * 1024;

/** How a fuzz handler behaves. */
export type HandlerMode = "ok" | "throw" | "reject" | "undefined";

/** A webhook under fuzz, with what its handler and hooks saw. */
export interface FuzzApp {
  app: Webhook;
  /** Incremented each time the handler starts. */
  calls: number;
  /** What the handler does next. */
  mode: HandlerMode;
  /** Errors given to onError. */
  errors: unknown[];
}

/** A webhook with every check on (secure) or none, routed through a few filters. */
export function fuzzApp(
  secure: boolean,
  extra: ConstructorParameters<typeof Webhook>[0] = {},
): FuzzApp {
  const state: FuzzApp = { app: undefined as unknown as Webhook, calls: 0, mode: "ok", errors: [] };
  const app = new Webhook({
    ...(secure
      ? {
        privateKey: ["old-key", KEY],
        authUsername: USER,
        authPassword: PASSWORD,
        path: PATH,
        maxBodyBytes: MAX_BODY,
      }
      : { requestMaxAge: null }),
    onError: (error) => state.errors.push(error),
    logger: { warn: () => {} },
    ...extra,
  });
  const handler = () => {
    state.calls++;
    switch (state.mode) {
      case "throw":
        throw new Error("handler failed on purpose");
      case "reject":
        return Promise.reject(new Error("handler rejected on purpose"));
      case "undefined":
        return undefined as unknown as { actions: [] };
      default:
        return { actions: [] };
    }
  };
  // Filters see every hostile notification that passes the checks.
  app.on(STEP, handler, [StepID("507f191e810c19729de860ea"), StepUserDataKeyEquals("lang", "fr")]);
  app.on(STEP, handler, StepID(["a", "b"]));
  app.on(STEP, handler);
  state.app = app;
  return state;
}

// ---------------------------------------------------------------------------
// Bodies

const FULL = fixture<Record<string, unknown>>("notifications/full.json");

/** Every path of the full fixture notification, objects and arrays included. */
export function notificationPaths(
  value: unknown = FULL,
  prefix: (string | number)[] = [],
): (string | number)[][] {
  const paths: (string | number)[][] = [];
  if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      const path = [...prefix, Array.isArray(value) ? Number(key) : key];
      paths.push(path, ...notificationPaths(child, path));
    }
  }
  return paths;
}

/** A copy of the full notification with `replacement` at `path`. */
export function withValueAt(
  path: readonly (string | number)[],
  replacement: unknown,
): Record<string, unknown> {
  const copy = structuredClone(FULL);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = replacement;
  return copy;
}

/** `depth` nested arrays or objects around a value, as JSON text. */
export function deepJson(depth: number, kind: "array" | "object", inner = "1"): string {
  return kind === "array"
    ? "[".repeat(depth) + inner + "]".repeat(depth)
    : '{"a":'.repeat(depth) + inner + "}".repeat(depth);
}

// Each part is valid most of the time, so that many requests get past several
// checks and the deeper ones (signature, JSON, notification, filters) are reached.

/** Values of every JSON type, plus hostile ones, for "wrong type at a path". */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 1e308, -0, "", "x", [], {}, [null], {
    type: "unknown_action",
  }),
  fc.constant("x".repeat(20_000)),
  fc.constant(JSON.parse(deepJson(500, "array"))),
  fc.constant(
    JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A valid notification text, unique per call (so that replay checks never fire by chance). */
let serial = 0;
export function validBody(): string {
  const copy = structuredClone(FULL) as { data: { session: { values: Record<string, unknown> } } };
  copy.data.session.values = { serial: ++serial };
  return JSON.stringify(copy);
}

/** A body: text or bytes, with what it is for the report. */
export type Body = { kind: string; bytes: Uint8Array };

const encoder = new TextEncoder();
const text = (kind: string, value: string): Body => ({ kind, bytes: encoder.encode(value) });

/** Hostile and valid bodies, weighted towards the ones that reach the parser. */
export const body: fc.Arbitrary<Body> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null).map(() => text("valid", validBody())) },
  {
    weight: 2,
    arbitrary: fc.uint8Array({ maxLength: 2048 }).map((bytes) => ({ kind: "random bytes", bytes })),
  },
  {
    weight: 2,
    arbitrary: fc.nat().map((cut) => {
      const full = validBody();
      return text("truncated", full.slice(0, cut % full.length));
    }),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.constantFrom(10, 1000, 10_000),
      fc.constantFrom<"array" | "object">("array", "object"),
      fc.boolean(),
    )
      .map(([depth, kind, wrapped]) => {
        const deep = deepJson(depth, kind);
        return text(
          `deep ${kind} ${depth}${wrapped ? " in data" : ""}`,
          wrapped
            ? `{"topic":"${STEP}","botID":"1","timestamp":1,"data":{"type":"step_reached_event","session":{"values":{"deep":${deep}}},"step":{"id":"507f191e810c19729de860ea","userData":${
              JSON.stringify(deep)
            }}}}`
            : deep,
        );
      }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(100_000, MAX_BODY - 200, MAX_BODY + 1, 2 * 1024 * 1024).map((size) =>
      text(
        `huge string ${size}`,
        `{"topic":"${STEP}","data":{"type":"step_reached_event","step":{"userData":"${
          "é".repeat(size / 2)
        }"}}}`,
      )
    ),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.constantFrom(...notificationPaths()), wrongValue).map(([path, value]) =>
      text(`wrong type at ${path.join(".")}`, JSON.stringify(withValueAt(path, value)))
    ),
  },
  {
    weight: 2,
    arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) =>
      text("random JSON", JSON.stringify(value))
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      topic: fc.oneof(fc.string(), fc.constant(STEP)),
      data: fc.jsonValue({ maxDepth: 3 }),
    })
      .map((value) => text("random envelope", JSON.stringify(value))),
  },
  {
    weight: 1,
    arbitrary: fc.string({ unit: "binary", maxLength: 200 }).map((value) =>
      text("random text", value)
    ),
  },
);

// ---------------------------------------------------------------------------
// Headers, methods, paths

/** A header value that `Headers` accepts: printable Latin-1, no CR, LF or NUL. */
export const headerText: fc.Arbitrary<string> = fc.string({
  unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff })).map((
    code,
  ) => String.fromCharCode(code)),
  maxLength: 120,
});

/** One part of a request, valid or not. */
export interface Part<T> {
  valid: boolean;
  value: T;
}
const valid = <T>(value: T): Part<T> => ({ valid: true, value });
const invalid = <T>(value: T): Part<T> => ({ valid: false, value });

/** `Date` values: fresh, stale, ahead, garbage or absent. */
export const dateHeader: fc.Arbitrary<Part<string | null>> = fc.oneof(
  {
    weight: 16,
    arbitrary: fc.integer({ min: -9, max: 9 }).map((s) => valid(httpDate(Date.now() + s * 1000))),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 12, max: 1e6 }).map((s) =>
      invalid(httpDate(Date.now() - s * 1000))
    ),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 12, max: 1e6 }).map((s) =>
      invalid(httpDate(Date.now() + s * 1000))
    ),
  },
  { weight: 1, arbitrary: headerText.map((value) => invalid(value)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      invalid(null),
      invalid(""),
      invalid("0"),
      invalid("Thu, 01 Jan 1970 00:00:00 GMT"),
    ),
  },
);

/** `Authorization` values: right, wrong, garbage or absent. */
export const authHeader: fc.Arbitrary<Part<string | null>> = fc.oneof(
  {
    weight: 16,
    arbitrary: fc.constantFrom(
      valid(basic(USER, PASSWORD)),
      valid(basic(USER, PASSWORD).replace("Basic", "basic")),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(headerText, headerText).map(([u, p]) =>
      invalid(basic(u.replaceAll(":", ""), p))
    ),
  },
  { weight: 1, arbitrary: headerText.map((value) => invalid(value)) },
  { weight: 1, arbitrary: headerText.map((value) => invalid(`Basic ${value}`)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(invalid(null), invalid("Basic"), invalid(basic(USER, "p"))),
  },
);

/** How `X-Hub-Signature` is made: signed right (maybe upper case) or garbage. */
export type SignatureMaker =
  | { valid: true; algorithm: SignatureAlgorithm; key: string; upper: boolean }
  | { valid: false; value: (date: string, body: Uint8Array) => Promise<string | null> };

export const signatureHeader: fc.Arbitrary<SignatureMaker> = fc.oneof(
  {
    weight: 16,
    arbitrary: fc.record({
      valid: fc.constant(true as const),
      algorithm: fc.constant<SignatureAlgorithm>("sha1"),
      key: fc.constantFrom(KEY, "old-key"),
      upper: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.constantFrom<SignatureAlgorithm>("sha256", "sha512"),
      fc.constantFrom(KEY, "other"),
    ).map((
      [algorithm, key],
    ): SignatureMaker => ({
      valid: false,
      value: (date, body) => sign({ privateKey: key, date, body, algorithm }),
    })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("wrong-key", "").map((key): SignatureMaker => ({
      valid: false,
      value: async (date, body) => key === "" ? null : await sign({ privateKey: key, date, body }),
    })),
  },
  {
    weight: 2,
    arbitrary: fc.oneof(
      headerText,
      fc.stringMatching(/^sha1=[0-9a-fA-F]{0,44}$/),
      fc.stringMatching(/^(sha1|sha256|SHA1|md5|)=+[0-9a-z=]{0,130}$/),
    ).map((value): SignatureMaker => ({ valid: false, value: () => Promise.resolve(value) })),
  },
);

/** `Content-Length`: absent, right, or a lie. */
export const contentLength: fc.Arbitrary<(size: number) => string | null> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(() => null) },
  { weight: 2, arbitrary: fc.constant((size: number) => String(size)) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: -2, max: 4 * 1024 * 1024 }).map((n) => () => String(n)),
  },
  { weight: 1, arbitrary: headerText.map((value) => () => value) },
);

/** Methods, including ones `Request` normalises (`post`) and unusual tokens. */
export const method: fc.Arbitrary<string> = fc.oneof(
  { weight: 20, arbitrary: fc.constant("POST") },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "GET",
      "HEAD",
      "PUT",
      "DELETE",
      "PATCH",
      "OPTIONS",
      "post",
      "Post",
      "QUERY",
    ),
  },
  {
    weight: 1,
    arbitrary: fc.stringMatching(/^[A-Za-z!#$%&'*+.^_`|~-]{1,12}$/).filter((m) =>
      !/^(connect|trace|track)$/i.test(m)
    ),
  },
);

/** URL paths: the served one, near misses and random ones. */
export const path: fc.Arbitrary<string> = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom(PATH, `${PATH}?x=1`, `${PATH}#f`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "/",
      `${PATH}/`,
      "/HOOK",
      "/ho%6Fk",
      `//${PATH}`,
      `/a/..${PATH}`,
      `${PATH}%00`,
    ),
  },
  { weight: 1, arbitrary: fc.webPath() },
);

/** How the body is delivered. */
export const delivery: fc.Arbitrary<"bytes" | "chunked stream" | "failing stream"> = fc.oneof(
  { weight: 6, arbitrary: fc.constant("bytes" as const) },
  { weight: 3, arbitrary: fc.constant("chunked stream" as const) },
  { weight: 1, arbitrary: fc.constant("failing stream" as const) },
);

/** A generated request and whether every check should let it through. */
export interface FuzzCase {
  request: Request;
  /** Every security part is valid: the checks may let it through. */
  allowed: boolean;
  describe: string;
}

/** The parts of a generated request. */
export type FuzzParts = typeof fuzzParts extends fc.Arbitrary<infer T> ? T : never;

/** The arbitrary of whole requests, as parts; {@linkcode buildCase} makes the request. */
export const fuzzParts = fc.record({
  method,
  path,
  body,
  date: dateHeader,
  auth: authHeader,
  signature: signatureHeader,
  contentLength,
  delivery,
  chunk: fc.integer({ min: 1, max: 4096 }),
});

/** Builds a fresh request from its parts (a request can be sent only once). */
export async function buildCase(parts: FuzzParts): Promise<FuzzCase> {
  const headers = new Headers();
  const date = parts.date.value;
  if (date !== null) headers.set("date", date);
  if (parts.auth.value !== null) headers.set("authorization", parts.auth.value);
  const signedDate = headers.get("date") ?? "";
  let signature: string | null;
  if (parts.signature.valid) {
    signature = await sign({
      privateKey: parts.signature.key,
      date: signedDate,
      body: parts.body.bytes,
    });
    if (parts.signature.upper) signature = "sha1=" + signature.slice(5).toUpperCase();
  } else {
    signature = await parts.signature.value(signedDate, parts.body.bytes);
  }
  if (signature !== null) headers.set("x-hub-signature", signature);
  const length = parts.contentLength(parts.body.bytes.length);
  if (length !== null) headers.set("content-length", length);
  const init: RequestInit & { duplex?: string } = { method: parts.method, headers };
  const upper = parts.method.toUpperCase();
  if (upper !== "GET" && upper !== "HEAD") {
    init.body = deliver(parts.body.bytes, parts.delivery, parts.chunk);
    if (parts.delivery !== "bytes") init.duplex = "half";
  }
  const request = new Request(`http://localhost${parts.path}`, init);
  const allowed = request.method === "POST" && new URL(request.url).pathname === PATH &&
    parts.date.valid &&
    parts.auth.valid && parts.signature.valid && parts.delivery !== "failing stream";
  return {
    request,
    allowed,
    describe:
      `${request.method} ${parts.path} body=${parts.body.kind} (${parts.body.bytes.length} B, ${parts.delivery}) ` +
      `date=${
        JSON.stringify(date)
      } auth=${parts.auth.valid} signature=${parts.signature.valid} length=${length}`,
  };
}

function deliver(bytes: Uint8Array, how: string, chunk: number): BodyInit {
  if (how === "bytes") return bytes as BodyInit;
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (how === "failing stream" && offset >= bytes.length / 2) {
        controller.error(new Error("client went away"));
        return;
      }
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + chunk));
      offset += chunk;
    },
  });
}

// ---------------------------------------------------------------------------
// Invariants

/**
 * Sends one request and checks the invariants: fetch() resolves; a 5xx only
 * when the handler ran and failed; a refusal is a 4xx with exactly
 * `{"error": string}` in JSON and the handler did not run; the handler runs
 * only for requests every check should let through.
 */
export async function checkInvariants(
  state: FuzzApp,
  fuzzCase: FuzzCase,
  secure: boolean,
): Promise<void> {
  const before = state.calls;
  const errorsBefore = state.errors.length;
  let response: Response;
  try {
    response = await state.app.fetch(fuzzCase.request);
  } catch (error) {
    assert.fail(`fetch() rejected (${String(error)}) for ${fuzzCase.describe}`);
  }
  const ran = state.calls > before;
  const text = await response.text();
  const where = `${response.status} ${text.slice(0, 200)} for ${fuzzCase.describe}`;
  if (secure && ran) {
    assert.ok(fuzzCase.allowed, `the handler ran for a request that must be refused: ${where}`);
  }
  if (response.status >= 500) {
    assert.ok(
      ran && state.mode !== "ok",
      `a ${response.status} without a failing handler: ${where}; errors: ${
        state.errors.slice(errorsBefore).map(String).join("; ")
      }`,
    );
    // The handler's failure is reported as JSON ("Internal server error", or "Invalid response" with the issues).
    assert.equal(typeof (JSON.parse(text) as { error?: unknown }).error, "string", where);
    return;
  }
  if (ran) {
    assert.equal(response.status, 200, where);
    assert.deepEqual(JSON.parse(text), { actions: [] }, where);
    return;
  }
  assert.ok(response.status >= 400 && response.status < 500, `not a 4xx refusal: ${where}`);
  assert.match(response.headers.get("content-type") ?? "", /^application\/json/, where);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    assert.fail(`a refusal whose body is not JSON: ${where}`);
  }
  assert.ok(parsed !== null && typeof parsed === "object" && !Array.isArray(parsed), where);
  assert.deepEqual(Object.keys(parsed as object), ["error"], where);
  assert.equal(typeof (parsed as { error: unknown }).error, "string", where);
  assert.ok(state.errors.length === errorsBefore, `a refusal reported to onError: ${where}`);
}

/** A signed, authenticated request every check accepts, for liveness checks. */
export async function goodRequest(secure: boolean): Promise<Request> {
  const date = httpDate();
  const text = validBody();
  const headers: Record<string, string> = { date };
  if (secure) {
    headers["x-hub-signature"] = await sign({ privateKey: KEY, date, body: text });
    headers.authorization = basic(USER, PASSWORD);
  }
  return new Request(`http://localhost${PATH}`, { method: "POST", headers, body: text });
}
