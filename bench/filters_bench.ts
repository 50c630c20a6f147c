/**
 * Benchmarks of route filters on the full fixture notification.
 *
 * Run with `deno bench bench/filters_bench.ts` (needs read access to the
 * shared fixtures next to the repository).
 *
 * @module
 */
import {
  and,
  Channel,
  type Filter,
  InputMatches,
  InputType,
  JSONKeyEquals,
  JSONKeyExists,
  JSONKeyIn,
  not,
  or,
  SessionValueEquals,
  StepID,
  StepName,
  StepUserDataKeyEquals,
} from "../src/routing/mod.ts";

const full = JSON.parse(
  Deno.readTextFileSync(new URL("../../shared/fixtures/notifications/full.json", import.meta.url)),
);
// A realistic userData (the fixture's is "{}") and a message input.
full.data.step.userData = JSON.stringify({ lang: "fr", flow: "billing", retries: 2 });
const message = structuredClone(full);
message.data.input = { type: "message", text: "Hello, I would like a refund please" };

let sink = false;
function run(filter: (data: unknown) => boolean, data: unknown): void {
  sink = filter(data) !== sink;
}

const stepID = StepID("1234");
const stepIDs = StepID(["507f191e810c19729de860ea", "507f191e810c19729de860eb", "1234"]);
const deepEquals = JSONKeyEquals("data.interlocutor.location", { lat: 1, long: 2.4 });
const keyIn = JSONKeyIn("data.interlocutor.customAttributes.age", ["18", "21", "30"]);
const exists = JSONKeyExists("data.interlocutor.externalID");
const userData = StepUserDataKeyEquals("lang", "fr");
const input = InputMatches(/\brefund\b/i);
const combined = and(
  StepName("A step"),
  or(Channel("web"), Channel("facebook")),
  not(SessionValueEquals("name", "milou")),
  InputType(["custom_event", "message"]),
);
const asyncPart: Filter = () => Promise.resolve(true);
const combinedAsync = and(StepID("1234"), asyncPart, Channel("facebook"));

Deno.bench("StepID(id)", { group: "single" }, () => run(stepID, full));
Deno.bench("StepID([3 ids])", { group: "single" }, () => run(stepIDs, full));
Deno.bench("JSONKeyEquals(path, object)", { group: "single" }, () => run(deepEquals, full));
Deno.bench("JSONKeyIn(path, [3 values])", { group: "single" }, () => run(keyIn, full));
Deno.bench("JSONKeyExists(path to null)", { group: "single" }, () => run(exists, full));
Deno.bench("InputMatches(RegExp)", { group: "single" }, () => run(input, message));
Deno.bench("StepUserDataKeyEquals, parse cached", { group: "userData" }, () => run(userData, full));
Deno.bench("StepUserDataKeyEquals, fresh step (parse)", { group: "userData" }, () => {
  // A new step object per call, as for a new request: one JSON.parse each.
  const data = { data: { ...full.data, step: { ...full.data.step } } };
  run(userData, data);
});
Deno.bench("shallow copy only (baseline of the above)", { group: "userData" }, () => {
  const data = { data: { ...full.data, step: { ...full.data.step } } };
  sink = data !== null;
});
Deno.bench("and(StepName, or(Channel, Channel), not(...), InputType)", {
  group: "combined",
}, () => run(combined as (data: unknown) => boolean, full));
Deno.bench("and(StepID, async custom, Channel)", { group: "combined" }, async () => {
  sink = (await combinedAsync(full)) !== sink;
});
