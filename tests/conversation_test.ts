// The conversation harness (createConversation in @clustaar/webhook/testing),
// in memory: examples/routing.ts through its bot file, the platform's
// behaviour the harness reproduces, every method and every error.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as v from "valibot";
import {
  events,
  NotificationSchema,
  parseNotification,
  StepName,
  StepReachedResponse,
  Webhook,
} from "../mod.ts";
import {
  ConversationError,
  createClock,
  createConversation,
  MAX_HOPS,
  signature,
  type Turn,
} from "../src/testing/mod.ts";
import app from "../examples/routing.ts";
import { app as namedApp } from "../examples/routing.ts";
import routingBot from "../examples/routing.bot.json" with { type: "json" };
import {
  echo,
  goTo,
  id,
  jumpTo,
  newsletterRoundTrip,
  replies,
  say,
  stable,
  step,
} from "./_conversation.ts";

const quiet = { onError: () => {} };

function texts(turns: readonly Turn[]): string[][] {
  return turns.map((turn) => turn.texts);
}

describe("createConversation() with examples/routing.ts", () => {
  test("examples/routing.ts exports its webhook as default, the same as app", () => {
    assert.equal(app, namedApp);
    assert.ok(app instanceof Webhook);
  });

  test("a multi-turn conversation with examples/routing.ts takes a few lines", async () => {
    const conversation = createConversation(app, { bot: routingBot });
    await newsletterRoundTrip(conversation);
  });

  test("each exchange tells which route answered and which filter declined each route before it", async () => {
    const conversation = createConversation(app, { bot: routingBot });
    await conversation.reach("welcome");
    const french = await conversation.click("En français");
    assert.deepEqual(french.texts, ["Bonjour !"]);
    assert.equal(conversation.session.values.lang, "fr");
    const routing = french.exchanges[0]!.routing!;
    assert.equal(routing.route?.handler, "greetInFrench");
    assert.deepEqual(routing.declined.map((d) => [d.route.handler, d.filter]), [
      ["subscribe", 'StepUserDataKeyEquals("action", "subscribe")'],
      ["unsubscribe", 'StepUserDataKeyEquals("action", "unsubscribe")'],
    ]);

    const english = await conversation.say("In English please");
    assert.deepEqual(english.steps.map((s) => s.name), ["french"]);
    assert.deepEqual(english.texts, ["Hello! (French speakers get the webhook's own greeting)"]);
    const declined = english.exchanges[0]!.routing!.declined;
    assert.deepEqual(declined.at(-1), {
      route: app.routes[2],
      filter: "not(InputMatches(/\\benglish\\b/i))",
      index: 1,
    });
    assert.equal(english.exchanges[0]!.routing!.route?.handler, "fallback");
  });

  test("the bot file's jump_to_action routes on the message and on session values", async () => {
    const conversation = createConversation(app, { bot: routingBot });
    const stranger = await conversation.say("hello", { to: "menu" });
    assert.deepEqual(stranger.steps.map((s) => s.name), ["menu", "welcome"]);
    assert.deepEqual(stranger.events.find((e) => e.type === "jump"), {
      type: "jump",
      by: "jump_to_action",
      step: { id: "5f1c0a000000000000000005", name: "menu" },
      target: { type: "step", id: "5f1c0a000000000000000001", name: "welcome" },
      to: { id: "5f1c0a000000000000000001", name: "welcome" },
      reason: "no connection holds: the default target",
    });
    const stop = await conversation.say("Stop it", { to: "menu" });
    assert.deepEqual(stop.steps.map((s) => s.name), ["menu", "unsubscribe"]);
    const jump = stop.events.find((e) => e.type === "jump");
    assert.match(
      jump?.type === "jump" ? jump.reason : "",
      /^connection 1 holds: the message matches/,
    );
    await conversation.reach("subscribe");
    const twice = [await conversation.reach("menu"), await conversation.reach("menu")];
    assert.deepEqual(twice.map((turn) => turn.session.values.visits), [1, 2]);
  });
});

describe("createConversation(): what each notification carries", () => {
  test("each notification carries the step, the input, the interlocutor and the session the previous answer left", async () => {
    const webhook = new Webhook();
    webhook.on(events.CONVERSATION_STEP_REACHED, function count(_request, _response, { event }) {
      const seen = Number(event.session.values.seen ?? 0) + 1;
      return StepReachedResponse({
        actions: event.step.actions,
        session: { values: { ...event.session.values, seen } },
      });
    });
    const conversation = createConversation(webhook, {
      bot: {
        start: "welcome",
        channel: "facebook",
        botID: "bot-7",
        session: { values: { plan: "pro" } },
        interlocutor: { firstName: "Tintin" },
        steps: [
          step(1, "welcome", [replies("Go?", ["Go", goTo(2, { picked: "go" })])], {
            userData: '{"a": 1}',
          }),
          step(2, "next", [say("Next")]),
        ],
      },
    });
    await conversation.reach();
    await conversation.click("Go");
    await conversation.say("hi");
    await conversation.event("tick");
    const sent = conversation.turns.map((turn) => turn.exchanges[0]!.notification);
    for (const notification of sent) {
      assert.equal(v.is(NotificationSchema, notification), true);
      assert.equal(parseNotification(notification).success, true);
      assert.equal(notification.topic, "conversation.step_reached");
      assert.equal(notification.botID, "bot-7");
      assert.equal(notification.data.channel, "facebook");
      assert.equal(notification.data.interlocutor.firstName, "Tintin");
    }
    assert.deepEqual(sent.map((n) => n.data.step.name), ["welcome", "next", "next", "next"]);
    assert.equal(sent[0]!.data.step.userData, '{"a": 1}');
    assert.deepEqual(sent[0]!.data.step.actions, routingLike());
    assert.deepEqual(sent.map((n) => n.data.input), [
      undefined,
      goTo(2, { picked: "go" }),
      { type: "message", text: "hi", attachments: [] },
      { type: "custom_event", name: "tick" },
    ]);
    assert.deepEqual(sent.map((n) => n.data.session.values), [
      { plan: "pro" },
      { plan: "pro", seen: 1, picked: "go" },
      { plan: "pro", seen: 2, picked: "go" },
      { plan: "pro", seen: 3, picked: "go" },
    ]);
    assert.deepEqual(conversation.session.values, { plan: "pro", seen: 4, picked: "go" });

    function routingLike() {
      return [replies("Go?", ["Go", goTo(2, { picked: "go" })])];
    }
  });

  test("the interlocutor an answer returns replaces the conversation's", async () => {
    const webhook = new Webhook();
    webhook.on(events.CONVERSATION_STEP_REACHED, (_request, _response, { event }) => ({
      actions: [],
      interlocutor: {
        ...event.interlocutor,
        id: event.interlocutor.id ?? "x",
        userID: event.interlocutor.userID ?? "x",
        location: null,
        email: "haddock@moulinsart.fr",
        firstName: "Archibald",
        lastName: "Haddock",
        phoneNumber: null,
        customAttributes: { ship: "Karaboudjan" },
      },
    }));
    const conversation = createConversation(webhook, {
      bot: { steps: [step(1, "a"), step(2, "b")] },
    });
    const first = await conversation.reach("a");
    assert.equal(first.interlocutor.lastName, "Haddock");
    assert.equal(first.events.some((e) => e.type === "interlocutor"), true);
    const second = await conversation.reach("b");
    assert.equal(
      second.exchanges[0]!.notification.data.interlocutor.email,
      "haddock@moulinsart.fr",
    );
    assert.deepEqual(conversation.interlocutor.customAttributes, { ship: "Karaboudjan" });
  });

  test("each request is signed and authenticated as the platform would, and recorded exactly", async () => {
    const clock = createClock();
    const webhook = echo({
      privateKey: "secret",
      authUsername: "bot",
      authPassword: "p:w",
      now: clock.now,
    });
    const conversation = createConversation(webhook, {
      bot: { steps: [step(1, "a", [say("hi")])] },
      privateKey: "secret",
      auth: { username: "bot", password: "p:w" },
      now: clock.now,
    });
    const turn = await conversation.reach("a");
    const exchange = turn.exchanges[0]!;
    assert.equal(turn.status, 200);
    assert.equal(exchange.request.method, "POST");
    assert.equal(exchange.request.url, "http://localhost/");
    assert.deepEqual(Object.keys(exchange.request.headers), [
      "Authorization",
      "Content-Type",
      "Date",
      "X-Hub-Signature",
    ]);
    assert.equal(exchange.request.headers.Date, "Wed, 03 Jan 2018 16:58:29 GMT");
    assert.equal(exchange.request.headers.Authorization, "Basic Ym90OnA6dw==");
    assert.equal(
      exchange.request.headers["X-Hub-Signature"],
      await signature({
        privateKey: "secret",
        date: exchange.request.headers.Date!,
        body: exchange.request.body,
      }),
    );
    assert.deepEqual(JSON.parse(exchange.request.body), exchange.notification);
    assert.equal(exchange.notification.timestamp, 1514998709);
    assert.deepEqual(exchange.json, JSON.parse(exchange.text!));
    assert.equal(exchange.headers?.["content-type"], "application/json; charset=utf-8");
    assert.ok(exchange.elapsedMs >= 0);
    assert.deepEqual(exchange.issues, []);
  });

  test("a notification already signed with the same Date is sent with a line feed more, not refused as a replay", async () => {
    const clock = createClock();
    const webhook = echo({ privateKey: "secret", now: clock.now });
    const conversation = createConversation(webhook, {
      bot: { steps: [step(1, "a", [say("hi")])] },
      privateKey: "secret",
      now: clock.now,
    });
    const first = await conversation.reach("a");
    const second = await conversation.reach("a");
    assert.equal(second.status, 200);
    assert.equal(second.exchanges[0]!.request.body, `${first.exchanges[0]!.request.body}\n`);
    assert.match(second.exchanges[0]!.note!, /already signed with this Date.*replay \(409\)/);
    assert.equal(first.exchanges[0]!.note, undefined);
  });

  test("a webhook without explain (any object with fetch) is driven the same, without routes", async () => {
    const webhook = echo();
    const conversation = createConversation({ fetch: webhook.fetch }, {
      bot: { steps: [step(1, "a", [say("hi")])] },
      url: "http://webhook.test/clustaar",
    });
    const turn = await conversation.reach("a");
    assert.deepEqual(turn.texts, ["hi"]);
    assert.equal(turn.exchanges[0]!.routing, undefined);
    assert.equal(turn.exchanges[0]!.request.url, "http://webhook.test/clustaar");
  });

  test("a turn is plain data: JSON keeps all of it", async () => {
    const conversation = createConversation(app, { bot: routingBot });
    const turn = await conversation.reach();
    assert.deepEqual(JSON.parse(JSON.stringify(turn)), turn);
  });
});

describe("createConversation(): the actions of an answer run in order", () => {
  test("display actions go to the turn: texts, quick replies, cards, buttons", async () => {
    const conversation = createConversation(echo(), {
      bot: {
        steps: [
          step(1, "a", [
            say("one"),
            { type: "wait_action", duration: 1 },
            replies("Pick", ["Yes", goTo(2)]),
            {
              type: "send_cards_action",
              cards: [{
                type: "card",
                title: "Tintin",
                buttons: [{ type: "button", title: "Read", action: goTo(2) }],
              }],
            },
            { type: "send_image_action", imageURL: "https://example.com/a.png" },
          ]),
          step(2, "b"),
        ],
      },
    });
    const turn = await conversation.reach("a");
    assert.deepEqual(turn.actions.map((a) => a.type), [
      "send_text_action",
      "wait_action",
      "send_quick_replies_action",
      "send_cards_action",
      "send_image_action",
    ]);
    assert.deepEqual(turn.texts, ["one", "Pick"]);
    assert.deepEqual(turn.quickReplies, [{ type: "quick_reply", title: "Yes", action: goTo(2) }]);
    assert.deepEqual(turn.cards.map((card) => card.title), ["Tintin"]);
    assert.deepEqual(turn.buttons.map((b) => [b.kind, b.title, b.card]), [
      ["quick_reply", "Yes", undefined],
      ["card_button", "Read", "Tintin"],
    ]);
  });

  test("store_session_value_action sets the session, with add and isInt", async () => {
    const store = (key: string, value: string, more: Record<string, boolean> = {}) => ({
      type: "store_session_value_action",
      key,
      value,
      ...more,
    });
    const conversation = createConversation(echo(), {
      session: { values: { count: 40, name: "Tin" } },
      bot: {
        steps: [step(1, "a", [
          store("count", "2", { add: true, isInt: true }),
          store("fresh", "5", { add: true, isInt: true }),
          store("n", "7", { isInt: true }),
          store("name", "tin", { add: true }),
          store("plain", "text"),
          store("bad", "abc", { isInt: true }),
        ], { webhook: false })],
      },
    });
    const turn = await conversation.reach("a");
    assert.deepEqual(turn.session.values, {
      count: 42,
      name: "Tintin",
      fresh: 5,
      n: 7,
      plain: "text",
      bad: "abc",
    });
    const notes = turn.events.filter((e) => e.type === "session" && e.note).map((e) =>
      e.type === "session" ? [e.key, e.note] : []
    );
    assert.deepEqual(notes, [
      ["name", "add without isInt: the harness appends the text to the current value"],
      ["bad", 'isInt is set but "abc" is not an integer: stored as text'],
    ]);
    assert.deepEqual(turn.actions, [], "store actions are not shown");
  });

  test("set_user_attribute_action sets a custom attribute of the interlocutor", async () => {
    const conversation = createConversation(echo(), {
      bot: {
        steps: [step(1, "a", [
          { type: "set_user_attribute_action", key: "plan", value: "pro" },
          { type: "set_user_attribute_action", key: "visits", value: "1", add: true, isInt: true },
        ], { webhook: false })],
      },
    });
    await conversation.reach("a");
    await conversation.reach("a");
    assert.deepEqual(conversation.interlocutor.customAttributes, { plan: "pro", visits: "2" });
  });

  test("a jump to a step of the bot file reaches it in the same turn, calling the webhook again when the step uses it", async () => {
    const conversation = createConversation(echo(), {
      bot: {
        steps: [
          step(1, "a", [say("a"), jumpTo(2), say("never shown")], { webhook: false }),
          step(2, "b", [say("b"), jumpTo(3)]),
          step(3, "c", [say("c")]),
        ],
      },
    });
    const turn = await conversation.reach("a");
    assert.deepEqual(turn.steps.map((s) => s.name), ["a", "b", "c"]);
    assert.deepEqual(turn.texts, ["a", "b", "c"]);
    assert.deepEqual(turn.exchanges.map((e) => e.step.name), ["b", "c"]);
    assert.equal(conversation.step?.name, "c");
    assert.equal(turn.step?.name, "c");
    assert.deepEqual(
      turn.events.filter((e) => e.type === "note").map((e) => e.type === "note" ? e.text : ""),
      ["1 action after the jump was not run: a jump ends the step"],
    );
  });

  test("a go_to_action among a step's actions reaches its target with its session values", async () => {
    const conversation = createConversation(echo(), {
      bot: {
        steps: [
          step(1, "a", [goTo(2, { from: "a" })], { webhook: false }),
          step(2, "b", [say("b")]),
        ],
      },
    });
    const turn = await conversation.reach("a");
    assert.deepEqual(turn.steps.map((s) => s.name), ["a", "b"]);
    assert.deepEqual(turn.exchanges[0]!.notification.data.session.values, { from: "a" });
  });

  test("a jump to a step outside the bot file is recorded, and the conversation is then outside it", async () => {
    const conversation = createConversation(echo(), {
      bot: { steps: [step(1, "a", [say("a"), jumpTo(99)])] },
    });
    const turn = await conversation.reach("a");
    assert.deepEqual(turn.outside, { type: "step", id: id(99) });
    assert.equal(turn.step, undefined);
    assert.equal(conversation.step, undefined);
    assert.deepEqual(conversation.outside, { type: "step", id: id(99) });
    const jump = turn.events.find((e) => e.type === "jump");
    assert.equal(jump?.type === "jump" && jump.to, undefined);
    assert.throws(() => conversation.say("hello"), {
      name: "TypeError",
      message:
        /^Cannot say: the conversation left the bot file for the step c0ffee0+99; reach a step, or give \{ to \}$/,
    });
    assert.match(
      conversation.transcript,
      /jump_to_action to step c0ffee0+99 \(outside the bot file\)/,
    );
  });

  test("a jump with no connection holding and no default target leaves the conversation where it is", async () => {
    const conversation = createConversation(echo(), {
      bot: { steps: [step(1, "a", [jumpTo(null), say("after")], { webhook: false })] },
    });
    const turn = await conversation.reach("a");
    assert.deepEqual(turn.texts, ["after"]);
    assert.equal(conversation.step?.name, "a");
    assert.match(
      conversation.transcript,
      /no connection: and there is no default target; the conversation stays at "a"/,
    );
  });

  test(`more than ${MAX_HOPS} jumps in one turn fail the turn, naming the loop`, async () => {
    const conversation = createConversation(echo(), {
      bot: {
        steps: [
          step(1, "ping", [jumpTo(2)], { webhook: false }),
          step(2, "pong", [jumpTo(1)]),
        ],
      },
    });
    await assert.rejects(conversation.reach("ping"), (error: unknown) => {
      assert.ok(error instanceof ConversationError);
      assert.match(
        error.message,
        /^Turn 1 failed: more than 20 jumps in one turn: the steps "(ping|pong)" → "(ping|pong)" → "(ping|pong)" loop\n/,
      );
      assert.equal(error.turn.steps.length, MAX_HOPS + 1);
      assert.equal(error.turn.exchanges.length, 10, "pong called the webhook on each visit");
      return true;
    });
    assert.equal(conversation.turns[0]?.ok, false);
    assert.equal(conversation.step, undefined, "a failed turn moves nothing");
  });

  test("a step that jumps to itself is a loop of one step", async () => {
    const conversation = createConversation(echo(), {
      bot: { steps: [step(1, "again", [jumpTo(1)])] },
    });
    await assert.rejects(conversation.reach("again"), {
      name: "ConversationError",
      message: /the steps "again" → "again" loop/,
    });
  });
});

describe("createConversation(): the user's acts", () => {
  const bot = {
    start: "welcome",
    steps: [
      step(1, "welcome", [
        replies(
          "Choose",
          ["Next", goTo(2, { via: "button" })],
          ["Docs", { type: "open_url_action", url: "https://example.com/docs" }],
          ["Hello", { type: "legacy_reply_to_message_action", message: "hello there" }],
          ["Share", { type: "share_action" }],
          ["Happy", {
            type: "customer_satisfaction_callback_action",
            target: null,
            kind: "positive",
          }],
          ["Away", goTo(99)],
        ),
        {
          type: "send_cards_action",
          cards: [
            {
              type: "card",
              title: "Milou",
              buttons: [{ type: "button", title: "Buy", action: goTo(2, { item: "milou" }) }],
            },
            {
              type: "card",
              title: "Tintin",
              buttons: [{ type: "button", title: "Buy", action: goTo(2, { item: "tintin" }) }],
            },
          ],
        },
        {
          type: "send_choices_list_action",
          placeholder: "Pick a colour",
          action: goTo(2, { from: "list" }),
          sections: [{
            type: "section",
            choices: [{ type: "choice", title: "Red", sessionValues: { colour: "red" } }],
          }],
        },
      ]),
      step(2, "next", [say("Next!")]),
    ],
  };

  test("reach() takes a step by id or name, or the start step, with an optional input", async () => {
    const conversation = createConversation(echo(), { bot });
    assert.equal(conversation.step?.name, "welcome", "at the start step before the first turn");
    assert.deepEqual((await conversation.reach()).steps, [{ id: id(1), name: "welcome" }]);
    assert.deepEqual((await conversation.reach(id(2))).texts, ["Next!"]);
    const loaded = await conversation.reach("next", {
      input: { type: "url_loaded_event", url: "https://example.com/" },
    });
    assert.deepEqual(loaded.exchanges[0]!.notification.data.input, {
      type: "url_loaded_event",
      url: "https://example.com/",
    });
    assert.deepEqual(loaded.user, {
      type: "reach",
      step: "next",
      input: { type: "url_loaded_event", url: "https://example.com/" },
    });
  });

  test("reach(), say() and event() take a step given as an object, for a conversation without a bot file", async () => {
    const conversation = createConversation(echo());
    assert.deepEqual(conversation.bot.steps, []);
    const adHoc = { id: id(5), name: "typed", actions: [say("typed in")] };
    const turn = await conversation.reach(adHoc);
    assert.deepEqual(turn.texts, ["typed in"]);
    assert.deepEqual(turn.exchanges[0]!.notification.data.step, { ...adHoc, userData: "" });
    assert.deepEqual(turn.user, { type: "reach", step: adHoc });
    assert.equal(conversation.step?.name, "typed");
    assert.deepEqual((await conversation.say("again")).steps, [{ id: id(5), name: "typed" }]);
    const other = await conversation.event("tick", {
      to: { id: id(6), name: "other", actions: [] },
    });
    assert.equal(other.exchanges[0]!.notification.data.step.name, "other");
    assert.match(conversation.transcript, /Turn 1: reach "typed" \(given as an object\)/);
    assert.throws(
      () =>
        conversation.reach({
          id: id(7),
          name: "bad",
          actions: [{ type: "wait_action", duration: 60 }],
        }),
      {
        name: "TypeError",
        message: "Cannot reach: invalid step: actions.0.duration: expected a number from 0.5 to 7",
      },
    );
  });

  test("reach() refuses an unknown step, a missing start and an invalid input", () => {
    const conversation = createConversation(echo(), { bot });
    assert.throws(() => conversation.reach("nowhere"), {
      name: "TypeError",
      message: 'Unknown step "nowhere": the bot file has "welcome", "next"',
    });
    const noStart = createConversation(echo(), { bot: { steps: [step(1, "a")] } });
    assert.throws(() => noStart.reach(), {
      name: "TypeError",
      message: 'Cannot reach: name a step (the bot file has no start); its steps: "a"',
    });
    assert.throws(
      () => conversation.reach("next", { input: { type: "message", text: 1 } as never }),
      {
        name: "TypeError",
        message: /^Cannot reach "next": invalid input: text: expected a string/,
      },
    );
  });

  test("say() sends a message input at the current step, or to another step", async () => {
    const conversation = createConversation(echo(), { bot });
    const here = await conversation.say("hi");
    assert.deepEqual(here.steps.map((s) => s.name), ["welcome"]);
    const there = await conversation.say("see", {
      to: "next",
      attachments: [{ type: "image", url: "https://example.com/a.png" }],
    });
    assert.deepEqual(there.exchanges[0]!.notification.data.input, {
      type: "message",
      text: "see",
      attachments: [{ type: "image", url: "https://example.com/a.png" }],
    });
    assert.equal(conversation.step?.name, "next");
    assert.deepEqual(there.user, { type: "say", text: "see", to: "next" });
  });

  test("say() and event() need a step: the current one, or to", () => {
    const conversation = createConversation(echo(), { bot: { steps: [step(1, "a")] } });
    const message =
      /the conversation is at no step yet; reach one first, give \{ to \}, or set start in the bot file$/;
    assert.throws(() => conversation.say("hi"), { name: "TypeError", message });
    assert.throws(() => conversation.event("tick"), { name: "TypeError", message });
    assert.throws(() => conversation.say("hi", { to: "b" }), { message: /^Unknown step "b"/ });
    assert.throws(() => conversation.say(3 as never), {
      message: "Cannot say: the text must be a string (got number)",
    });
    assert.throws(() => conversation.event(""), {
      message: "Cannot send the event: its name must be a non-empty string",
    });
    assert.throws(
      () => conversation.say("hi", { to: "a", attachments: [{ type: "pdf", url: "x" }] as never }),
      { message: /^Cannot say "hi": invalid input: attachments\.0\.type: expected one of/ },
    );
  });

  test("event() sends a custom_event input at the current step, or to another step", async () => {
    const conversation = createConversation(echo(), { bot });
    const turn = await conversation.event("opened", { to: "next" });
    assert.deepEqual(turn.exchanges[0]!.notification.data.input, {
      type: "custom_event",
      name: "opened",
    });
    assert.deepEqual(turn.input, { type: "custom_event", name: "opened" });
    assert.deepEqual(turn.user, { type: "event", name: "opened", to: "next" });
  });

  test("click() on a quick reply's go_to_action applies its session values and reaches its target with it as input", async () => {
    const conversation = createConversation(echo(), { bot });
    await conversation.reach();
    const turn = await conversation.click("Next");
    assert.deepEqual(turn.steps.map((s) => s.name), ["next"]);
    assert.deepEqual(turn.input, goTo(2, { via: "button" }));
    assert.deepEqual(turn.session.values, { via: "button" });
    assert.deepEqual(turn.events.slice(0, 2), [
      { type: "session", key: "via", value: "button", by: "button" },
      {
        type: "jump",
        by: "button",
        target: { type: "step", id: id(2) },
        to: { id: id(2), name: "next" },
        reason: "its target",
      },
    ]);
  });

  test("click() on a card button needs the card when titles repeat", async () => {
    const conversation = createConversation(echo(), { bot });
    await conversation.reach();
    assert.throws(() => conversation.click("Buy"), {
      name: "TypeError",
      message:
        'Cannot click "Buy": the last answer has 2 buttons with this title; give the card: { card: "Milou" }, { card: "Tintin" }',
    });
    const turn = await conversation.click("Buy", { card: "Tintin" });
    assert.deepEqual(turn.session.values, { item: "tintin" });
    assert.deepEqual(turn.user, { type: "click", title: "Buy", card: "Tintin" });
  });

  test("click() on a choice of a choices list takes the list's go_to_action with the choice's session values", async () => {
    const conversation = createConversation(echo(), { bot });
    await conversation.reach();
    const turn = await conversation.click("Red");
    assert.deepEqual(turn.session.values, { from: "list", colour: "red" });
    assert.deepEqual(turn.steps.map((s) => s.name), ["next"]);
  });

  test("click() on an open_url_action records the URL without fetching it, and keeps the buttons", async () => {
    const conversation = createConversation(echo(), { bot });
    await conversation.reach();
    const turn = await conversation.click("Docs");
    assert.deepEqual(turn.events, [{ type: "open_url", url: "https://example.com/docs" }]);
    assert.deepEqual(turn.exchanges, []);
    assert.equal(turn.status, undefined);
    assert.match(conversation.transcript, /opens https:\/\/example\.com\/docs \(not fetched\)/);
    assert.deepEqual((await conversation.click("Next")).steps.map((s) => s.name), ["next"]);
  });

  test("click() on a legacy reply sends its message as a legacy_reply_to_message_action input at the current step", async () => {
    const conversation = createConversation(echo(), { bot });
    await conversation.reach();
    const turn = await conversation.click("Hello");
    assert.deepEqual(turn.input, { type: "legacy_reply_to_message_action", text: "hello there" });
    assert.deepEqual(turn.steps.map((s) => s.name), ["welcome"]);
  });

  test("click() explains the button actions that reach no step", async () => {
    const conversation = createConversation(echo(), { bot });
    await conversation.reach();
    const share = await conversation.click("Share");
    assert.deepEqual(share.events, [{
      type: "note",
      text:
        "share_action: the platform shows its share dialog; no step is reached and the webhook is not called",
    }]);
    const happy = await conversation.click("Happy");
    assert.match(
      (happy.events[0] as { text: string }).text,
      /^customer_satisfaction_callback_action: the platform records a "positive" answer/,
    );
    const away = await conversation.click("Away");
    assert.deepEqual(away.outside, { type: "step", id: id(99) });
  });

  test("click() refuses a title the last answer does not show, and clicks before any answer", async () => {
    const conversation = createConversation(echo(), { bot });
    assert.throws(() => conversation.click("Next"), {
      name: "TypeError",
      message: 'Cannot click "Next": no answer yet',
    });
    await conversation.reach();
    assert.throws(() => conversation.click("Nope"), {
      name: "TypeError",
      message:
        'Cannot click "Nope": the last answer has no such button; its buttons: "Next", "Docs", "Hello", "Share", "Happy", "Away", "Buy" (card "Milou"), "Buy" (card "Tintin"), "Red"',
    });
    assert.throws(() => conversation.click("Buy", { card: "Haddock" }), {
      message: /^Cannot click "Buy" on card "Haddock": the last answer has no such button/,
    });
    await conversation.click("Next");
    assert.throws(() => conversation.click("Next"), {
      message: 'Cannot click "Next": the last answer has no buttons',
    });
  });

  test("texts show the first alternative, or a seeded pick, and record all of them", async () => {
    const file = { steps: [step(1, "a", [say("one", "two", "three", "four")])] };
    const first = createConversation(echo(), { bot: file });
    const shown = await first.reach("a");
    assert.deepEqual(shown.texts, ["one"]);
    assert.deepEqual(shown.shownTexts, [{
      shown: "one",
      index: 0,
      alternatives: ["one", "two", "three", "four"],
    }]);
    const picks = async (seed: number) => {
      const conversation = createConversation(echo(), { bot: file, seed });
      const indexes: number[] = [];
      for (let i = 0; i < 8; i++) {
        indexes.push((await conversation.reach("a")).shownTexts[0]!.index);
      }
      return indexes;
    };
    const seeded = await picks(7);
    assert.deepEqual(await picks(7), seeded, "the same seed picks the same alternatives");
    assert.ok(new Set(seeded).size > 1, `a seed picks various alternatives: ${seeded}`);
  });
});

describe("createConversation(): failed turns", () => {
  test("an answer the platform would refuse fails the turn with the issues by path, whoever validates it", async () => {
    for (const validateResponses of [true, false]) {
      const webhook = new Webhook({ validateResponses, ...quiet });
      webhook.on(events.CONVERSATION_STEP_REACHED, () => ({
        actions: [{ type: "send_text_action", alternatives: [] }, {
          type: "wait_action",
          duration: 9,
        }],
      }));
      const conversation = createConversation(webhook, {
        bot: { steps: [step(1, "a", [say("a")])] },
        session: { values: { kept: true } },
      });
      await assert.rejects(conversation.reach("a"), (error: unknown) => {
        assert.ok(error instanceof ConversationError);
        assert.deepEqual(error.issues, [
          { path: "actions.0.alternatives", message: "expected 1 to 10 items" },
          { path: "actions.1.duration", message: "expected a number from 0.5 to 7" },
        ]);
        assert.match(error.message, /\n {2}- actions\.0\.alternatives: expected 1 to 10 items\n/);
        assert.match(
          error.message,
          /\n\nTranscript:\nConversation with the webhook in process\nTurn 1: reach "a"\n/,
        );
        assert.equal(error.transcript, conversation.transcript);
        assert.equal(error.turn.ok, false);
        return true;
      }, `validateResponses: ${validateResponses}`);
      assert.deepEqual(
        conversation.session,
        { values: { kept: true } },
        "a failed turn changes nothing",
      );
      assert.match(conversation.transcript, /FAILED: /);
    }
  });

  test("an in-process webhook that refuses, fails or answers no JSON fails the turn with a clear error", async () => {
    const webhook = new Webhook({ privateKey: "secret", ...quiet });
    webhook.on(events.CONVERSATION_STEP_REACHED, () => {
      throw new Error("boom");
    }, StepName("crash"));
    webhook.on(events.CONVERSATION_STEP_REACHED, () =>
      new Response("<html>", {
        headers: { "content-type": "text/html" },
      }), StepName("html"));
    const bot = { steps: [step(1, "crash"), step(2, "html"), step(3, "a")] };
    const unsigned = createConversation(webhook, { bot });
    await assert.rejects(unsigned.reach("a"), {
      message:
        /^Turn 1 failed: the webhook refused the notification of step "a" with 400: The request's signature is missing\./,
    });
    const signed = createConversation(webhook, { bot, privateKey: "secret" });
    await assert.rejects(signed.reach("crash"), {
      message:
        /^Turn 1 failed: the webhook refused the notification of step "crash" with 500: Internal server error\n/,
    });
    await assert.rejects(signed.reach("html"), {
      message: /^Turn 2 failed: the answer for step "html" is not JSON \(text\/html\): <html>\n/,
    });
    await assert.rejects(signed.reach("a"), {
      message:
        /^Turn 3 failed: the webhook refused the notification of step "a" with 404: No route accepted the notification for topic/,
    });
    assert.deepEqual(signed.turns.map((turn) => [turn.ok, turn.status]), [[false, 500], [
      false,
      200,
    ], [false, 404]]);
  });

  test("an in-process webhook that does not answer in time fails the turn", async () => {
    let release = () => {};
    const webhook = new Webhook();
    webhook.on(events.CONVERSATION_STEP_REACHED, () =>
      new Promise((resolve) => {
        release = () => resolve({ actions: [] });
      }));
    const conversation = createConversation(webhook, {
      bot: { steps: [step(1, "a")] },
      timeout: 50,
    });
    await assert.rejects(conversation.reach("a"), {
      name: "ConversationError",
      message: /^Turn 1 failed: no answer from the webhook in process within 0\.05 s\n/,
    });
    release();
  });
});

describe("createConversation(): the conversation object", () => {
  test("turns run one after the other, even when started together", async () => {
    const order: string[] = [];
    const webhook = new Webhook();
    webhook.on(events.CONVERSATION_STEP_REACHED, async (_request, _response, { event }) => {
      order.push(`start ${event.step.name}`);
      await new Promise((resolve) => setTimeout(resolve, event.step.name === "a" ? 20 : 1));
      order.push(`end ${event.step.name}`);
      return { actions: [] };
    });
    const conversation = createConversation(webhook, {
      bot: { steps: [step(1, "a"), step(2, "b")] },
    });
    const [a, b] = await Promise.all([conversation.reach("a"), conversation.reach("b")]);
    assert.deepEqual([a.number, b.number], [1, 2]);
    assert.deepEqual(order, ["start a", "end a", "start b", "end b"]);
    assert.equal(conversation.lastTurn, b);
  });

  test("session and interlocutor are copies; setting them between turns replaces them, checked", async () => {
    const conversation = createConversation(echo(), { bot: { steps: [step(1, "a")] } });
    conversation.session.values.lost = true;
    assert.deepEqual(conversation.session, { values: {} });
    conversation.session = { values: { plan: "pro" } };
    conversation.interlocutor = { ...conversation.interlocutor, firstName: "Milou" };
    const turn = await conversation.reach("a");
    assert.deepEqual(turn.exchanges[0]!.notification.data.session.values, { plan: "pro" });
    assert.equal(turn.exchanges[0]!.notification.data.interlocutor.firstName, "Milou");
    assert.throws(() => (conversation.session = { values: [] } as never), {
      name: "TypeError",
      message: "Cannot set the session: invalid session: values: expected an object",
    });
    assert.throws(() => (conversation.interlocutor = { email: 1 } as never), {
      name: "TypeError",
      message: "Cannot set the interlocutor: invalid interlocutor: email: expected a string",
    });
  });

  test("the session cannot be set while a turn runs, and restart() discards the running turn", async () => {
    let release = () => {};
    const webhook = new Webhook();
    webhook.on(events.CONVERSATION_STEP_REACHED, () =>
      new Promise((resolve) => {
        release = () => resolve({ actions: [], session: { values: { late: true } } });
      }));
    const conversation = createConversation(webhook, {
      bot: { start: "a", steps: [step(1, "a")], session: { values: { start: 1 } } },
    });
    const running = conversation.reach();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.throws(() => (conversation.session = { values: {} }), {
      message: "Cannot set the session: a turn is running; await it first",
    });
    conversation.restart();
    release();
    await assert.rejects(running, {
      message: "Turn 1 was discarded: the conversation was restarted",
    });
    assert.deepEqual(conversation.turns, []);
    assert.deepEqual(conversation.session, { values: { start: 1 } });
    assert.equal(conversation.step?.name, "a");
  });

  test("restart() goes back to the bot file's session, interlocutor and start step", async () => {
    const conversation = createConversation(app, { bot: routingBot });
    await conversation.reach();
    await conversation.click("Yes please");
    conversation.restart();
    assert.deepEqual(conversation.turns, []);
    assert.deepEqual(conversation.session, { values: {} });
    assert.equal(conversation.step?.name, "welcome");
    assert.throws(() => conversation.click("Yes please"), { message: /no answer yet/ });
    assert.equal(
      conversation.transcript,
      "Conversation with the webhook in process\n(no turn yet)",
    );
  });

  test("createConversation() refuses a bad target, bot file or option", () => {
    const bot = { steps: [step(1, "a")] };
    assert.throws(() => createConversation({} as never, { bot }), {
      name: "TypeError",
      message:
        "Cannot create the conversation: the target must be a Webhook (an object with fetch) or a URL",
    });
    assert.throws(() => createConversation("not a url", { bot }), {
      message: 'Cannot create the conversation: invalid URL "not a url"',
    });
    assert.throws(() => createConversation("ftp://x/", { bot }), {
      message: /the URL must be http or https/,
    });
    assert.throws(() => createConversation(echo(), { bot: { steps: "a" } }), {
      message: "Invalid bot file: steps: expected a list",
    });
    assert.throws(() => createConversation(echo(), { bot, timeout: 0 }), { name: "RangeError" });
    assert.throws(() => createConversation(echo(), { bot, session: { values: null } as never }), {
      message: "Cannot create the conversation: invalid session: values: expected an object",
    });
    assert.throws(
      () => createConversation(echo(), { bot, interlocutor: { customAttributes: { "a-b": "x" } } }),
      {
        message: /^Cannot create the conversation: invalid interlocutor: customAttributes\.a-b: /,
      },
    );
  });
});

describe("Conversation.transcript", () => {
  test("the transcript says who said what, at which step, which route answered", async () => {
    const conversation = createConversation(app, { bot: routingBot });
    await conversation.reach();
    await conversation.click("Yes please");
    await conversation.say("menu", { to: "menu" });
    await conversation.click("Archives");
    assert.equal(
      stable(conversation.transcript),
      [
        "Conversation with the webhook in process",
        'Turn 1: reach "welcome"',
        '  step "welcome": webhook 200 in N ms, route "fallback" (declined: "subscribe" at StepUserDataKeyEquals("action", "subscribe"); "unsubscribe" at StepUserDataKeyEquals("action", "unsubscribe"); "greetInFrench" at SessionValueEquals("lang", "fr"))',
        "  bot: Hello! We send a newsletter every Monday. (alternative 1 of 2)",
        "  bot: Would you like it? [Yes please] [No thanks] [En français]",
        'Turn 2: user clicks "Yes please"',
        `  the button's go_to_action to "subscribe"`,
        '  step "subscribe": webhook 200 in N ms, route "subscribe"',
        "  session: subscribed = true",
        "  bot: You are subscribed!",
        'Turn 3: user says "menu" to "menu"',
        `  step "menu": no webhook, the step's own actions`,
        '  jump_to_action to "manage" (connection 2 holds: session value "subscribed" is set)',
        `  step "manage": no webhook, the step's own actions`,
        "  session: visits = 1 (store_session_value_action)",
        "  bot: You get the newsletter every Monday. [Unsubscribe] [Archives]",
        'Turn 4: user clicks "Archives"',
        "  opens https://example.com/newsletter/archives (not fetched)",
      ].join("\n"),
    );
    assert.deepEqual(texts(conversation.turns), [
      ["Hello! We send a newsletter every Monday.", "Would you like it?"],
      ["You are subscribed!"],
      ["You get the newsletter every Monday."],
      [],
    ]);
  });
});

describe("createConversation(): issues of an array where an object belongs", () => {
  test("createConversation() reports an array in place of an action once, at its own path", async () => {
    const webhook = new Webhook({ validateResponses: false, ...quiet });
    webhook.on(events.CONVERSATION_STEP_REACHED, () => ({ actions: [[]] }) as never);
    const conversation = createConversation(webhook, { bot: { steps: [step(1, "a")] } });
    const error = await conversation.reach("a").then(
      () => assert.fail("the turn should fail"),
      (error: unknown) => error,
    );
    assert.ok(error instanceof ConversationError);
    assert.deepEqual(error.issues, [{ path: "actions.0", message: "expected an object" }]);
    assert.match(
      error.message,
      /^Turn 1 failed: the platform would refuse the answer for step "a":\n {2}- actions\.0: expected an object\n\nTranscript:/,
    );
  });

  test("say() reports an array in place of an attachment once, at its own path", () => {
    const conversation = createConversation(echo(), { bot: { steps: [step(1, "a")] } });
    assert.throws(
      () =>
        conversation.say("hi", {
          to: "a",
          attachments: [[]] as unknown as { type: "file"; url: string }[],
        }),
      {
        name: "TypeError",
        message: 'Cannot say "hi": invalid input: attachments.0: expected an object',
      },
    );
  });
});
