// The bot file of the conversation harness: createBot() and BotSchema check
// it with the model layer and name every problem by its path.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as v from "valibot";
import { InterlocutorSchema } from "../mod.ts";
import { BotSchema, createBot } from "../src/testing/mod.ts";
import routingBot from "../examples/routing.bot.json" with { type: "json" };

const A = "a1a1a1a1a1a1a1a1a1a1a1a1";
const B = "b2b2b2b2b2b2b2b2b2b2b2b2";

function invalid(file: unknown, ...parts: string[]): void {
  assert.throws(() => createBot(file), (error: unknown) => {
    assert.ok(error instanceof TypeError, String(error));
    assert.match(error.message, /^Invalid bot file: /);
    for (const part of parts) {
      assert.ok(error.message.includes(part), `${error.message}\n  lacks: ${part}`);
    }
    return true;
  });
}

describe("createBot()", () => {
  test("createBot() loads examples/routing.bot.json, every step checked", () => {
    const bot = createBot(routingBot);
    assert.equal(bot.start?.name, "welcome");
    assert.deepEqual(bot.steps.map((step) => [step.name, step.webhook]), [
      ["welcome", true],
      ["subscribe", true],
      ["unsubscribe", true],
      ["french", true],
      ["menu", false],
      ["goodbye", false],
      ["manage", false],
      ["about", true],
    ]);
    assert.equal(bot.step("subscribe").userData, '{"action": "subscribe"}');
  });

  test("createBot() fills in the defaults: userData, webhook, session, a complete interlocutor, channel, botID", () => {
    const bot = createBot({ steps: [{ id: A, name: "welcome", actions: [] }] });
    const step = bot.step("welcome");
    assert.equal(step.userData, "");
    assert.equal(step.webhook, true);
    assert.equal(bot.start, undefined);
    assert.deepEqual(bot.session, { values: {} });
    assert.equal(bot.channel, "web");
    assert.equal(bot.botID, "000000000000000000000000");
    assert.equal(v.is(InterlocutorSchema, bot.interlocutor), true);
    assert.equal(bot.interlocutor.usedToTest, true);
  });

  test("createBot() puts the file's interlocutor fields over the default test interlocutor", () => {
    const bot = createBot({
      steps: [{ id: A, name: "welcome", actions: [] }],
      interlocutor: { firstName: "Tintin", customAttributes: { plan: "pro" }, isLogged: true },
      session: { values: { lang: "fr" } },
      channel: "facebook",
      botID: "bot-1",
    });
    assert.equal(bot.interlocutor.firstName, "Tintin");
    assert.deepEqual(bot.interlocutor.customAttributes, { plan: "pro" });
    assert.equal(bot.interlocutor.userID, "test-user");
    assert.deepEqual(bot.session, { values: { lang: "fr" } });
    assert.equal(bot.channel, "facebook");
    assert.equal(bot.botID, "bot-1");
  });

  test("createBot() finds steps by id, then by name, and lists the steps for an unknown one", () => {
    const bot = createBot({
      steps: [{ id: A, name: "welcome", actions: [] }, { id: B, name: "help", actions: [] }],
    });
    assert.equal(bot.step(A).name, "welcome");
    assert.equal(bot.step("help").id, B);
    assert.equal(bot.find("nope"), undefined);
    assert.equal(bot.byId("help"), undefined, "byId looks at ids only");
    assert.throws(() => bot.step("nope"), {
      name: "TypeError",
      message: 'Unknown step "nope": the bot file has "welcome", "help"',
    });
  });

  test("createBot() accepts a file without steps: steps may then be given to reach()", () => {
    assert.deepEqual(createBot({ steps: [] }).steps, []);
  });

  test("createBot() keeps actions the module does not know as opaque objects, as in a notification", () => {
    const bot = createBot({
      steps: [{ id: A, name: "welcome", actions: [{ type: "new_platform_action", x: 1 }] }],
    });
    assert.deepEqual(bot.step("welcome").actions, [{ type: "new_platform_action", x: 1 }]);
  });

  test("createBot() returns a frozen bot, and the same bot when given one", () => {
    const bot = createBot({ steps: [{ id: A, name: "welcome", actions: [] }] });
    assert.equal(Object.isFrozen(bot.steps[0]), true);
    assert.equal(Object.isFrozen(bot.session.values), true);
    assert.equal(createBot(bot), bot);
  });

  test("createBot() names the path of an invalid action", () => {
    invalid(
      {
        steps: [{ id: A, name: "a", actions: [] }, {
          id: B,
          name: "b",
          actions: [{ type: "send_text_action" }],
        }],
      },
      "steps.1.actions.0.alternatives: required",
    );
    invalid(
      { steps: [{ id: A, name: "a", actions: [{ type: "wait_action", duration: 9 }] }] },
      "steps.0.actions.0.duration: expected a number from 0.5 to 7",
    );
  });

  test("createBot() refuses what is not a bot file: not an object, no steps, bad fields", () => {
    invalid("steps", "Invalid bot file: expected an object");
    invalid({}, "steps: required");
    invalid({ steps: {} }, "steps: expected a list");
    invalid(
      { steps: [{ id: "", name: "a", actions: {} }] },
      "steps.0.id: expected at least 1 character",
      "steps.0.actions: expected a list",
    );
    invalid(
      { steps: [{ id: A, name: "a", actions: [], webhook: "no" }] },
      "steps.0.webhook: expected a boolean",
    );
    invalid(
      { steps: [{ id: A, name: "a", actions: [] }], session: { values: 1 } },
      "session.values: expected an object",
    );
    invalid(
      { steps: [{ id: A, name: "a", actions: [] }], interlocutor: { email: 3 } },
      "interlocutor.email: expected a string",
    );
  });

  test("createBot() refuses unknown keys, so a misspelt key does not pass unseen", () => {
    invalid(
      { steps: [{ id: A, name: "a", actions: [], webook: false }] },
      'steps.0: expected only the keys of a step (id, name, userData, actions, webhook); got "webook"',
    );
    invalid(
      { steps: [{ id: A, name: "a", actions: [] }], stat: "a" },
      'expected only the keys of a bot file (description, steps, start, session, interlocutor, channel, botID); got "stat"',
    );
  });

  test("createBot() refuses duplicate ids and names, a name that is another step's id, and an unknown start", () => {
    invalid(
      {
        start: "nowhere",
        steps: [
          { id: A, name: "a", actions: [] },
          { id: A, name: "a", actions: [] },
          { id: B, name: A, actions: [] },
        ],
      },
      `steps.1.id: expected a unique id ("${A}" is the id of steps.0)`,
      'steps.1.name: expected a unique name ("a" is the name of steps.0)',
      `steps.2.name: expected a name that is no other step's id ("${A}" is the id of steps.0)`,
      'start: expected the id or name of a step (got "nowhere")',
    );
  });
});

describe("BotSchema", () => {
  test("BotSchema accepts the example bot file and refuses a bad one with issues by path", () => {
    assert.equal(v.is(BotSchema, routingBot), true);
    const result = v.safeParse(BotSchema, {
      steps: [{ id: A, name: "a", actions: [{ type: "pause_bot_action" }, {}] }],
    });
    assert.equal(result.success, false);
    assert.deepEqual(
      result.issues?.map((issue) => issue.path?.map((item) => item.key).join(".")),
      ["steps.0.actions.1.type"],
    );
  });
});
