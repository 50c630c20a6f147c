// Property tests: random methods, paths, headers and hostile bodies thrown at
// Webhook.fetch(), with every check on and with none. Seeded and reproducible:
//   FUZZ_RUNS=50000 FUZZ_SEED=7 deno task fuzz   (both runtimes, scripts/fuzz.sh)
// The default run (FUZZ_RUNS=1000 per property, about 5,000 requests) is part of scripts/test.sh.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  body,
  buildCase,
  checkInvariants,
  deepJson,
  fuzzApp,
  fuzzParts,
  goodRequest,
  type HandlerMode,
  notificationPaths,
  params,
  PATH,
  RUNS,
  SEED,
  STEP,
  withValueAt,
} from "./_fuzz.ts";
import { signedRequest } from "./_helpers.ts";

const HANDLER_MODES: HandlerMode[] = ["ok", "throw", "reject", "undefined"];

describe(`Webhook.fetch() under fuzzing (seed ${SEED}, ${RUNS} runs per property)`, () => {
  for (const secure of [true, false]) {
    const label = secure ? "with every check on" : "with no check";

    test(`Webhook.fetch() ${label} refuses hostile requests with a JSON 4xx and never runs the handler for them`, async () => {
      const state = fuzzApp(secure);
      await fc.assert(
        fc.asyncProperty(fuzzParts, async (parts) => {
          await checkInvariants(state, await buildCase(parts), secure);
        }),
        params(),
      );
      // Still responsive afterwards: a good request gets its answer.
      const response = await state.app.fetch(await goodRequest(secure));
      assert.equal(response.status, 200, await response.text());
    });

    test(`Webhook.fetch() ${label} answers 500 only when the handler fails`, async () => {
      const state = fuzzApp(secure);
      await fc.assert(
        fc.asyncProperty(fuzzParts, fc.constantFrom(...HANDLER_MODES), async (parts, mode) => {
          state.mode = mode;
          await checkInvariants(state, await buildCase(parts), secure);
        }),
        params(Math.ceil(RUNS / 2)),
      );
      state.mode = "ok";
      assert.equal((await state.app.fetch(await goodRequest(secure))).status, 200);
    });
  }

  test("Webhook.fetch() survives any body sent correctly signed and authenticated", async () => {
    const state = fuzzApp(true);
    await fc.assert(
      fc.asyncProperty(body, async (generated) => {
        const parts = fc.sample(fuzzParts, { numRuns: 1, seed: SEED })[0]!;
        const request = await buildCase({
          ...parts,
          method: "POST",
          path: PATH,
          body: generated,
          delivery: "bytes",
          contentLength: () => null,
          date: { valid: true, value: new Date().toUTCString() },
          auth: { valid: true, value: `Basic ${btoa("bot:p:ss")}` },
          signature: { valid: true, algorithm: "sha1", key: "fuzz-secret", upper: false },
        });
        await checkInvariants(state, request, true);
      }),
      params(),
    );
  });

  test("Webhook.fetch() survives a value of the wrong type at every path of a notification", async () => {
    const state = fuzzApp(false);
    const hostile: unknown[] = [
      null,
      true,
      0,
      -1.5,
      "",
      "x",
      [],
      {},
      [{}],
      { type: "nope" },
      "x".repeat(10_000),
    ];
    const paths = notificationPaths();
    assert.ok(paths.length > 30, `only ${paths.length} paths`);
    for (const path of paths) {
      for (const value of hostile) {
        const request = await signedRequest({ body: JSON.stringify(withValueAt(path, value)) });
        await checkInvariants(state, {
          request,
          allowed: true,
          describe: `${path.join(".")} = ${JSON.stringify(value).slice(0, 20)}`,
        }, false);
      }
    }
  });

  test("Webhook.fetch() refuses or answers JSON nested 10,000 deep, anywhere in the notification", async () => {
    for (const secure of [false, true]) {
      const state = fuzzApp(secure);
      for (const kind of ["array", "object"] as const) {
        const deep = deepJson(10_000, kind);
        const bodies = [
          deep,
          `{"topic":"${STEP}","data":${deep}}`,
          `{"topic":"${STEP}","data":{"session":{"values":{"v":${deep}}},"step":{"userData":${
            JSON.stringify(deep)
          }}}}`,
          `{"topic":${deep},"data":{}}`,
          deep.slice(0, -1),
        ];
        for (const text of bodies) {
          const parts = fc.sample(fuzzParts, { numRuns: 1, seed: SEED })[0]!;
          const request = await buildCase({
            ...parts,
            method: "POST",
            path: PATH,
            body: { kind: `deep ${kind}`, bytes: new TextEncoder().encode(text) },
            delivery: "bytes",
            contentLength: () => null,
            date: { valid: true, value: new Date().toUTCString() },
            auth: { valid: true, value: `Basic ${btoa("bot:p:ss")}` },
            signature: { valid: true, algorithm: "sha1", key: "fuzz-secret", upper: false },
          });
          await checkInvariants(state, request, secure);
        }
      }
      assert.equal((await state.app.fetch(await goodRequest(secure))).status, 200);
    }
  });

  test("Webhook.fetch() keeps serving other requests while hostile ones are in flight", async () => {
    const state = fuzzApp(true);
    const cases = fc.sample(fuzzParts, { numRuns: 64, seed: SEED + 1 });
    // Concurrent requests cannot tell whose handler ran: check statuses only.
    const hostile = Promise.all(cases.map(async (parts) => {
      const response = await state.app.fetch((await buildCase(parts)).request);
      await response.body?.cancel();
      return response.status;
    }));
    const good = await state.app.fetch(await goodRequest(true));
    assert.equal(good.status, 200);
    for (const status of await hostile) assert.ok(status < 500, String(status));
  });
});
