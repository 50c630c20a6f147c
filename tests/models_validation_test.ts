// Behaviour of the model layer: constructors, strict schemas, the lenient
// notification check, the response check and the issue rendering.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as v from "valibot";
import {
  ActionSchema,
  Button,
  Card,
  CardSchema,
  collectUnknownActions,
  ConversationSession,
  ConversationSessionSchema,
  formatIssues,
  GoToAction,
  InterlocutorSchema,
  isKnownAction,
  parseNotification,
  ResponseValidationError,
  SendAiTaskAction,
  SendChoicesListActionSchema,
  SendImageActionSchema,
  SendTextAction,
  SendTextActionSchema,
  SetUserAttributeActionSchema,
  ShareAction,
  StepReachedResponse,
  StepReachedResponseSchema,
  StepTarget,
  StoreSessionValueActionSchema,
  validateResponse,
  WaitAction,
  ZendeskUserSchema,
} from "../src/models/mod.ts";
import { echoedUnknownActions } from "../src/models/_validation.ts";

const TARGET = { type: "step", id: "a1a1a1a1a1a1a1a1a1a1a1a1" } as const;
const readNotification = (name: string): unknown =>
  JSON.parse(
    readFileSync(new URL(`../../shared/fixtures/notifications/${name}`, import.meta.url), "utf8"),
  );
const issuesOf = (schema: v.GenericSchema<unknown>, value: unknown): string[] => {
  const result = v.safeParse(schema, value);
  return result.success ? [] : formatIssues(result.issues);
};

describe("constructors", () => {
  test("SendTextAction fills type and returns the plain wire object", () => {
    assert.deepEqual(SendTextAction({ alternatives: ["hi"] }), {
      type: "send_text_action",
      alternatives: ["hi"],
    });
  });

  test("WaitAction defaults duration to 2", () => {
    assert.deepEqual(WaitAction(), { type: "wait_action", duration: 2 });
    assert.deepEqual(WaitAction({ duration: 1 }), { type: "wait_action", duration: 1 });
  });

  test("Card defaults buttons to an empty list", () => {
    assert.deepEqual(Card({ title: "t" }), { type: "card", buttons: [], title: "t" });
  });

  test("SendAiTaskAction defaults userAttributes to false", () => {
    const action = SendAiTaskAction({
      engine: { type: "ai_task_engine", name: "Rune", opts: {} },
      behaviors: [],
      defaultTarget: null,
    });
    assert.equal(action.userAttributes, false);
    assert.ok(v.is(ActionSchema, action));
  });

  test("constructors do not validate", () => {
    assert.doesNotThrow(() => SendTextAction({ alternatives: [] }));
  });

  test("nested constructors build a valid card", () => {
    const card = Card({
      title: "Tintin",
      buttons: [Button({ title: "Go", action: GoToAction({ target: StepTarget(TARGET) }) })],
    });
    assert.deepEqual(issuesOf(CardSchema, card), []);
  });

  test("StepReachedResponse and ConversationSession keep their fields", () => {
    const body = StepReachedResponse({
      actions: [ShareAction() as never],
      session: ConversationSession({ values: { a: 1 } }),
    });
    assert.deepEqual(body.session, { values: { a: 1 } });
  });
});

describe("strict schemas", () => {
  test("SendTextActionSchema rejects 11 alternatives", () => {
    const action = SendTextAction({ alternatives: Array(11).fill("x") });
    assert.deepEqual(issuesOf(SendTextActionSchema, action), [
      "alternatives: expected 1 to 10 items",
    ]);
  });

  test("lengths count code points: 1000 emoji fit, 1001 do not", () => {
    assert.ok(v.is(SendTextActionSchema, SendTextAction({ alternatives: ["😀".repeat(1000)] })));
    assert.deepEqual(
      issuesOf(SendTextActionSchema, SendTextAction({ alternatives: ["😀".repeat(1001)] })),
      ["alternatives.0: expected 1 to 1000 characters"],
    );
  });

  test("word keys accept letters of any script and reject punctuation", () => {
    const action = (key: string) => ({ type: "store_session_value_action", key, value: "v" });
    assert.ok(v.is(StoreSessionValueActionSchema, action("prénom")));
    assert.ok(v.is(StoreSessionValueActionSchema, action("ключ_2")));
    assert.deepEqual(issuesOf(StoreSessionValueActionSchema, action("ab-c")), [
      "key: expected letters, digits or underscores only",
    ]);
  });

  test("set_user_attribute_action refuses the key id in any case", () => {
    const action = { type: "set_user_attribute_action", key: "Id", value: "v" };
    assert.deepEqual(issuesOf(SetUserAttributeActionSchema, action), [
      'key: expected a key other than "id"',
    ]);
  });

  test("URLs need a scheme and a host; images need http or https", () => {
    const image = (imageURL: string) => ({ type: "send_image_action", imageURL });
    assert.ok(v.is(SendImageActionSchema, image("https://example.com/a.png")));
    for (const bad of ["//example.com/x", "http://", "not a url", "ftp://example.com/a.png"]) {
      assert.equal(v.is(SendImageActionSchema, image(bad)), false, bad);
    }
  });

  test("opt without null ok accepts absent and rejects null", () => {
    const base = { type: "send_text_action", alternatives: ["a"] };
    assert.ok(v.is(SendTextActionSchema, base));
    assert.equal(v.is(SendTextActionSchema, { ...base, text: null }), false);
  });

  test("null ok accepts null; req null ok still needs the key", () => {
    const jump = { type: "jump_to_action", connections: [] };
    assert.ok(v.is(ActionSchema, { ...jump, defaultTarget: null }));
    assert.deepEqual(issuesOf(ActionSchema, jump), ["defaultTarget: required"]);
  });

  test("unknown extra keys are accepted and kept", () => {
    const result = v.safeParse(ActionSchema, { type: "pause_bot_action", extra: 1 });
    assert.ok(result.success);
    if (result.success) {
      assert.equal((result.output as unknown as Record<string, unknown>).extra, 1);
    }
  });

  test("google_custom_search_action needs an integer limit", () => {
    const action = (limit: number) => ({
      type: "google_custom_search_action",
      query: "q",
      customEngineID: "e",
      limit,
    });
    assert.ok(v.is(ActionSchema, action(3)));
    assert.deepEqual(issuesOf(ActionSchema, action(2.5)), [
      "limit: expected an integer from 1 to 10",
    ]);
  });

  test("send_choices_list_action needs a title on each of several sections", () => {
    const choice = { type: "choice", title: "c" };
    const action = {
      type: "send_choices_list_action",
      placeholder: "p",
      action: { type: "go_to_action", target: TARGET },
      sections: [
        { type: "section", choices: [choice], title: "A" },
        { type: "section", choices: [choice], title: "" },
        { type: "section", choices: [choice] },
      ],
    };
    assert.deepEqual(issuesOf(SendChoicesListActionSchema, action), [
      "sections.1.title: expected a non-empty title when there are several sections",
      "sections.2.title: expected a non-empty title when there are several sections",
    ]);
    const single = { ...action, sections: [{ type: "section", choices: [choice] }] };
    assert.deepEqual(issuesOf(SendChoicesListActionSchema, single), []);
  });

  test("ActionSchema rejects an unknown type", () => {
    assert.deepEqual(issuesOf(ActionSchema, { type: "send_txt_action" }), [
      "type: expected a known type",
    ]);
  });

  test("StepReachedResponseSchema rejects an unknown action type", () => {
    assert.equal(v.is(StepReachedResponseSchema, { actions: [{ type: "brand_new" }] }), false);
  });

  test("InterlocutorSchema checks custom attribute keys", () => {
    const interlocutor = {
      id: "1",
      userID: "u",
      location: null,
      email: null,
      firstName: null,
      lastName: null,
      phoneNumber: null,
      customAttributes: { "bad-key": "v" },
    };
    assert.deepEqual(issuesOf(InterlocutorSchema, interlocutor), [
      "customAttributes.bad-key: expected letters, digits or underscores only",
    ]);
  });

  // ZendeskUserSchema (all keys optional) and ConversationSessionSchema (its
  // `values` is on Array.prototype) are the schemas that carry the array test.
  const asObject = (schema: v.GenericSchema<unknown>) =>
    schema as unknown as v.LooseObjectSchema<v.ObjectEntries, string>;
  const zendeskUser = asObject(ZendeskUserSchema);
  const session = asObject(ConversationSessionSchema);

  test("v.required(ZendeskUserSchema) refuses {} as valibot's own derived schemas do", () => {
    const plain = v.looseObject(zendeskUser.entries);
    assert.equal(v.is(v.required(plain), {}), false);
    assert.equal(v.is(v.required(zendeskUser), {}), false);
    assert.deepEqual(issuesOf(v.required(zendeskUser, ["email"]), {}), ["email: required"]);
    assert.equal(v.is(v.required(zendeskUser), { email: "", name: "", phoneNumber: "" }), true);
  });

  test("v.partial, v.pick and v.omit of a wrapped schema check their own entries", () => {
    assert.equal(v.is(v.partial(session), {}), true);
    assert.equal(v.is(v.omit(session, ["values"]), {}), true);
    assert.equal(v.is(v.pick(session, ["values"]), {}), false);
    assert.equal(v.is(v.pick(zendeskUser, ["email"]), { email: 1 }), false);
    assert.equal(v.is(v.omit(zendeskUser, ["email"]), { email: 1 }), true);
  });

  test("a schema derived from a wrapped one still refuses arrays", () => {
    for (
      const derived of [
        v.partial(session),
        v.omit(session, ["values"]),
        v.pick(session, ["values"]),
        v.partial(zendeskUser),
        v.pick(zendeskUser, ["email"]),
      ]
    ) {
      assert.deepEqual(issuesOf(derived, []), ["expected an object"]);
      assert.deepEqual(issuesOf(derived, ["a"]), ["expected an object"]);
    }
  });
});

describe("parseNotification", () => {
  test("accepts minimal.json and returns the same objects", () => {
    const json = readNotification("minimal.json") as { data: { session: unknown } };
    const result = parseNotification(json);
    assert.ok(result.success);
    if (!result.success) return;
    assert.equal(result.output, json);
    assert.equal(
      result.output.data.type === "step_reached_event" && result.output.data.session,
      json.data.session,
    );
  });

  test("accepts full.json", () => {
    assert.ok(parseNotification(readNotification("full.json")).success);
  });

  test("collects the unknown actions by identity and leaves the known ones out", () => {
    const json = readNotification("minimal.json") as {
      data: { step: { actions: Record<string, unknown>[] } };
    };
    const unknown = { type: "brand_new_action", x: 1 };
    json.data.step.actions.push(unknown);
    const result = parseNotification(json);
    assert.ok(result.success);
    if (!result.success) return;
    assert.ok(result.unknownActions.has(unknown));
    assert.equal(result.unknownActions.has(json.data.step.actions[0]!), false);
    assert.equal(isKnownAction(json.data.step.actions[1] as never), false);
  });

  test("names the missing paths", () => {
    const result = parseNotification({
      data: { type: "step_reached_event", step: {}, session: {} },
    });
    assert.equal(result.success, false);
    if (result.success) return;
    assert.deepEqual(formatIssues(result.issues), [
      "topic: required",
      "data.step.actions: required",
      "data.session.values: required",
    ]);
  });

  test("rejects a body that is not an object", () => {
    const result = parseNotification([]);
    assert.equal(result.success, false);
    if (!result.success) assert.deepEqual(formatIssues(result.issues), ["expected an object"]);
  });

  test("rejects an action without a string type", () => {
    const json = readNotification("minimal.json") as {
      data: { step: { actions: unknown[] } };
    };
    json.data.step.actions.push({ type: 3 });
    const result = parseNotification(json);
    assert.equal(result.success, false);
    if (!result.success) {
      assert.deepEqual(formatIssues(result.issues), [
        "data.step.actions.1: expected an object with a string type",
      ]);
    }
  });

  test("accepts an event type it does not know without checking its data", () => {
    const result = parseNotification({ topic: "x", data: { type: "future_event" } });
    assert.ok(result.success);
  });
});

describe("validateResponse", () => {
  test("accepts a valid response", () => {
    assert.deepEqual(
      validateResponse({ actions: [SendTextAction({ alternatives: ["hi"] })], session: null }),
      { success: true },
    );
  });

  test("names failing paths without echoing values", () => {
    const secret = "s3cr3t-value-that-must-not-leak";
    const result = validateResponse({
      actions: [
        SendTextAction({ alternatives: [] }),
        { type: "wait_action", duration: secret },
      ],
      session: { values: secret },
    });
    assert.equal(result.success, false);
    if (result.success) return;
    const lines = formatIssues(result.issues);
    assert.deepEqual(lines, [
      "session.values: expected an object",
      "actions.0.alternatives: expected 1 to 10 items",
      "actions.1.duration: expected a number",
    ]);
    assert.ok(lines.every((line) => !line.includes(secret)));
  });

  test("lets through exactly the passthrough actions", () => {
    const unknown = { type: "brand_new_action" };
    const passthrough = new WeakSet<object>([unknown]);
    assert.ok(validateResponse({ actions: [unknown] }, passthrough).success);
    assert.equal(
      validateResponse({ actions: [{ type: "brand_new_action" }] }, passthrough).success,
      false,
    );
    assert.equal(validateResponse({ actions: [unknown] }).success, false);
  });

  test("echoing step.actions with an unknown action works", () => {
    const json = readNotification("full.json") as {
      data: { step: { actions: unknown[] } };
    };
    json.data.step.actions.push({ type: "brand_new_action", payload: { a: 1 } });
    const parsed = parseNotification(json);
    assert.ok(parsed.success);
    if (!parsed.success) return;
    const body = { actions: json.data.step.actions };
    assert.ok(validateResponse(body, parsed.unknownActions).success);
  });

  test("collectUnknownActions lets a cloned event's unknown actions through", () => {
    const json = readNotification("full.json") as {
      data: { step: { actions: unknown[] } };
    };
    json.data.step.actions.push({ type: "brand_new_action" });
    const parsed = parseNotification(json);
    assert.ok(parsed.success);
    if (!parsed.success) return;
    const copy = structuredClone(json.data);
    const body = { actions: copy.step.actions };
    assert.equal(validateResponse(body, parsed.unknownActions).success, false);
    collectUnknownActions(copy, parsed.unknownActions);
    assert.ok(validateResponse(body, parsed.unknownActions).success);
    assert.ok(validateResponse({ actions: json.data.step.actions }, parsed.unknownActions).success);
  });

  test("echoedUnknownActions and collectUnknownActions agree on which step actions are unknown", () => {
    const stepActions = [
      { type: "brand_new_action", x: 1 },
      { type: "wait_action", duration: 1 },
      { type: 5 },
      {},
      ["brand_new_action"],
    ];
    const event = { step: { actions: stepActions } };
    const collected = collectUnknownActions(event);
    assert.deepEqual(stepActions.map((action) => collected.has(action)), [
      true,
      false,
      false,
      false,
      false,
    ]);
    const answer = { actions: structuredClone(stepActions) };
    const echoed = echoedUnknownActions({ data: event }, answer);
    assert.deepEqual(answer.actions.map((action) => echoed.has(action)), [
      true,
      false,
      false,
      false,
      false,
    ]);
    const result = validateResponse(answer, echoed);
    // An echoed action without a string type is checked: the platform would refuse it.
    assert.deepEqual(result.success ? [] : formatIssues(result.issues), [
      "actions.2.type: expected a known type",
      "actions.3.type: required",
      "actions.4: expected an object",
    ]);
  });

  test("rejects a body without actions", () => {
    const result = validateResponse({});
    assert.equal(result.success, false);
    if (!result.success) assert.deepEqual(formatIssues(result.issues), ["actions: required"]);
  });
});

describe("ResponseValidationError", () => {
  test("carries the issues and a message of paths", () => {
    const result = validateResponse({ actions: [{ type: "wait_action", duration: 9 }] });
    assert.equal(result.success, false);
    if (result.success) return;
    const error = new ResponseValidationError(result.issues);
    assert.ok(error instanceof Error);
    assert.equal(error.name, "ResponseValidationError");
    assert.equal(error.issues, result.issues);
    assert.equal(
      error.message,
      "Invalid response: actions.0.duration: expected a number from 0.5 to 7",
    );
  });
});
