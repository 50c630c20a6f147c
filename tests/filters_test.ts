import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  and,
  Channel,
  describeFilter,
  type Filter,
  InputMatches,
  InputType,
  JSONKeyEquals,
  JSONKeyExists,
  JSONKeyIn,
  not,
  or,
  SessionValueEquals,
  SessionValueExists,
  StepID,
  StepName,
  StepUserDataContains,
  StepUserDataKeyEquals,
  StepUserDataKeyExists,
  StepUserDataKeyIn,
  type SyncFilter,
} from "../src/routing/mod.ts";

// The fixtures live next to the repository, in the shared spec folder.
function fixture(name: string): Record<string, unknown> {
  const url = new URL(`../../shared/fixtures/notifications/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8"));
}

function notification(data: Record<string, unknown>): Record<string, unknown> {
  return { topic: "conversation.step_reached", botID: "4321", timestamp: 1514998709, data };
}

function withUserData(userData: unknown): Record<string, unknown> {
  return notification({ step: { id: "1234", name: "A step", userData, actions: [] } });
}

function withInput(input: unknown): Record<string, unknown> {
  return notification({ input });
}

describe("JSONKeyEquals()", () => {
  it("follows the guide example", () => {
    const data = { user: { id: 1 } };
    const filter = JSONKeyEquals("user.id", 1);
    assert.equal(filter(data), true);
    data.user.id = 2;
    assert.equal(filter(data), false);
  });

  it("compares objects deeply, whatever their key order", () => {
    const filter = JSONKeyEquals("a", { x: 1, y: [1, { z: null }] });
    assert.equal(filter({ a: { y: [1, { z: null }], x: 1 } }), true);
    assert.equal(filter({ a: { x: 1, y: [1, { z: null }], extra: 0 } }), false);
    assert.equal(filter({ a: { x: 1 } }), false);
    assert.equal(filter({ a: { x: 1, y: [1, { z: 0 }] } }), false);
    assert.equal(filter({ a: { x: 1, y: [{ z: null }, 1] } }), false);
  });

  it("compares arrays item by item and never equals an object", () => {
    const filter = JSONKeyEquals("a", [1, 2]);
    assert.equal(filter({ a: [1, 2] }), true);
    assert.equal(filter({ a: [1, 2, 3] }), false);
    assert.equal(filter({ a: { 0: 1, 1: 2 } }), false);
    assert.equal(JSONKeyEquals("a", {})({ a: [] }), false);
  });

  it("does not convert between JSON types", () => {
    assert.equal(JSONKeyEquals("a", 1)({ a: "1" }), false);
    assert.equal(JSONKeyEquals("a", 1)({ a: true }), false);
    assert.equal(JSONKeyEquals("a", 0)({ a: false }), false);
    assert.equal(JSONKeyEquals("a", 1)({ a: 1.0 }), true);
    assert.equal(JSONKeyEquals("a", "")({ a: null }), false);
  });

  it("accepts null only when the key is present with null", () => {
    const filter = JSONKeyEquals("a.b", null);
    assert.equal(filter({ a: { b: null } }), true);
    assert.equal(filter({ a: {} }), false);
    assert.equal(filter({ a: null }), false);
  });

  it("rejects paths through missing keys, non-objects and arrays", () => {
    const filter = JSONKeyEquals("a.b.c", 1);
    for (
      const data of [{}, { a: null }, { a: 1 }, { a: "abc" }, { a: { b: [1] } }, {
        a: [{ b: { c: 1 } }],
      }]
    ) {
      assert.equal(filter(data), false, JSON.stringify(data));
    }
    assert.equal(JSONKeyEquals("a.0", 1)({ a: [1] }), false);
    assert.equal(JSONKeyEquals("a.length", 1)({ a: "x" }), false);
    assert.equal(JSONKeyEquals("a.length", 1)({ a: [1] }), false);
  });

  it("does not copy the data's prototype keys", () => {
    assert.equal(JSONKeyEquals("constructor.name", "Object")({}), false);
    assert.equal(JSONKeyEquals("a.__proto__", {})({ a: {} }), false);
    assert.equal(JSONKeyEquals("__proto__", 1)(JSON.parse('{"__proto__": 1}')), true);
    assert.equal(JSONKeyEquals("a", { b: 1 })({ a: JSON.parse('{"__proto__": {"b": 1}}') }), false);
  });

  it("works on data without a prototype", () => {
    const data = Object.create(null);
    data.user = Object.create(null);
    data.user.id = 1;
    assert.equal(JSONKeyEquals("user.id", 1)(data), true);
  });

  it("rejects a path that is not a non-empty string with a TypeError", () => {
    // @ts-expect-error: the path must be a string
    assert.throws(() => JSONKeyEquals(42, 1), {
      name: "TypeError",
      message: /path must be a string, got number 42/,
    });
    assert.throws(() => JSONKeyEquals("", 1), {
      name: "TypeError",
      message: /path must not be empty/,
    });
    assert.throws(() => JSONKeyEquals("a..b", 1), {
      name: "TypeError",
      message: /empty segment: "a..b"/,
    });
    assert.throws(() => JSONKeyEquals(".a", 1), TypeError);
    assert.throws(() => JSONKeyEquals("a.", 1), TypeError);
  });

  it("rejects a value that is not JSON with a TypeError", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (
      const value of [
        undefined,
        NaN,
        Infinity,
        () => 1,
        Symbol("x"),
        1n,
        new Date(),
        /a/,
        new Map(),
        cyclic,
        [undefined],
      ]
    ) {
      assert.throws(() => JSONKeyEquals("a", value), {
        name: "TypeError",
        message: /^Cannot create JSONKeyEquals filter: value must be a JSON value, got /,
      });
    }
  });

  it("accepts a value that appears twice without a cycle", () => {
    const shared = { x: 1 };
    assert.equal(JSONKeyEquals("a", [shared, shared])({ a: [{ x: 1 }, { x: 1 }] }), true);
  });
});

describe("JSONKeyIn()", () => {
  it("follows the guide example", () => {
    const data = { user: { id: 1 } };
    const filter = JSONKeyIn("user.id", [1, 2]);
    assert.equal(filter(data), true);
    data.user.id = 2;
    assert.equal(filter(data), true);
    data.user.id = 3;
    assert.equal(filter(data), false);
  });

  it("compares objects and arrays deeply", () => {
    const filter = JSONKeyIn("a", ["x", { b: [1] }, [2, 3], null]);
    assert.equal(filter({ a: { b: [1] } }), true);
    assert.equal(filter({ a: [2, 3] }), true);
    assert.equal(filter({ a: null }), true);
    assert.equal(filter({ a: "x" }), true);
    assert.equal(filter({ a: { b: [2] } }), false);
    assert.equal(filter({ a: [3, 2] }), false);
    assert.equal(filter({}), false);
  });

  it("rejects everything with an empty list", () => {
    assert.equal(JSONKeyIn("a", [])({ a: 1 }), false);
  });

  it("rejects values that are not an array of JSON values with a TypeError", () => {
    // @ts-expect-error: values must be an array
    assert.throws(() => JSONKeyIn("a", "ab"), {
      name: "TypeError",
      message: /values must be an array, got string "ab"/,
    });
    assert.throws(() => JSONKeyIn("a", [1, undefined]), {
      name: "TypeError",
      message: /each of values must be a JSON value, got undefined/,
    });
    assert.throws(() => JSONKeyIn("", [1]), TypeError);
  });
});

describe("JSONKeyExists()", () => {
  it("follows the guide example", () => {
    const data: { user: { id?: number } } = { user: { id: 1 } };
    const filter = JSONKeyExists("user.id");
    assert.equal(filter(data), true);
    delete data.user.id;
    assert.equal(filter(data), false);
  });

  it("accepts a key whose value is null", () => {
    assert.equal(JSONKeyExists("user.id")({ user: { id: null } }), true);
    assert.equal(JSONKeyExists("user")({ user: null }), true);
  });

  it("accepts falsy values", () => {
    for (const value of [0, "", false, [], {}]) {
      assert.equal(JSONKeyExists("a")({ a: value }), true);
    }
  });

  it("rejects paths through missing keys, null, non-objects and arrays", () => {
    const filter = JSONKeyExists("a.b");
    for (
      const data of [{}, { a: null }, { a: 1 }, { a: "b" }, { a: true }, { a: [] }, {
        a: [{ b: 1 }],
      }, { a: {} }]
    ) {
      assert.equal(filter(data), false, JSON.stringify(data));
    }
    assert.equal(JSONKeyExists("a.0")({ a: ["x"] }), false);
    assert.equal(JSONKeyExists("a.length")({ a: ["x"] }), false);
  });

  it("ignores prototype keys", () => {
    for (const path of ["constructor", "__proto__", "toString", "hasOwnProperty", "a.valueOf"]) {
      assert.equal(JSONKeyExists(path)({ a: {} }), false, path);
    }
    assert.equal(JSONKeyExists("__proto__")(JSON.parse('{"__proto__": null}')), true);
    assert.equal(JSONKeyExists("hasOwnProperty")({ hasOwnProperty: 1 }), true);
  });

  it("rejects a bad path with a TypeError", () => {
    // @ts-expect-error: the path must be a string
    assert.throws(() => JSONKeyExists(["a"]), {
      name: "TypeError",
      message: /^Cannot create JSONKeyExists filter: path must be a string, got an array$/,
    });
    assert.throws(() => JSONKeyExists(""), TypeError);
  });
});

describe("StepID()", () => {
  it("follows the guide example", () => {
    const data: { data: { step: { id?: string } } } = {
      data: { step: { id: "507f191e810c19729de860ea" } },
    };
    const filter = StepID("507f191e810c19729de860ea");
    assert.equal(filter(data), true);
    delete data.data.step.id;
    assert.equal(filter(data), false);
  });

  it("accepts an id in a list", () => {
    const filter = StepID(["507f191e810c19729de860ea", "507f191e810c19729de860eb"]);
    assert.equal(filter({ data: { step: { id: "507f191e810c19729de860eb" } } }), true);
    assert.equal(filter({ data: { step: { id: "507f191e810c19729de860ec" } } }), false);
    assert.equal(StepID([])({ data: { step: { id: "x" } } }), false);
  });

  it("does not treat a list as a substring search or a key", () => {
    assert.equal(StepID(["ab"])({ data: { step: { id: "a" } } }), false);
    assert.equal(StepID(["a"])({ data: { step: { id: ["a"] } } }), false);
    assert.equal(StepID("a")({ data: { step: { id: ["a"] } } }), false);
  });

  it("rejects any other argument type with a TypeError", () => {
    // @ts-expect-error: the id must be a string or a list of strings
    assert.throws(() => StepID(42), {
      name: "TypeError",
      message:
        /^Cannot create StepID filter: id must be a string or an array of strings, got number 42$/,
    });
    // @ts-expect-error: idem
    assert.throws(() => StepID(null), TypeError);
    // @ts-expect-error: idem
    assert.throws(() => StepID(["a", 1]), {
      name: "TypeError",
      message: /id must contain only strings, got number 1/,
    });
    // @ts-expect-error: idem
    assert.throws(() => StepID(new Set(["a"])), TypeError);
  });
});

describe("StepName(), Channel() and InputType()", () => {
  it("StepName() accepts a name or a list of names", () => {
    const data = notification({ step: { name: "A step" } });
    assert.equal(StepName("A step")(data), true);
    assert.equal(StepName("a step")(data), false);
    assert.equal(StepName(["Other", "A step"])(data), true);
    assert.equal(StepName("A step")(notification({ step: { name: null } })), false);
  });

  it("Channel() accepts a channel or a list of channels", () => {
    const data = notification({ channel: "web" });
    assert.equal(Channel("web")(data), true);
    assert.equal(Channel(["facebook", "web"])(data), true);
    assert.equal(Channel("facebook")(data), false);
    assert.equal(Channel("web")(notification({})), false);
  });

  it("InputType() accepts a type or a list of types and rejects a missing input", () => {
    assert.equal(InputType("message")(withInput({ type: "message", text: "hi" })), true);
    assert.equal(
      InputType(["go_to_action", "custom_event"])(withInput({ type: "custom_event", name: "e" })),
      true,
    );
    assert.equal(
      InputType("message")(withInput({ type: "url_loaded_event", url: "https://x.y" })),
      false,
    );
    assert.equal(InputType("message")(notification({})), false);
    assert.equal(InputType("message")(withInput(null)), false);
    assert.equal(InputType("new_input_type")(withInput({ type: "new_input_type" })), true);
  });

  it("rejects arguments that are not strings with a TypeError", () => {
    // @ts-expect-error: the name must be a string or a list of strings
    assert.throws(() => StepName(1), {
      name: "TypeError",
      message: /^Cannot create StepName filter: name/,
    });
    // @ts-expect-error: idem
    assert.throws(() => Channel({ web: true }), {
      name: "TypeError",
      message: /^Cannot create Channel filter: name/,
    });
    // @ts-expect-error: idem
    assert.throws(() => InputType(undefined), {
      name: "TypeError",
      message: /^Cannot create InputType filter: type/,
    });
  });
});

describe("SessionValueEquals() and SessionValueExists()", () => {
  const data = notification({
    session: { values: { name: "tintin", age: 21, tags: ["a"], empty: null } },
  });

  it("SessionValueEquals() compares JSON values deeply", () => {
    assert.equal(SessionValueEquals("name", "tintin")(data), true);
    assert.equal(SessionValueEquals("age", 21)(data), true);
    assert.equal(SessionValueEquals("age", "21")(data), false);
    assert.equal(SessionValueEquals("tags", ["a"])(data), true);
    assert.equal(SessionValueEquals("empty", null)(data), true);
    assert.equal(SessionValueEquals("missing", null)(data), false);
  });

  it("SessionValueExists() accepts a key whose value is null", () => {
    assert.equal(SessionValueExists("empty")(data), true);
    assert.equal(SessionValueExists("name")(data), true);
    assert.equal(SessionValueExists("lang")(data), false);
  });

  it("treats the key as a single key, not a path", () => {
    const dotted = notification({ session: { values: { "a.b": 1, a: { b: 2 } } } });
    assert.equal(SessionValueEquals("a.b", 1)(dotted), true);
    assert.equal(SessionValueExists("a.b")(dotted), true);
  });

  it("ignores prototype keys", () => {
    assert.equal(SessionValueExists("constructor")(data), false);
    assert.equal(SessionValueExists("__proto__")(data), false);
  });

  it("rejects sessions that are missing or not objects", () => {
    for (
      const session of [undefined, null, [], "x", { values: null }, { values: [1] }, {
        values: "name",
      }]
    ) {
      const input = notification({ session });
      assert.equal(SessionValueExists("name")(input), false);
      assert.equal(SessionValueEquals("0", 1)(input), false);
    }
  });

  it("rejects a bad key or value with a TypeError", () => {
    assert.throws(() => SessionValueExists(""), {
      name: "TypeError",
      message: /^Cannot create SessionValueExists filter: key must not be empty$/,
    });
    // @ts-expect-error: the key must be a string
    assert.throws(() => SessionValueEquals(1, 1), TypeError);
    assert.throws(() => SessionValueEquals("a", undefined), TypeError);
  });
});

describe("InputMatches()", () => {
  it("tests a RegExp against a message's text", () => {
    const filter = InputMatches(/\bhello\b/i);
    assert.equal(filter(withInput({ type: "message", text: "Well, Hello there" })), true);
    assert.equal(filter(withInput({ type: "message", text: "hellos" })), false);
  });

  it("requires an exact match for a string", () => {
    const filter = InputMatches("yes");
    assert.equal(filter(withInput({ type: "message", text: "yes" })), true);
    assert.equal(filter(withInput({ type: "message", text: "yes!" })), false);
    assert.equal(filter(withInput({ type: "message", text: "Yes" })), false);
  });

  it("reads the text of a legacy reply", () => {
    const input = { type: "legacy_reply_to_message_action", text: "yes" };
    assert.equal(InputMatches("yes")(withInput(input)), true);
  });

  it("rejects other input types, a missing input and a missing text", () => {
    const filter = InputMatches(/.*/);
    assert.equal(filter(withInput({ type: "custom_event", name: "yes", text: "yes" })), false);
    assert.equal(
      filter(withInput({ type: "go_to_action", target: { type: "step", id: "x" } })),
      false,
    );
    assert.equal(filter(withInput({ type: "url_loaded_event", url: "yes" })), false);
    assert.equal(filter(withInput({ type: "message" })), false);
    assert.equal(filter(withInput({ type: "message", text: 42 })), false);
    assert.equal(filter(withInput({ text: "yes" })), false);
    assert.equal(filter(notification({})), false);
  });

  it("keeps no lastIndex state between requests with a g flag", () => {
    const pattern = /hello/g;
    const filter = InputMatches(pattern);
    const data = withInput({ type: "message", text: "hello" });
    assert.equal(filter(data), true);
    assert.equal(filter(data), true);
    assert.equal(filter(withInput({ type: "message", text: "oh hello" })), true);
    assert.equal(filter(data), true);
    assert.equal(pattern.lastIndex, 0, "the caller's RegExp is not touched");
  });

  it("anchors a y flag at the start of the text on every request", () => {
    const filter = InputMatches(/hello/y);
    assert.equal(filter(withInput({ type: "message", text: "hello you" })), true);
    assert.equal(filter(withInput({ type: "message", text: "hello you" })), true);
    assert.equal(filter(withInput({ type: "message", text: "oh hello" })), false);
  });

  it("is unaffected by later changes to the caller's RegExp", () => {
    const pattern = /hello/g;
    const filter = InputMatches(pattern);
    pattern.lastIndex = 3;
    assert.equal(filter(withInput({ type: "message", text: "hello" })), true);
  });

  it("rejects a pattern that is neither a string nor a RegExp with a TypeError", () => {
    // @ts-expect-error: the pattern must be a string or a RegExp
    assert.throws(() => InputMatches(1), {
      name: "TypeError",
      message:
        /^Cannot create InputMatches filter: pattern must be a string or a RegExp, got number 1$/,
    });
  });
});

describe("StepUserData filters", () => {
  const data = withUserData('{"lang": "fr", "form": {"email": null, "fields": ["a", "b"]}}');

  it("StepUserDataKeyEquals() compares a value at a path of the parsed userData", () => {
    assert.equal(StepUserDataKeyEquals("lang", "fr")(data), true);
    assert.equal(StepUserDataKeyEquals("lang", "en")(data), false);
    assert.equal(StepUserDataKeyEquals("form.fields", ["a", "b"])(data), true);
    assert.equal(StepUserDataKeyEquals("form.email", null)(data), true);
    assert.equal(StepUserDataKeyEquals("form.phone", null)(data), false);
  });

  it("StepUserDataKeyIn() accepts one of the values", () => {
    assert.equal(StepUserDataKeyIn("lang", ["en", "fr"])(data), true);
    assert.equal(StepUserDataKeyIn("lang", ["en", "de"])(data), false);
    assert.equal(StepUserDataKeyIn("form.fields", [["a", "b"]])(data), true);
  });

  it("StepUserDataKeyExists() accepts a key whose value is null", () => {
    assert.equal(StepUserDataKeyExists("form.email")(data), true);
    assert.equal(StepUserDataKeyExists("form")(data), true);
    assert.equal(StepUserDataKeyExists("form.fields.0")(data), false);
    assert.equal(StepUserDataKeyExists("constructor")(data), false);
    assert.equal(StepUserDataKeyExists("__proto__")(data), false);
  });

  it("StepUserDataContains() searches the raw string", () => {
    assert.equal(StepUserDataContains('"lang": "fr"')(data), true);
    assert.equal(StepUserDataContains("FR")(data), false);
    assert.equal(StepUserDataContains("#faq")(withUserData("tags: #faq #billing")), true);
    assert.equal(StepUserDataContains("x")(withUserData("")), false);
  });

  it("rejects malformed, non-object, array and missing userData without throwing", () => {
    const cases = [
      "",
      "not json",
      "{",
      '{"lang": "fr",}',
      "null",
      "42",
      '"fr"',
      "true",
      "[]",
      '[{"lang": "fr"}]',
      null,
      42,
      { lang: "fr" },
      undefined,
    ];
    for (const userData of cases) {
      const input = withUserData(userData);
      const label = JSON.stringify(userData) ?? "undefined";
      assert.equal(StepUserDataKeyEquals("lang", "fr")(input), false, label);
      assert.equal(StepUserDataKeyIn("lang", ["fr"])(input), false, label);
      assert.equal(StepUserDataKeyExists("lang")(input), false, label);
      assert.equal(StepUserDataKeyExists("0")(input), false, label);
    }
    assert.equal(StepUserDataContains("lang")(withUserData({ lang: "fr" })), false);
    for (
      const data of [
        notification({}),
        notification({ step: null }),
        notification({ step: [] }),
        notification({ step: "x" }),
        {},
        null,
      ]
    ) {
      assert.equal(StepUserDataKeyExists("lang")(data), false);
      assert.equal(StepUserDataContains("lang")(data), false);
    }
  });

  it("parses userData once per request for all filters", () => {
    const parse = JSON.parse;
    let calls = 0;
    JSON.parse = (...args: Parameters<typeof JSON.parse>) => {
      calls++;
      return parse(...args);
    };
    try {
      const filters = [
        StepUserDataKeyEquals("lang", "fr"),
        StepUserDataKeyExists("lang"),
        StepUserDataKeyIn("lang", ["fr"]),
      ];
      const request = withUserData('{"lang": "fr"}');
      for (const filter of filters) assert.equal(filter(request), true);
      assert.equal(calls, 1);
      const malformed = withUserData("{oops");
      for (const filter of filters) assert.equal(filter(malformed), false);
      assert.equal(calls, 2, "a malformed userData is parsed once too");
      const next = withUserData('{"lang": "fr"}');
      for (const filter of filters) assert.equal(filter(next), true);
      assert.equal(calls, 3, "each request has its own parse");
    } finally {
      JSON.parse = parse;
    }
  });

  it("notices a userData string changed on the same step object", () => {
    const request = withUserData('{"lang": "fr"}') as { data: { step: { userData: string } } };
    const filter = StepUserDataKeyEquals("lang", "fr");
    assert.equal(filter(request), true);
    request.data.step.userData = '{"lang": "en"}';
    assert.equal(filter(request), false);
  });

  it("rejects bad arguments with a TypeError", () => {
    assert.throws(() => StepUserDataKeyEquals("", 1), {
      name: "TypeError",
      message: /^Cannot create StepUserDataKeyEquals filter: path must not be empty$/,
    });
    assert.throws(() => StepUserDataKeyEquals("a", undefined), TypeError);
    // @ts-expect-error: values must be an array
    assert.throws(() => StepUserDataKeyIn("a", 1), TypeError);
    // @ts-expect-error: the key must be a string
    assert.throws(() => StepUserDataKeyExists(null), TypeError);
    assert.throws(() => StepUserDataContains(""), {
      name: "TypeError",
      message: /^Cannot create StepUserDataContains filter: text must not be empty$/,
    });
    // @ts-expect-error: the text must be a string
    assert.throws(() => StepUserDataContains(/x/), {
      name: "TypeError",
      message: /text must be a string, got a RegExp/,
    });
  });
});

describe("built-in filters on any JSON input", () => {
  const filters: SyncFilter[] = [
    JSONKeyEquals("data.step.id", "x"),
    JSONKeyIn("data.step.id", ["x", { a: 1 }]),
    JSONKeyExists("data.step.id"),
    StepID("x"),
    StepID(["x", "y"]),
    StepName("x"),
    Channel("x"),
    InputType("message"),
    InputMatches(/x/g),
    InputMatches("x"),
    SessionValueEquals("x", 1),
    SessionValueExists("x"),
    StepUserDataKeyEquals("x", 1),
    StepUserDataKeyIn("x", [1]),
    StepUserDataKeyExists("x"),
    StepUserDataContains("x"),
    and(StepID("x"), not(Channel("x"))),
    or(StepID("x"), SessionValueExists("x")),
  ];
  const inputs: unknown[] = [
    undefined,
    null,
    0,
    "",
    "data",
    true,
    [],
    [{ data: {} }],
    {},
    { data: null },
    { data: [] },
    { data: "step" },
    { data: { step: null, session: null, input: null, channel: null } },
    { data: { step: [], session: [], input: [], channel: [] } },
    {
      data: {
        step: { name: 1, userData: [] },
        session: { values: [] },
        input: { type: null },
      },
    },
    {
      data: {
        step: { userData: "{" },
        session: { values: null },
        input: { type: "legacy_reply_to_message_action", text: null },
      },
    },
    {
      data: {
        step: { userData: "[1]" },
        session: { values: "x" },
        input: { type: "legacy_reply_to_message_action", text: {} },
      },
    },
  ];

  it("returns false and never throws nor returns a Promise", () => {
    for (const filter of filters) {
      for (const input of inputs) {
        const result = filter(input);
        assert.equal(result, false, `${describeFilter(filter)} on ${JSON.stringify(input)}`);
      }
    }
  });

  it("ignores the request", () => {
    const request = new Request("http://localhost/", { method: "POST" });
    assert.equal(StepID("x")({ data: { step: { id: "x" } } }, request), true);
  });
});

describe("and(), or() and not()", () => {
  const yes: SyncFilter = () => true;
  const no: SyncFilter = () => false;
  const asyncYes: Filter = () => Promise.resolve(true);
  const asyncNo: Filter = () => Promise.resolve(false);

  function counter(result: boolean | Promise<boolean> = true) {
    const filter = Object.assign(() => {
      filter.calls++;
      return result;
    }, { calls: 0 });
    return filter;
  }

  it("combine synchronous filters synchronously", () => {
    assert.equal(and(yes, yes)({}), true);
    assert.equal(and(yes, no)({}), false);
    assert.equal(or(no, yes)({}), true);
    assert.equal(or(no, no)({}), false);
    assert.equal(not(yes)({}), false);
    assert.equal(not(no)({}), true);
    assert.equal(and(or(no, yes), not(no))({}), true);
  });

  it("and() stops at the first filter that rejects", () => {
    const next = counter();
    assert.equal(and(yes, no, next)({}), false);
    assert.equal(next.calls, 0);
    assert.equal(and(yes, next, next)({}), true);
    assert.equal(next.calls, 2);
  });

  it("or() stops at the first filter that accepts", () => {
    const next = counter(false);
    assert.equal(or(no, yes, next)({}), true);
    assert.equal(next.calls, 0);
    assert.equal(or(next, next)({}), false);
    assert.equal(next.calls, 2);
  });

  it("stay synchronous until a filter returns a Promise", () => {
    const next = counter();
    assert.equal(and(no, asyncYes)({}), false, "no Promise when it stops before the async part");
    assert.equal(or(yes, asyncNo)({}), true, "no Promise when it stops before the async part");
    const pending = and(yes, asyncYes, next)({});
    assert.ok(pending instanceof Promise);
    assert.equal(next.calls, 0, "the rest waits for the Promise");
    return pending.then((result) => {
      assert.equal(result, true);
      assert.equal(next.calls, 1);
    });
  });

  it("and() stops after an async filter that rejects", async () => {
    const next = counter();
    assert.equal(await and(asyncNo, next)({}), false);
    assert.equal(await and(asyncYes, no, next)({}), false);
    assert.equal(next.calls, 0);
    assert.equal(await and(asyncYes, next, asyncYes, next)({}), true);
    assert.equal(next.calls, 2);
  });

  it("or() stops after an async filter that accepts", async () => {
    const next = counter(false);
    assert.equal(await or(asyncYes, next)({}), true);
    assert.equal(await or(asyncNo, yes, next)({}), true);
    assert.equal(next.calls, 0);
    assert.equal(await or(asyncNo, next, asyncNo, next)({}), false);
    assert.equal(next.calls, 2);
  });

  it("not() negates an async filter", async () => {
    const negated = not(asyncNo)({});
    assert.ok(negated instanceof Promise);
    assert.equal(await negated, true);
    assert.equal(await not(asyncYes)({}), false);
    assert.equal(await not(not(asyncYes))({}), true);
  });

  it("nest sync and async filters", async () => {
    const filter = and(or(asyncNo, StepID("1")), not(and(asyncYes, Channel("web"))));
    assert.equal(await filter(notification({ step: { id: "1" }, channel: "facebook" })), true);
    assert.equal(await filter(notification({ step: { id: "1" }, channel: "web" })), false);
    assert.equal(await filter(notification({ step: { id: "2" }, channel: "facebook" })), false);
  });

  it("propagate a rejected Promise from a custom filter", async () => {
    const failing: Filter = () => Promise.reject(new Error("Lookup failed"));
    await assert.rejects(async () => await and(yes, failing)({}), { message: "Lookup failed" });
    await assert.rejects(async () => await or(no, failing)({}), { message: "Lookup failed" });
    await assert.rejects(async () => await not(failing)({}), { message: "Lookup failed" });
  });

  it("pass the data and the request to custom filters", async () => {
    const request = new Request("http://localhost/", {
      method: "POST",
      headers: { "X-Token": "t" },
    });
    const hasToken: Filter = (_data, req) => req?.headers.has("X-Token") ?? false;
    const seen: unknown[] = [];
    const spy: Filter = (data, req) => {
      seen.push(data, req);
      return true;
    };
    const data = notification({});
    assert.equal(and(spy, hasToken)(data, request), true);
    assert.equal(or(no, hasToken)(data, request), true);
    assert.equal(not(hasToken)(data), true);
    assert.equal(await and(asyncYes, spy)(data, request), true);
    assert.deepEqual(seen, [data, request, data, request]);
  });

  it("count only true as acceptance, like the router", async () => {
    const one = (() => 1) as unknown as Filter;
    const asyncOne = (() => Promise.resolve(1)) as unknown as Filter;
    assert.equal(and(one)({}), false);
    assert.equal(or(one)({}), false);
    assert.equal(not(one)({}), true);
    assert.equal(await and(asyncOne)({}), false);
    assert.equal(await or(asyncOne)({}), false);
    assert.equal(await not(asyncOne)({}), true);
  });

  it("await a thenable that is not a Promise", async () => {
    const thenable =
      (() => ({ then: (resolve: (value: boolean) => void) => resolve(true) })) as unknown as Filter;
    assert.equal(await and(thenable)({}), true);
    assert.equal(await not(thenable)({}), false);
  });

  it("accept with no filters for and(), reject for or()", () => {
    assert.equal(and()({}), true);
    assert.equal(or()({}), false);
  });

  it("reject an argument that is not a function with a TypeError", () => {
    // @ts-expect-error: filters must be functions
    assert.throws(() => and(yes, "StepID"), {
      name: "TypeError",
      message: /^Cannot create and filter: argument 2 must be a function, got string "StepID"$/,
    });
    // @ts-expect-error: idem
    assert.throws(() => or(null), {
      name: "TypeError",
      message: /^Cannot create or filter: argument 1 must be a function, got null$/,
    });
    // @ts-expect-error: idem
    assert.throws(() => not(undefined), {
      name: "TypeError",
      message: /^Cannot create not filter: argument 1 must be a function, got undefined$/,
    });
  });

  it("are not affected by changes to the array of filters passed in", () => {
    const parts: SyncFilter[] = [yes];
    const filter = and(...parts);
    parts.push(no);
    assert.equal(filter({}), true);
  });
});

describe("describeFilter()", () => {
  it("shows the call that made a built-in filter", () => {
    const cases: [Filter, string][] = [
      [
        JSONKeyEquals("data.step.id", "507f191e810c19729de860ea"),
        'JSONKeyEquals("data.step.id", "507f191e810c19729de860ea")',
      ],
      [
        JSONKeyEquals("a", { x: [1, null], y: true }),
        'JSONKeyEquals("a", {"x": [1, null], "y": true})',
      ],
      [JSONKeyIn("user.id", [1, 2]), 'JSONKeyIn("user.id", [1, 2])'],
      [JSONKeyExists("user.id"), 'JSONKeyExists("user.id")'],
      [StepID("507f191e810c19729de860ea"), 'StepID("507f191e810c19729de860ea")'],
      [StepID(["a", "b"]), 'StepID(["a", "b"])'],
      [StepName('A "quoted" step'), 'StepName("A \\"quoted\\" step")'],
      [Channel(["web"]), 'Channel(["web"])'],
      [InputType("message"), 'InputType("message")'],
      [InputMatches(/^hi\b/gi), "InputMatches(/^hi\\b/gi)"],
      [InputMatches("yes"), 'InputMatches("yes")'],
      [SessionValueEquals("lang", "fr"), 'SessionValueEquals("lang", "fr")'],
      [SessionValueExists("lang"), 'SessionValueExists("lang")'],
      [StepUserDataKeyEquals("a.b", 1), 'StepUserDataKeyEquals("a.b", 1)'],
      [StepUserDataKeyIn("a", [null]), 'StepUserDataKeyIn("a", [null])'],
      [StepUserDataKeyExists("a"), 'StepUserDataKeyExists("a")'],
      [StepUserDataContains("#faq"), 'StepUserDataContains("#faq")'],
      [
        and(StepName("a"), not(SessionValueExists("lang"))),
        'and(StepName("a"), not(SessionValueExists("lang")))',
      ],
      [or(StepID("a"), and()), 'or(StepID("a"), and())'],
    ];
    for (const [filter, expected] of cases) assert.equal(describeFilter(filter), expected);
  });

  it('uses a custom filter\'s name, or "custom filter"', () => {
    function isAdmin(): boolean {
      return true;
    }
    const hasToken: Filter = () => true;
    const anonymous: Filter = ((): Filter => () => true)();
    assert.equal(describeFilter(isAdmin), "isAdmin");
    assert.equal(describeFilter(hasToken), "hasToken");
    assert.equal(describeFilter(anonymous), "custom filter");
    assert.equal(
      describeFilter(and(isAdmin, anonymous, not(hasToken))),
      "and(isAdmin, custom filter, not(hasToken))",
    );
  });

  it("is not fooled by a custom filter named like a built-in one", () => {
    const StepID = () => true;
    assert.equal(describeFilter(StepID), "StepID");
  });

  it("keeps the description when the value passed in changes later", () => {
    const value = { a: 1 };
    const filter = JSONKeyEquals("x", value);
    value.a = 2;
    assert.equal(describeFilter(filter), 'JSONKeyEquals("x", {"a": 1})');
  });
});

describe("filters on the fixture notifications", () => {
  const full = fixture("full.json");
  const minimal = fixture("minimal.json");

  it("match full.json", () => {
    const accepted: SyncFilter[] = [
      StepID("1234"),
      StepID(["x", "1234"]),
      StepName("A step"),
      Channel("facebook"),
      InputType("custom_event"),
      SessionValueEquals("name", "tintin"),
      SessionValueExists("name"),
      StepUserDataContains("{}"),
      JSONKeyEquals("topic", "conversation.step_reached"),
      JSONKeyEquals("type", "notification_event"),
      JSONKeyEquals("data.interlocutor.location", { long: 2.4, lat: 1 }),
      JSONKeyEquals("data.interlocutor.customAttributes.age", "21"),
      JSONKeyEquals("data.step.actions", [{ type: "pause_bot_action" }]),
      JSONKeyExists("data.interlocutor.externalID"),
      JSONKeyEquals("data.interlocutor.lastName", null),
      JSONKeyIn("data.interlocutor.isLogged", [true]),
      JSONKeyIn("timestamp", [1514998709]),
      and(StepID("1234"), InputType("custom_event"), not(StepUserDataKeyExists("lang"))),
    ];
    for (const filter of accepted) assert.equal(filter(full), true, describeFilter(filter));
    const rejected: SyncFilter[] = [
      StepID("507f191e810c19729de860ea"),
      Channel("web"),
      InputType("message"),
      InputMatches(/event1/),
      InputMatches("event1"),
      SessionValueEquals("name", "milou"),
      SessionValueExists("lang"),
      StepUserDataKeyExists("lang"),
      StepUserDataKeyEquals("lang", "fr"),
      JSONKeyExists("data.step.actions.0"),
      JSONKeyExists("data.step.actions.0.type"),
      JSONKeyEquals("data.interlocutor.usedToTest", 0),
      or(StepName("Other"), SessionValueExists("lang")),
    ];
    for (const filter of rejected) assert.equal(filter(full), false, describeFilter(filter));
  });

  it("match minimal.json, which has no input and few interlocutor fields", () => {
    assert.equal(StepID("1234")(minimal), true);
    assert.equal(SessionValueEquals("name", "tintin")(minimal), true);
    assert.equal(StepUserDataKeyEquals("lang", "fr")(minimal), false);
    assert.equal(InputType(["message", "custom_event"])(minimal), false);
    assert.equal(InputMatches(/.*/)(minimal), false);
    assert.equal(JSONKeyExists("type")(minimal), false);
    assert.equal(JSONKeyExists("data.interlocutor.externalID")(minimal), false);
    assert.equal(JSONKeyExists("data.input")(minimal), false);
  });
});
