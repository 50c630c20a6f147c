// The flow rules the conversation harness evaluates locally: the conditions
// of a jump_to_action's connections (and the ones it cannot evaluate), and
// the add / isInt rules of the store actions.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Condition, Input, JumpToAction, Predicate, ValueGetter } from "../mod.ts";
import { chooseJump, type FlowState, storedValue } from "../src/testing/_flow.ts";
import { pythonRegExp } from "../src/models/_python_regexp.ts";
import { defaultInterlocutor } from "../src/testing/bot.ts";
import { createConversation } from "../src/testing/mod.ts";
import { echo, id, say, step } from "./_conversation.ts";

const YES = { type: "step" as const, id: id(1) };
const NO = { type: "step" as const, id: id(2) };

function jump(predicates: Predicate[], defaultTarget: typeof NO | null = NO): JumpToAction {
  return {
    type: "jump_to_action",
    connections: [{ type: "flow_connection", target: YES, predicates }],
    defaultTarget,
  };
}

function on(valueGetter: ValueGetter, condition: Condition): Predicate {
  return { type: "connection_predicate", valueGetter, condition } as Predicate;
}

function state(values: Record<string, unknown> = {}, input?: Input): FlowState {
  const interlocutor = defaultInterlocutor();
  interlocutor.customAttributes = { age: "21" };
  interlocutor.email = "tintin@moulinsart.fr";
  return { session: { values }, interlocutor, input };
}

const message = (text: string): Input => ({ type: "message", text, attachments: [] });
const session = (key: string): ValueGetter => ({ type: "session_value", key });

/** Whether the jump takes the connection (true) or the default target (false). */
function takes(predicate: Predicate, flow: FlowState): boolean {
  return chooseJump(jump([predicate]), flow).target === YES;
}

describe("chooseJump()", () => {
  test("is_set and is_not_set tell a missing, null or empty value from a set one", () => {
    for (
      const [values, set] of [[{ k: "x" }, true], [{ k: 0 }, true], [{}, false], [
        { k: null },
        false,
      ], [{ k: "" }, false]] as const
    ) {
      assert.equal(
        takes(on(session("k"), { type: "is_set" }), state(values)),
        set,
        JSON.stringify(values),
      );
      assert.equal(takes(on(session("k"), { type: "is_not_set" }), state(values)), !set);
    }
  });

  test("equals and contains compare the text as written; the message is the turn's message or legacy reply", () => {
    const getter: ValueGetter = { type: "message" };
    assert.equal(
      takes(on(getter, { type: "equals", expected: "yes" }), state({}, message("yes"))),
      true,
    );
    assert.equal(
      takes(on(getter, { type: "equals", expected: "yes" }), state({}, message("Yes"))),
      false,
    );
    assert.equal(
      takes(
        on(getter, { type: "contains", values: ["stop", "bye"] }),
        state({}, { type: "legacy_reply_to_message_action", text: "ok bye" }),
      ),
      true,
    );
    assert.equal(
      takes(on(getter, { type: "contains", values: ["stop"] }), state({}, message("go on"))),
      false,
    );
    assert.equal(
      takes(
        on(getter, { type: "equals", expected: "x" }),
        state({}, { type: "custom_event", name: "x" }),
      ),
      false,
    );
    assert.equal(takes(on(session("n"), { type: "equals", expected: "3" }), state({ n: 3 })), true);
  });

  test("match_regexp takes Python patterns: named groups and leading inline flags", () => {
    const getter: ValueGetter = { type: "message" };
    assert.equal(
      takes(on(getter, { type: "match_regexp", pattern: "^\\d{5}$" }), state({}, message("75001"))),
      true,
    );
    assert.equal(
      takes(
        on(getter, { type: "match_regexp", pattern: "(?i)^stop" }),
        state({}, message("STOP now")),
      ),
      true,
    );
    assert.equal(
      takes(
        on(getter, { type: "match_regexp", pattern: "(?P<w>a)(?P=w)" }),
        state({}, message("baab")),
      ),
      true,
    );
    assert.equal(
      takes(on(getter, { type: "match_regexp", pattern: "^\\d+$" }), state({}, message("12a"))),
      false,
    );
    assert.equal(pythonRegExp("(?ims)x")?.flags, "ims");
    assert.equal(pythonRegExp("("), undefined);
  });

  test("numeric conditions read numbers and numeric texts, and are false for anything else", () => {
    const age: ValueGetter = { type: "user_attribute", key: "age" };
    assert.equal(takes(on(age, { type: "is_number" }), state()), true);
    assert.equal(takes(on(age, { type: "is_greater_than_or_equal", minimum: 21 }), state()), true);
    assert.equal(takes(on(age, { type: "is_greater_than", minimum: 21 }), state()), false);
    assert.equal(takes(on(age, { type: "is_less_than", maximum: 30 }), state()), true);
    assert.equal(
      takes(on(session("n"), { type: "is_less_than_or_equal", maximum: 2.5 }), state({ n: 2.5 })),
      true,
    );
    assert.equal(
      takes(on(session("n"), { type: "is_less_than", maximum: 10 }), state({ n: "ten" })),
      false,
    );
    assert.equal(takes(on(session("n"), { type: "is_number" }), state({ n: " 1e3 " })), true);
    assert.equal(takes(on(session("n"), { type: "is_number" }), state({})), false);
  });

  test("a user attribute is a custom attribute, else the interlocutor's own field", () => {
    const email: ValueGetter = { type: "user_attribute", key: "email" };
    assert.equal(takes(on(email, { type: "contains", values: ["@moulinsart"] }), state()), true);
  });

  test("is_logged and is_not_logged read the interlocutor's isLogged", () => {
    const logged: Predicate = {
      type: "connection_user_predicate",
      condition: { type: "is_logged" },
    };
    const anonymous: Predicate = {
      type: "connection_user_predicate",
      condition: { type: "is_not_logged" },
    };
    const flow = state();
    assert.equal(takes(logged, flow), false);
    assert.equal(takes(anonymous, flow), true);
    flow.interlocutor.isLogged = true;
    assert.equal(takes(logged, flow), true);
  });

  test("all predicates of a connection must hold, and the first connection that holds wins", () => {
    const action: JumpToAction = {
      type: "jump_to_action",
      connections: [
        {
          type: "flow_connection",
          target: NO,
          predicates: [on(session("a"), { type: "is_set" }), on(session("b"), { type: "is_set" })],
        },
        {
          type: "flow_connection",
          target: YES,
          predicates: [on(session("a"), { type: "is_set" })],
        },
      ],
      defaultTarget: null,
    };
    assert.deepEqual(chooseJump(action, state({ a: 1 })), {
      target: YES,
      reason: 'connection 2 holds: session value "a" is set',
    });
    assert.deepEqual(chooseJump(action, state({})), {
      target: null,
      reason: "no connection holds: and there is no default target",
    });
  });

  test("a connection the harness cannot evaluate takes the default target, and says why", () => {
    const intent: Predicate = on({ type: "message" }, {
      type: "match_intent",
      intent: { type: "intent", id: id(7), name: "greeting" },
    });
    assert.deepEqual(chooseJump(jump([intent]), state({}, message("hello"))), {
      target: NO,
      reason:
        'connection 1 tests whether the message matches the intent "greeting", which the harness cannot evaluate (intents are matched by the platform\'s language understanding): the default target',
    });
    const online: Predicate = {
      type: "connection_team_predicate",
      condition: { type: "is_online" },
    };
    assert.match(
      chooseJump(jump([online]), state()).reason,
      /the team is online, which the harness cannot evaluate \(the team's availability is known to the platform only\)/,
    );
    const attachment = on({ type: "attachment_value", key: "doc" }, { type: "is_set" });
    assert.match(
      chooseJump(jump([attachment]), state()).reason,
      /it reads the attachment value "doc", which only the platform has/,
    );
  });

  test("a false predicate decides a connection even next to one the harness cannot evaluate", () => {
    const online: Predicate = {
      type: "connection_team_predicate",
      condition: { type: "is_online" },
    };
    const action: JumpToAction = {
      type: "jump_to_action",
      connections: [
        {
          type: "flow_connection",
          target: NO,
          predicates: [online, on(session("a"), { type: "is_set" })],
        },
        {
          type: "flow_connection",
          target: YES,
          predicates: [on(session("b"), { type: "is_set" })],
        },
      ],
      defaultTarget: null,
    };
    assert.equal(chooseJump(action, state({ b: 1 })).target, YES);
  });

  test("decide() settles the predicates the harness cannot evaluate", () => {
    const online: Predicate = {
      type: "connection_team_predicate",
      condition: { type: "is_online" },
    };
    const decide = (predicate: Predicate) =>
      predicate.type === "connection_team_predicate" ? true : undefined;
    assert.deepEqual(chooseJump(jump([online]), state(), decide), {
      target: YES,
      reason: "connection 1 holds: the team is online",
    });
    assert.equal(chooseJump(jump([online]), state(), () => undefined).target, NO);
  });

  test("createConversation({ decide }) hands the undecidable predicates to the test", async () => {
    const bot = {
      steps: [
        step(1, "yes", [say("online")]),
        step(2, "no", [say("offline")]),
        step(3, "route", [
          jump([{ type: "connection_team_predicate", condition: { type: "is_online" } }]),
        ], { webhook: false }),
      ],
    };
    const undecided = createConversation(echo(), { bot });
    assert.deepEqual((await undecided.reach("route")).texts, ["offline"]);
    const online = createConversation(echo(), { bot, decide: () => true });
    assert.deepEqual((await online.reach("route")).texts, ["online"]);
  });
});

describe("storedValue()", () => {
  test("storedValue() replaces, or with isInt stores an integer, or with add and isInt adds", () => {
    assert.deepEqual(storedValue("old", { value: "new" }), { value: "new" });
    assert.deepEqual(storedValue(undefined, { value: "-3", isInt: true }), { value: -3 });
    assert.deepEqual(storedValue(4, { value: "3", add: true, isInt: true }), { value: 7 });
    assert.deepEqual(storedValue("4", { value: "3", add: true, isInt: true }), { value: 7 });
    assert.deepEqual(storedValue(undefined, { value: "3", add: true, isInt: true }), { value: 3 });
    assert.deepEqual(storedValue("x", { value: "3", add: true, isInt: true }), {
      value: 3,
      note: 'the current value "x" is not a number: replaced',
    });
    assert.deepEqual(storedValue("a", { value: "b", add: true }), {
      value: "ab",
      note: "add without isInt: the harness appends the text to the current value",
    });
    assert.deepEqual(storedValue(1, { value: "1.5", isInt: true }), {
      value: "1.5",
      note: 'isInt is set but "1.5" is not an integer: stored as text',
    });
  });
});
