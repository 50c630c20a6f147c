// Defaults on the way in (issue 11 A3): a notification whose actions leave out
// a field with a documented default (schemas.md: a wait_action's duration, a
// card's buttons, an AI task's userAttributes) is loaded with the default in
// place, so that echoing `step.actions` is an answer the platform accepts.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import {
  formatIssues,
  isKnownActionType,
  parseNotification,
  validateResponse,
} from "../src/models/mod.ts";
import * as v from "valibot";
import { fillersByType } from "../src/models/_defaults.ts";
import { defaultOnLoad, list, object, tag, variant } from "../src/models/_primitives.ts";
import { specMissing, specRows } from "./_schemas_md.ts";
import { fixture } from "./_helpers.ts";

type Json = Record<string, unknown>;
type Path = (string | number)[];

/** The documented defaults, by the `type` of the object that holds them. */
const DEFAULTS = new Map<string, Map<string, unknown>>();
for (const row of specRows()) {
  for (const field of row.fields.values()) {
    if (field.defaultValue === undefined) continue;
    for (const name of row.names) {
      const fields = DEFAULTS.get(name) ?? DEFAULTS.set(name, new Map()).get(name)!;
      fields.set(field.key, field.defaultValue);
    }
  }
}

/** Every action example of the fixtures that the platform accepts as it is, by `file/key`. */
const EXAMPLES = new Map<string, Json>();
const REFUSED: string[] = [];
for (const file of readdirSync(new URL("../../shared/fixtures/examples/", import.meta.url))) {
  const examples = fixture<Record<string, Json>>(`examples/${file}`);
  for (const [key, example] of Object.entries(examples)) {
    if (!isKnownActionType(example.type)) continue;
    const id = `${file.slice(0, -5)}/${key}`;
    if (validateResponse({ actions: [example] }).success) EXAMPLES.set(id, example);
    else REFUSED.push(id);
  }
}

/** Where, inside `value`, an object holds a field with a default: its path and the key. */
function defaultPlaces(value: unknown, path: Path = []): { path: Path; key: string }[] {
  if (typeof value !== "object" || value === null) return [];
  const found: { path: Path; key: string }[] = [];
  const type = (value as Json).type;
  for (const key of (typeof type === "string" ? DEFAULTS.get(type)?.keys() : undefined) ?? []) {
    found.push({ path, key });
  }
  for (const [key, child] of Object.entries(value)) {
    found.push(...defaultPlaces(child, [...path, Array.isArray(value) ? Number(key) : key]));
  }
  return found;
}

const at = (root: unknown, path: Path): Json =>
  path.reduce<unknown>((node, key) => (node as Json)[key], root) as Json;

/** A notification fixture whose step holds `actions`. */
function notificationWith(name: string, actions: unknown[]): Json {
  const json = fixture<{ data: { step: { actions: unknown[] } } }>(`notifications/${name}`);
  json.data.step.actions = actions;
  return json as unknown as Json;
}

/** Parses `json` and returns the echo of its step's actions, checked as an answer. */
function echo(json: Json): { actions: unknown[]; issues: string[] } {
  const parsed = parseNotification(json);
  assert.ok(parsed.success, "the notification parses");
  const event = parsed.output.data;
  assert.equal(event.type, "step_reached_event");
  const actions = event.type === "step_reached_event" ? event.step.actions : [];
  const checked = validateResponse({ actions }, parsed.unknownActions);
  return { actions, issues: checked.success ? [] : formatIssues(checked.issues) };
}

describe("defaults on the way in", () => {
  test("schemas.md documents the defaults the tests remove", { skip: specMissing }, () => {
    assert.deepEqual(
      [...DEFAULTS].map(([type, fields]) => [type, Object.fromEntries(fields)]),
      [["wait_action", { duration: 2 }], ["send_ai_task_action", { userAttributes: false }], [
        "card",
        { buttons: [] },
      ]],
    );
  });

  test("the fixtures hold an accepted example of every bot action type but the leftovers", {
    skip: specMissing,
  }, () => {
    const types = new Set([...EXAMPLES.values()].map((example) => example.type));
    assert.ok(types.size >= 20, `${types.size} types`);
    // The malicious examples that break schemas.md's own limits (see models_examples_test.ts).
    assert.deepEqual(REFUSED.sort(), [
      "send_cards_action/malicious_data",
      "send_choices_list_action/malicious_data",
      "send_simple_cards_action/malicious_data",
    ]);
  });

  const exercised = new Set<string>();
  for (const [id, example] of EXAMPLES) {
    const places = defaultPlaces(example);
    // The example as it is, each default removed alone, and all of them removed.
    const variants: { name: string; removed: typeof places }[] = [
      { name: "as it is", removed: [] },
      ...places.map((place) => ({
        name: `without ${[...place.path, place.key].join(".")}`,
        removed: [place],
      })),
    ];
    if (places.length > 1) variants.push({ name: "without any default", removed: places });
    for (const variant of variants) {
      for (const notification of ["full.json", "minimal.json"]) {
        test(`${id} ${variant.name}: echoing ${notification}'s step.actions is accepted`, () => {
          const action = structuredClone(example);
          for (const { path, key } of variant.removed) delete at(action, path)[key];
          const unknown = { type: "brand_new_action", x: 1 };
          const { actions, issues } = echo(
            notificationWith(notification, [action, unknown, structuredClone(action)]),
          );
          assert.deepEqual(issues, []);
          for (const { path, key } of variant.removed) {
            const type = at(example, path).type as string;
            const expected = DEFAULTS.get(type)!.get(key);
            assert.deepEqual(at(actions[0], path)[key], expected, `${key} is filled`);
            exercised.add(`${type}.${key}`);
          }
          // The filled values are the example's where it had them, and nothing else changed.
          const original = structuredClone(example);
          for (const { path, key } of variant.removed) {
            at(original, path)[key] = at(actions[0], path)[key];
          }
          assert.deepEqual(actions[0], original);
          assert.deepEqual(actions[1], { type: "brand_new_action", x: 1 });
          // Two actions never share a filled list.
          for (const { path, key } of variant.removed) {
            const filled = at(actions[0], path)[key];
            if (typeof filled === "object") assert.notEqual(filled, at(actions[2], path)[key]);
          }
        });
      }
    }
  }

  test("every documented default was removed from some example and filled back", {
    skip: specMissing,
  }, () => {
    const documented = [...DEFAULTS].flatMap(([type, fields]) =>
      [...fields.keys()].map((key) => `${type}.${key}`)
    );
    assert.deepEqual([...exercised].sort(), documented.sort());
  });

  test(
    "the notifications' own step.actions echo as an accepted answer",
    { skip: specMissing },
    () => {
      for (const name of ["full.json", "minimal.json"]) {
        const json = fixture<Json>(`notifications/${name}`);
        assert.deepEqual(echo(json).issues, [], name);
      }
    },
  );

  test(
    "a default never replaces a value that was sent, null included",
    { skip: specMissing },
    () => {
      const { actions, issues } = echo(notificationWith("full.json", [
        { type: "wait_action", duration: 5 },
        { type: "send_ai_task_action", userAttributes: true },
        { type: "send_cards_action", cards: [{ type: "card", title: "a", buttons: null }] },
      ]));
      assert.deepEqual(actions, [
        { type: "wait_action", duration: 5 },
        { type: "send_ai_task_action", userAttributes: true },
        { type: "send_cards_action", cards: [{ type: "card", title: "a", buttons: null }] },
      ]);
      // The AI task lacks its engine: the echo is refused, as the platform would.
      assert.ok(issues.length > 0);
    },
  );

  test("a null where a default belongs stays null, and the platform refuses the echo", {
    skip: specMissing,
  }, () => {
    const { actions, issues } = echo(
      notificationWith("full.json", [{ type: "wait_action", duration: null }]),
    );
    assert.deepEqual(actions, [{ type: "wait_action", duration: null }]);
    assert.deepEqual(issues, ["actions.0.duration: expected a number"]);
  });

  test(
    "actions of unexpected shapes are loaded as sent, without a throw",
    { skip: specMissing },
    () => {
      const odd = [
        { type: "send_cards_action", cards: "not a list" },
        { type: "send_cards_action", cards: [null, 3, [], "card", { type: "card" }] },
        { type: "send_cards_action" },
        { type: "send_ai_task_action", userAttributes: null },
      ];
      const json = notificationWith("full.json", structuredClone(odd));
      const parsed = parseNotification(json);
      assert.ok(parsed.success);
      const filled = structuredClone(odd);
      (filled[1]!.cards as Json[])[4]!.buttons = [];
      assert.deepEqual((json.data as { step: { actions: unknown[] } }).step.actions, filled);
    },
  );

  test("a notification that fails the check is refused as before", { skip: specMissing }, () => {
    const result = parseNotification({
      topic: "t",
      data: { type: "step_reached_event", step: { actions: [{ type: "wait_action" }] } },
    });
    assert.equal(result.success, false);
    if (!result.success) assert.deepEqual(formatIssues(result.issues), ["data.session: required"]);
  });

  test("a default is filled at any depth: in a list, through a variant, inside a nullable part", {
    skip: specMissing,
  }, () => {
    // A made-up action whose buttons' actions (a variant) have a default, as a
    // button action with a default would, and a part with one under a nullish.
    const go = object({
      type: tag("go"),
      delay: v.pipe(v.optional(v.number()), defaultOnLoad(5)),
      tags: v.pipe(v.optional(v.array(v.string())), defaultOnLoad(["a"])),
    });
    const made = object({
      type: tag("made_up_action"),
      buttons: list(
        object({ title: v.string(), action: variant([go, object({ type: tag("stay") })]) }),
        1,
      ),
      extra: v.nullish(object({ mode: v.pipe(v.optional(v.string()), defaultOnLoad("fast")) })),
    });
    const plain = object({ type: tag("plain_action"), text: v.string() });
    const fillers = fillersByType([made, plain]);
    assert.deepEqual([...fillers.keys()], ["made_up_action"]);
    const action: Json = {
      type: "made_up_action",
      buttons: [
        { title: "a", action: { type: "go" } },
        { title: "b", action: { type: "go", delay: 1 } },
        { title: "c", action: { type: "stay" } },
        { title: "d", action: { type: "go" } },
      ],
      extra: {},
    };
    fillers.get("made_up_action")!(action);
    assert.deepEqual(action, {
      type: "made_up_action",
      buttons: [
        { title: "a", action: { type: "go", delay: 5, tags: ["a"] } },
        { title: "b", action: { type: "go", delay: 1, tags: ["a"] } },
        { title: "c", action: { type: "stay" } },
        { title: "d", action: { type: "go", delay: 5, tags: ["a"] } },
      ],
      extra: { mode: "fast" },
    });
    const buttons = action.buttons as { action: { tags: unknown } }[];
    assert.notEqual(buttons[0]!.action.tags, buttons[3]!.action.tags);
    // The response check is not changed: the made-up schema still accepts
    // the absent fields (they are optional there), and refuses arrays as objects.
    assert.ok(
      v.is(made, { type: "made_up_action", buttons: [{ title: "a", action: { type: "go" } }] }),
    );
    assert.equal(
      v.is(made, { type: "made_up_action", buttons: [{ title: "a", action: [] }] }),
      false,
    );
  });
});
