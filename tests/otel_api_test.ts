// The webhook's own copy of the few runtime values of @opentelemetry/api
// (src/_otel_api.ts), against every copy of the API the tests have, and the
// rule that keeps the API's package out of a cold start.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as libraryApi from "@opentelemetry/api";
import { getSpan, ROOT_CONTEXT, setSpan, SPAN_KIND, STATUS_ERROR } from "../src/_otel_api.ts";
import { APP_APIS, LIBRARY_API_VERSION } from "./_otel.ts";

const ROOT = new URL("..", import.meta.url).pathname;

const apis: { name: string; api: typeof libraryApi }[] = [
  { name: `the library's @opentelemetry/api ${LIBRARY_API_VERSION}`, api: libraryApi },
  ...APP_APIS.map((app) => ({ name: app.label, api: app.api as unknown as typeof libraryApi })),
];

/** A span as the API's no-op tracer makes it: enough to be carried by a context. */
function spanOf(api: typeof libraryApi): libraryApi.Span {
  return api.trace.wrapSpanContext({
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId: "b7ad6b7169203331",
    traceFlags: 1,
  });
}

describe("The webhook's copy of the OpenTelemetry API's values", () => {
  for (const { name, api } of apis) {
    test(`SPAN_KIND and STATUS_ERROR are the enums' values of ${name}`, () => {
      assert.equal(SPAN_KIND.SERVER, api.SpanKind.SERVER);
      assert.equal(SPAN_KIND.INTERNAL, api.SpanKind.INTERNAL);
      assert.equal(STATUS_ERROR, api.SpanStatusCode.ERROR);
    });

    test(`setSpan() and getSpan() agree with trace.setSpan() and trace.getSpan() of ${name}`, () => {
      const span = spanOf(api);
      // Ours into theirs, theirs into ours, from either root context.
      assert.equal(api.trace.getSpan(setSpan(ROOT_CONTEXT, span)), span);
      assert.equal(getSpan(api.trace.setSpan(api.ROOT_CONTEXT, span)), span);
      assert.equal(api.trace.getSpan(setSpan(api.ROOT_CONTEXT, span)), span);
      assert.equal(getSpan(ROOT_CONTEXT), undefined);
      assert.equal(api.trace.getSpan(ROOT_CONTEXT), undefined);
    });
  }

  test("ROOT_CONTEXT is immutable: each change is a new context, and the old one keeps its values", () => {
    const key = Symbol("key");
    const one = ROOT_CONTEXT.setValue(key, 1);
    const two = one.setValue(key, 2);
    const none = two.deleteValue(key);
    assert.equal(ROOT_CONTEXT.getValue(key), undefined);
    assert.equal(one.getValue(key), 1);
    assert.equal(two.getValue(key), 2);
    assert.equal(none.getValue(key), undefined);
    assert.equal(two.getValue(key), 2);
  });
});

describe("Importing the webhook", () => {
  test("no module of src/ imports @opentelemetry/api's code, only its types (a cold start does not load it)", () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith(".ts")) {
          const source = readFileSync(path, "utf8");
          // Every import or export statement naming the package, comments aside.
          const statements = source.replace(/^\s*(\/\/|\*).*$/gm, "").match(
            /^(?:import|export)\b[^;]*?from\s*["']@opentelemetry\/api["']/gms,
          ) ?? [];
          for (const statement of statements) {
            if (!/^(?:import|export)\s+type\b/.test(statement)) {
              offenders.push(`${path.slice(ROOT.length)}: ${statement.split("\n")[0]}`);
            }
          }
          if (/import\(\s*["']@opentelemetry\/api["']\s*\)/.test(source)) {
            offenders.push(`${path.slice(ROOT.length)}: a dynamic import`);
          }
        }
      }
    };
    walk(join(ROOT, "src"));
    assert.deepEqual(offenders, []);
    // The rule is live: the telemetry does name the package, for its types.
    assert.match(
      readFileSync(join(ROOT, "src/_telemetry.ts"), "utf8"),
      /^import type \{[^}]*\} from "@opentelemetry\/api";$/m,
    );
  });
});
