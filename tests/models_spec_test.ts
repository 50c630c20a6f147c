// Holds every exported schema to schemas.md: the test walks the schemas
// themselves (entries, options, items, wrappers, pipes, lazy getters), so a
// schema added later is covered without being listed here, and checks each
// object-typed place (object, variant, record, dict) against the spec's table:
// it refuses an array, a string and `null` (unless the table says "null ok"),
// and each field is required, optional or nullable as its row says.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import * as v from "valibot";
import * as m from "../src/models/mod.ts";
import { bestRow, type SpecField, specMissing, type SpecRow, specRows } from "./_schemas_md.ts";
import { fixture } from "./_helpers.ts";

/** The parts of a valibot schema object the walk reads. */
interface Node {
  kind: string;
  type: string;
  expects?: string;
  entries?: Record<string, Node>;
  options?: readonly unknown[];
  item?: Node;
  wrapped?: Node;
  key?: Node;
  value?: Node;
  rest?: Node;
  literal?: unknown;
  getter?: (input: unknown) => Node;
}

const isSchema = (value: unknown): value is Node =>
  typeof value === "object" && value !== null && (value as Node).kind === "schema";

/** The schemas mod.ts exports, by name. */
const exported: [string, Node][] = Object.entries(m as Record<string, unknown>)
  .filter((entry): entry is [string, Node] => isSchema(entry[1]));

/** The rows of schemas.md for the exported schemas that have no `type` of their own. */
const UNTYPED_ROWS: Record<string, string> = {
  InterlocutorSchema: "interlocutor",
  CoordinatesSchema: "coordinates",
  ConversationSessionSchema: "session",
  StepSchema: "step",
  NotificationSchema: "notification",
  StepReachedResponseSchema: "step-reached response",
  ZendeskUserSchema: "create_zendesk_ticket_action.user",
  DistributionRuleSchema: "transfer_iadvize_conversation_action.distribution_rule",
  LegacyReplyAttachmentSchema: "legacy_reply_to_message_action.attachments",
};
const untypedRowOf = new Map<Node, string>(
  exported.filter(([name]) => name in UNTYPED_ROWS).map((
    [name, node],
  ) => [node, UNTYPED_ROWS[name]!]),
);

const OPTIONAL_WRAPPERS = new Set(["optional", "nullish", "exact_optional"]);

/** The schema under its optional / nullable wrappers. */
function unwrap(node: Node): Node {
  let inner = node;
  while (inner.wrapped !== undefined) inner = inner.wrapped;
  return inner;
}

/** The `type` values an object schema takes: its literal, or its picklist's options. */
function typesOf(node: Node): string[] | undefined {
  const tag = node.entries?.type;
  if (tag === undefined) return undefined;
  const inner = unwrap(tag);
  if (inner.type === "literal") return [String(inner.literal)];
  if (inner.type === "picklist") return (inner.options as string[]).map(String);
  return undefined; // A `type` of any string: the opaque unknown action.
}

/** Where a schema sits: a field of an object, an item of a list, or an export. */
interface Place {
  /** A readable path, from the export (`SendCardsActionSchema.cards[].buttons`). */
  where: string;
  /** The schema at the place, wrappers included. */
  schema: Node;
  /** The object and key that hold it, when it is a field. */
  field?: { row: SpecRow | undefined; key: string };
}

/** An object schema met by the walk, with its row of schemas.md. */
interface ObjectMet {
  where: string;
  node: Node;
  row: SpecRow | undefined;
  opaque: boolean;
}

const rows = specRows();
const places: Place[] = [];
const objects: ObjectMet[] = [];
const typeProbes = new Set<string>();

// First pass: every `type` literal, to probe lazy schemas with.
(function collect(node: Node, seen: Set<Node>): void {
  if (seen.has(node)) return;
  seen.add(node);
  if (node.type === "literal" && typeof node.literal === "string") typeProbes.add(node.literal);
  for (const child of children(node)) collect(child, seen);
})({ kind: "schema", type: "root", options: exported.map(([, node]) => node) }, new Set());

/** The schemas directly under `node` (lazy ones resolved with probe inputs). */
function children(node: Node): Node[] {
  const found: Node[] = [];
  if (node.entries) found.push(...Object.values(node.entries));
  if (node.options) found.push(...node.options.filter(isSchema));
  for (const child of [node.item, node.wrapped, node.key, node.value, node.rest]) {
    if (child !== undefined) found.push(child);
  }
  if (node.type === "lazy" && node.getter) found.push(...lazyTargets(node));
  return found;
}

function lazyTargets(node: Node): Node[] {
  const probes: unknown[] = [
    undefined,
    null,
    [],
    "a",
    {},
    ...[...typeProbes].map((type) => ({ type })),
  ];
  return [...new Set(probes.map((probe) => node.getter!(probe)))];
}

// Second pass: every place and every object, with the row that describes it.
const walked = new Set<string>();
const ids = new Map<Node, number>();
function walk(node: Node, where: string, holder: string | undefined): void {
  const id = ids.get(node) ?? ids.set(node, ids.size).get(node)!;
  const visit = `${id} ${holder}`;
  if (walked.has(visit)) return;
  walked.add(visit);
  const inner = unwrap(node);
  if (inner !== node) return walk(inner, where, holder);
  if (node.entries) {
    const types = typesOf(node);
    const opaque = node.entries.type !== undefined && types === undefined;
    // The envelope's `type` is optional and names no row: its name does.
    const names = [...(types ?? []), untypedRowOf.get(node) ?? holder ?? ""];
    const row = bestRow(rows, names, Object.keys(node.entries));
    objects.push({ where, node, row, opaque });
    for (const [key, entry] of Object.entries(node.entries)) {
      places.push({ where: `${where}.${key}`, schema: entry, field: { row, key } });
      walk(entry, `${where}.${key}`, row ? `${row.names[0]}.${key}` : undefined);
    }
    return;
  }
  if (node.item) {
    places.push({ where: `${where}[]`, schema: node.item });
    walk(node.item, `${where}[]`, holder);
  }
  if (node.options) {
    for (const option of node.options.filter(isSchema)) {
      walk(option, `${where}<${typesOf(option)?.join("|") ?? option.type}>`, holder);
    }
  }
  if (node.type === "record") {
    walk(node.key!, `${where}{key}`, undefined);
    places.push({ where: `${where}{}`, schema: node.value! });
    walk(node.value!, `${where}{}`, undefined);
  }
  if (node.type === "lazy") {
    for (const target of lazyTargets(node)) walk(target, where, holder);
  }
}
for (const [name, node] of exported) {
  places.push({ where: name, schema: node });
  walk(node, name, undefined);
}

/** An object-typed schema: valibot's object, variant and record schemas, and `dict`. */
const isObjectTyped = (node: Node): boolean => unwrap(node).expects === "Object";

const accepts = (schema: Node, value: unknown): boolean =>
  v.safeParse(schema as unknown as v.GenericSchema, value).success;

const specField = (place: Place): SpecField | undefined =>
  place.field?.row?.fields.get(place.field.key);

describe("the walk of the exported schemas", () => {
  test("reaches every kind of object-typed place", { skip: specMissing }, () => {
    const kinds = new Set(
      places.filter((p) => isObjectTyped(p.schema)).map((p) => unwrap(p.schema).type),
    );
    assert.deepEqual([...kinds].sort(), ["custom", "loose_object", "record", "variant"]);
    assert.ok(places.length > 500, `only ${places.length} places`);
  });

  test("finds a row of schemas.md for every object schema", { skip: specMissing }, () => {
    const rowless = objects.filter((o) => !o.opaque && o.row === undefined).map((o) => o.where);
    assert.deepEqual(rowless, []);
  });
});

describe("object-typed places (issue 11 A2)", () => {
  const objectPlaces = places.filter((place) => isObjectTyped(place.schema));

  test("refuse an array, an array of a string and a string", { skip: specMissing }, () => {
    const wrong: string[] = [];
    for (const place of objectPlaces) {
      for (const value of [[], ["a"], "a", 1, true]) {
        if (accepts(place.schema, value)) {
          wrong.push(`${place.where} accepts ${JSON.stringify(value)}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  test(
    "say of an array, once and at its place, that an object was expected",
    { skip: specMissing },
    () => {
      const wrong: string[] = [];
      for (const place of objectPlaces) {
        for (const value of [[], ["a"]]) {
          const result = v.safeParse(place.schema as unknown as v.GenericSchema, value);
          const lines = result.success ? [] : m.formatIssues(result.issues);
          if (lines.join() !== "expected an object") {
            wrong.push(`${place.where}: ${lines.join("; ")}`);
          }
        }
      }
      assert.deepEqual(wrong, []);
    },
  );

  test("refuse null except where schemas.md says null ok", { skip: specMissing }, () => {
    const wrong: string[] = [];
    for (const place of objectPlaces) {
      const nullOk = specField(place)?.nullOk ?? false;
      if (accepts(place.schema, null) !== nullOk) {
        wrong.push(`${place.where} ${nullOk ? "refuses" : "accepts"} null`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  test("name the array as a wrong type, without the value", { skip: specMissing }, () => {
    const result = v.safeParse(m.CreateZendeskTicketActionSchema, {
      type: "create_zendesk_ticket_action",
      user: ["secret"],
      description: "d",
    });
    assert.equal(result.success, false);
    if (!result.success) {
      assert.deepEqual(m.formatIssues(result.issues), ["user: expected an object"]);
    }
    const target = v.safeParse(m.GoToActionSchema, { type: "go_to_action", target: [] });
    if (!target.success) {
      assert.deepEqual(m.formatIssues(target.issues), ["target: expected an object"]);
    }
    assert.equal(target.success, false);
  });

  test("an array where the response's session or an action belongs is refused", {
    skip: specMissing,
  }, () => {
    const lines = (body: unknown) => {
      const result = m.validateResponse(body);
      return result.success ? [] : m.formatIssues(result.issues);
    };
    assert.deepEqual(lines([]), ["expected an object"]);
    assert.deepEqual(lines({ actions: [[]] }), ["actions.0: expected an object"]);
    assert.deepEqual(lines({ actions: [], session: [] }), ["session: expected an object"]);
    assert.deepEqual(lines({ actions: [], session: { values: ["a"] } }), [
      "session.values: expected an object",
    ]);
  });
});

describe("fields follow schemas.md's table (issue 11 A1)", () => {
  const fieldPlaces = places.filter((place) => specField(place) !== undefined);

  test("every field of a row is in its schema", { skip: specMissing }, () => {
    const missing: string[] = [];
    for (const object of objects) {
      for (const key of object.row?.fields.keys() ?? []) {
        if (!(key in object.node.entries!)) missing.push(`${object.where}.${key}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  test("a field is optional exactly when the table says opt", { skip: specMissing }, () => {
    const wrong = fieldPlaces
      .filter((place) => OPTIONAL_WRAPPERS.has(place.schema.type) !== specField(place)!.optional)
      .map((place) =>
        `${place.where}: schemas.md says ${specField(place)!.optional ? "opt" : "req"}`
      );
    assert.deepEqual(wrong, []);
  });

  test("a field accepts null exactly when the table says null ok", { skip: specMissing }, () => {
    const wrong = fieldPlaces
      .filter((place) => accepts(place.schema, null) !== specField(place)!.nullOk)
      .map((place) =>
        `${place.where}: schemas.md says ${specField(place)!.nullOk ? "" : "not "}null ok`
      );
    assert.deepEqual(wrong, []);
  });

  test("a field has a default on load exactly when the table documents one (issue 11 A3)", {
    skip: specMissing,
  }, () => {
    const wrong: string[] = [];
    let marked = 0;
    for (const place of fieldPlaces) {
      const metadata = v.getMetadata(place.schema as unknown as v.GenericSchema) as {
        defaultOnLoad?: unknown;
      };
      if ("defaultOnLoad" in metadata) marked++;
      const documented = specField(place)!.defaultValue;
      if (!isDeepStrictEqual(metadata.defaultOnLoad, documented)) {
        wrong.push(
          `${place.where}: ${JSON.stringify(metadata.defaultOnLoad)}, not ${
            JSON.stringify(documented)
          }`,
        );
      }
    }
    assert.deepEqual(wrong, []);
    assert.ok(marked >= 3, `${marked} fields with a default`);
  });

  test("read-only fields are modelled by their absence rules, not as optional", {
    skip: specMissing,
  }, () => {
    const readOnly = fieldPlaces.filter((place) => specField(place)!.readOnly);
    const keys = new Set(
      readOnly.map((place) => `${place.field!.row!.names[0]}.${place.field!.key}`),
    );
    // The three read-only fields of schemas.md, each found where it is embedded.
    assert.deepEqual([...keys].sort(), [
      "customer_satisfaction_choice.matchingIntent",
      "intent.name",
      "send_text_action.text",
    ]);
    for (const place of readOnly) {
      assert.equal(
        OPTIONAL_WRAPPERS.has(place.schema.type),
        specField(place)!.optional,
        place.where,
      );
    }
  });
});

describe("an intent requires its name wherever it is embedded (issue 11 A1)", () => {
  const example = (name: string): Record<string, unknown> =>
    fixture<Record<string, Record<string, unknown>>>(`examples/${name}.json`).data!;
  const matchIntent = example("match_intent_condition");
  const connection = structuredClone(example("flow_connection")) as {
    predicates: { type: string; condition?: unknown }[];
  };
  connection.predicates[0]!.condition = matchIntent;
  const jump = { ...example("jump_to_action"), connections: [connection] };
  const aiTask = structuredClone(example("send_ai_task_action")) as {
    behaviors: { connections: unknown[] }[];
  };
  aiTask.behaviors[0]!.connections = [connection];
  const actions: Record<string, unknown> = {
    customer_satisfaction_action: example("customer_satisfaction_action"),
    jump_to_action: jump,
    send_ai_task_action: aiTask,
  };

  /** The paths of every intent object inside `value`. */
  function intentPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
    if (typeof value !== "object" || value === null) return [];
    const found = (value as { type?: unknown }).type === "intent" ? [path] : [];
    for (const [key, child] of Object.entries(value)) {
      found.push(...intentPaths(child, [...path, Array.isArray(value) ? Number(key) : key]));
    }
    return found;
  }

  const at = (root: unknown, path: (string | number)[]): Record<string, unknown> =>
    path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root) as Record<
      string,
      unknown
    >;

  for (const [type, action] of Object.entries(actions)) {
    test(`validateResponse() refuses a ${type} whose intent has no name`, () => {
      assert.ok(m.validateResponse({ actions: [action] }).success, `${type} is valid as is`);
      const paths = intentPaths(action);
      assert.ok(paths.length > 0, `${type} embeds an intent`);
      for (const path of paths) {
        const copy = structuredClone(action);
        delete at(copy, path).name;
        const result = m.validateResponse({ actions: [copy] });
        assert.equal(result.success, false, path.join("."));
        if (!result.success) {
          assert.deepEqual(m.formatIssues(result.issues), [
            `actions.0.${[...path, "name"].join(".")}: required`,
          ]);
        }
      }
    });
  }

  test("FlowConnectionSchema refuses a match_intent condition whose intent has no name", {
    skip: specMissing,
  }, () => {
    const copy = structuredClone(connection) as { predicates: { condition: { intent: object } }[] };
    delete (copy.predicates[0]!.condition.intent as { name?: string }).name;
    const result = v.safeParse(m.FlowConnectionSchema, copy);
    assert.equal(result.success, false);
    if (!result.success) {
      assert.deepEqual(m.formatIssues(result.issues), [
        "predicates.0.condition.intent.name: required",
      ]);
    }
  });

  test("every place the walk finds an intent requires its name", { skip: specMissing }, () => {
    const intents = objects.filter((o) => typesOf(o.node)?.includes("intent"));
    assert.ok(intents.length >= 3, "an intent in conditions, choices and IntentSchema");
    for (const intent of intents) {
      assert.equal(OPTIONAL_WRAPPERS.has(intent.node.entries!.name!.type), false, intent.where);
      assert.equal(accepts(intent.node, { type: "intent", id: "a1a1a1a1a1a1a1a1a1a1a1a1" }), false);
    }
  });
});
