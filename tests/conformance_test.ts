// Runs the platform's conformance corpus against the strict (response-side)
// schemas and reports every disagreement by case name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as v from "valibot";
import {
  FlowConnectionSchema,
  InterlocutorSchema,
  StepReachedResponseSchema,
} from "../src/models/mod.ts";

interface Case {
  schema: string;
  case: string;
  valid: boolean;
  value: unknown;
}

const corpusUrl = new URL("../../shared/fixtures/conformance/corpus.json", import.meta.url);
const corpus: Case[] = JSON.parse(readFileSync(corpusUrl, "utf8"));

/** The platform's verdict, as the module sees it. */
function verdict(item: Case): boolean {
  switch (item.schema) {
    case "interlocutor":
      return v.safeParse(InterlocutorSchema, item.value).success;
    case "flow_connection":
      return v.safeParse(FlowConnectionSchema, item.value).success;
    default:
      // A bot action, judged as an item of a step-reached response.
      return v.safeParse(StepReachedResponseSchema, { actions: [item.value] }).success;
  }
}

test("conformance corpus has cases for interlocutor, flow_connection and actions", () => {
  assert.ok(corpus.length > 1000);
  const schemas = new Set(corpus.map((item) => item.schema));
  assert.ok(schemas.has("interlocutor") && schemas.has("flow_connection"));
});

test("strict schemas agree with the platform on every conformance case", () => {
  const disagreements = corpus
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => verdict(item) !== item.valid)
    .map(({ item, index }) =>
      `#${index} ${item.schema} / ${item.case}: platform says ${item.valid ? "valid" : "invalid"}`
    );
  assert.deepEqual(disagreements, []);
});
