// Routing cost: a request that reaches the tenth route, each route having two
// filters (the first accepts, the second rejects: the worst case), against a
// request that the first route takes. The difference is what routing costs.
//   deno bench -A bench/routing_bench.ts
import { readFileSync } from "node:fs";
import {
  Channel,
  events,
  type Filter,
  InputType,
  JSONKeyEquals,
  SessionValueExists,
  StepID,
  StepUserDataKeyEquals,
  Webhook,
} from "../mod.ts";

const full = JSON.parse(
  readFileSync(new URL("../../shared/fixtures/notifications/full.json", import.meta.url), "utf8"),
);
const STEP = events.CONVERSATION_STEP_REACHED;

const routeFilters: Filter[][] = [];

function build(): Webhook {
  const app = new Webhook({ requestMaxAge: null });
  for (let i = 0; i < 9; i++) {
    // Accepts (the channel is facebook), then rejects on a step id or a userData key.
    const second = i % 3 === 0
      ? StepID(`507f191e810c19729de860${String(i).padStart(2, "0")}`)
      : i % 3 === 1
      ? StepUserDataKeyEquals("action", `action-${i}`)
      : JSONKeyEquals("data.step.name", `step ${i}`);
    routeFilters.push([Channel(["facebook", "web"]), second]);
  }
  routeFilters.push([InputType("custom_event"), SessionValueExists("name")]);
  for (const filters of routeFilters) app.on(STEP, () => ({ actions: [] }), filters);
  return app;
}

const tenth = build();
const first = new Webhook({ requestMaxAge: null });
first.on(STEP, () => ({ actions: [] }), [InputType("custom_event"), SessionValueExists("name")]);

const body = JSON.stringify({
  ...full,
  data: { ...full.data, step: { ...full.data.step, userData: '{"action":"none"}' } },
});
const request = () => new Request("http://localhost/", { method: "POST", body });

for (const app of [tenth, first]) {
  const response = await app.fetch(request());
  if (response.status !== 200) throw new Error(`routing bench broken: ${response.status}`);
}

Deno.bench("app.fetch, the first route matches", { group: "routing", baseline: true }, async () => {
  await first.fetch(request());
});
Deno.bench(
  "app.fetch, the tenth route matches (9 routes x 2 filters tried)",
  { group: "routing" },
  async () => {
    await tenth.fetch(request());
  },
);

// The routing loop alone, as the webhook runs it, on a notification whose
// step object is new each time (so userData is parsed once, as per request).
const parsed = JSON.parse(body);
Deno.bench("routing loop alone: 10 routes x 2 filters, tenth matches", { group: "loop" }, () => {
  const data = { ...parsed, data: { ...parsed.data, step: { ...parsed.data.step } } };
  let matched = -1;
  outer: for (let r = 0; r < routeFilters.length; r++) {
    for (const filter of routeFilters[r]!) if (filter(data) !== true) continue outer;
    matched = r;
    break;
  }
  if (matched !== 9) throw new Error("routing loop broken");
});
Deno.bench(
  "copying the notification's step alone (subtract from the above)",
  { group: "loop" },
  () => {
    const data = { ...parsed, data: { ...parsed.data, step: { ...parsed.data.step } } };
    if (data.data.step === parsed.data.step) throw new Error("not copied");
  },
);
