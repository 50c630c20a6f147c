// validateResponse() accepts the common small answer without the schemas
// (isCommonValidResponse); that shortcut must never accept what the schemas
// refuse. Checked here on the conformance corpus and on generated answers,
// against StepReachedResponseSchema as the oracle.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as v from "valibot";
import { StepReachedResponseSchema, validateResponse } from "../mod.ts";
import { isCommonValidResponse } from "../src/models/_validation.ts";
import { fixture } from "./_helpers.ts";

interface CorpusCase {
  schema: string;
  case: string;
  valid: boolean;
  value: unknown;
}

const FAST_TYPES = ["send_text_action", "wait_action", "pause_bot_action"];
const corpus = fixture<CorpusCase[]>("conformance/corpus.json");
const schemaAccepts = (body: unknown) => v.safeParse(StepReachedResponseSchema, body).success;

describe("isCommonValidResponse()", () => {
  test("isCommonValidResponse() agrees with the corpus on every case of its three action types", () => {
    const cases = corpus.filter((c) => FAST_TYPES.includes(c.schema));
    assert.ok(cases.length > 100);
    for (const c of cases) {
      const body = { actions: [c.value], session: { values: { name: "Tintin" } } };
      const fast = isCommonValidResponse(body);
      assert.equal(fast, c.valid, `${c.schema}: ${c.case}`);
      assert.equal(validateResponse(body).success, c.valid, `${c.schema}: ${c.case}`);
    }
  });

  test("isCommonValidResponse() leaves every other action type to the schemas", () => {
    for (const c of corpus.filter((c) => c.valid && !FAST_TYPES.includes(c.schema))) {
      if (c.schema === "interlocutor" || c.schema === "flow_connection") continue;
      const body = { actions: [c.value] };
      assert.equal(isCommonValidResponse(body), false, c.schema);
      assert.equal(validateResponse(body).success, true, `${c.schema}: ${c.case}`);
    }
  });

  test("isCommonValidResponse() accepts only what StepReachedResponseSchema accepts", () => {
    const text = fc.oneof(
      fc.string({ maxLength: 3 }),
      fc.constantFrom(
        "😀".repeat(1000),
        "😀".repeat(1001),
        "a".repeat(1000),
        "a".repeat(1001),
        "é".repeat(999),
      ),
    );
    const anything = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.integer(),
      fc.string(),
      fc.boolean(),
    );
    const action = fc.oneof(
      fc.record({
        type: fc.constant("send_text_action"),
        alternatives: fc.oneof(fc.array(fc.oneof(text, anything), { maxLength: 12 }), anything),
        text: fc.oneof(text, anything),
        extra: anything,
      }, { requiredKeys: ["type"] }),
      fc.record({
        type: fc.constant("wait_action"),
        duration: fc.oneof(
          fc.double({ min: -1, max: 10 }),
          fc.constantFrom(0.5, 7, 0.49, 7.01, Number.NaN, Infinity),
          anything,
        ),
      }, { requiredKeys: ["type"] }),
      fc.record({ type: fc.constantFrom("pause_bot_action", "go_to_action", "nope", 1) }),
      anything,
      fc.array(anything, { maxLength: 2 }),
    );
    const response = fc.record({
      actions: fc.oneof(fc.array(action, { maxLength: 4 }), anything),
      session: fc.oneof(
        anything,
        fc.record({
          values: fc.oneof(
            fc.dictionary(fc.string(), fc.integer()),
            anything,
            fc.array(fc.integer()),
          ),
        }),
        fc.array(fc.integer()),
      ),
      interlocutor: fc.oneof(anything, fc.record({ id: fc.string() })),
    }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(response, anything, fc.array(anything)), (body) => {
        if (isCommonValidResponse(body)) assert.ok(schemaAccepts(body), JSON.stringify(body));
        assert.equal(validateResponse(body).success, schemaAccepts(body), JSON.stringify(body));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  test("isCommonValidResponse() skips passthrough actions and only those", () => {
    const unknown = { type: "future_action", anything: true };
    const passthrough = new WeakSet<object>([unknown]);
    assert.equal(isCommonValidResponse({ actions: [unknown] }, passthrough), true);
    assert.equal(isCommonValidResponse({ actions: [{ ...unknown }] }, passthrough), false);
    assert.equal(validateResponse({ actions: [{ ...unknown }] }, passthrough).success, false);
  });
});
