import { test } from "node:test";
import assert from "node:assert/strict";
import * as v from "valibot";
import { MatchRegexpConditionSchema } from "../mod.ts";
import { pythonRegExp } from "../src/models/_python_regexp.ts";

const accepts = (pattern: string) =>
  v.safeParse(MatchRegexpConditionSchema, { type: "match_regexp", pattern }).success;

test("MatchRegexpConditionSchema accepts the Python syntax the platform compiles", () => {
  for (
    const pattern of [
      "(?i)stop",
      "(?ims)^a.b$",
      "(?P<word>\\w+) (?P=word)",
      "(?#a comment)abc",
      "\\Astart|end\\Z",
      "(?i:yes|no)",
      "[]a]",
      "[^]a]",
      "\\d{2,3}",
      "[\\w-]+@",
    ]
  ) assert.equal(accepts(pattern), true, pattern);
});

test("MatchRegexpConditionSchema refuses what Python's re refuses", () => {
  for (
    const pattern of [
      "(",
      "a)",
      "*a",
      "[a",
      "\\q", // bad escape in Python 3
      "a\\",
      "a(?i)b", // global flags not at the start (Python 3.11)
      "(?#unclosed",
      "(?P=missing)",
    ]
  ) assert.equal(accepts(pattern), false, pattern);
});

test("pythonRegExp() matches as Python would for flags, anchors and named groups", () => {
  assert.equal(pythonRegExp("(?i)stop")!.test("STOP please"), true);
  assert.equal(pythonRegExp("\\Ahi\\Z")!.test("hi"), true);
  assert.equal(pythonRegExp("\\Ahi\\Z")!.test("oh hi"), false);
  assert.equal(pythonRegExp("(?P<a>x)(?P=a)")!.test("xx"), true);
  assert.equal(pythonRegExp("(?#note)ab")!.test("ab"), true);
});
