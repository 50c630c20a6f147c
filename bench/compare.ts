/**
 * Before and after a change, in one process: the webhook of another checkout
 * (`BASE_ROOT`, e.g. a `git worktree` of the commit before, with its
 * node_modules or a symlink to these) and this one's, on the load test's
 * 2.7 KB notification, with the anchors' security and without, timed in
 * alternating batches of 2,000 requests in random order. Prints the median of
 * the rounds' after/before ratios and their quartiles: what a change costs
 * where separate processes differ by more than the change (heap layout, JIT).
 *
 *   BASE_ROOT=../base deno run -A bench/compare.ts
 *   BASE_ROOT=../base bun bench/compare.ts
 *
 * Env: BASE_ROOT (required), ROUNDS (40).
 *
 * @module
 */
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { SECURE } from "./_example.ts";
import { AUTH, DATE, loadPayload, type Payload } from "./_payloads.ts";
import * as after from "../mod.ts";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;
const env = (name: string): string | undefined => g.Deno?.env.get(name) ?? g.process?.env[name];
const root = env("BASE_ROOT");
if (!root) throw new Error("Cannot compare: set BASE_ROOT to the checkout to compare with");
const before: typeof after = await import(pathToFileURL(join(resolve(root), "mod.ts")).href);
const rounds = Number(env("ROUNDS") ?? 40);
const BATCH = 2_000;
const payload = loadPayload();

function webhook(module: typeof after, secure: boolean): after.Webhook {
  const app = new module.Webhook(
    secure ? SECURE : { requestMaxAge: null },
  );
  app.on(module.events.CONVERSATION_STEP_REACHED, (_request, _response, notification) => ({
    actions: [module.SendTextAction({ alternatives: ["hello", "bye"] })],
    session: notification.event.session,
  }));
  return app;
}

function request(payload: Payload, secure: boolean): Request {
  const headers: Record<string, string> = { "content-type": "application/json", date: DATE };
  if (secure) {
    headers["x-hub-signature"] = payload.signature;
    headers["authorization"] = AUTH;
  }
  return new Request("http://127.0.0.1:8787/", { method: "POST", headers, body: payload.body });
}

/** Nanoseconds per request over `BATCH` requests. */
async function batch(app: after.Webhook, secure: boolean): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < BATCH; i++) {
    const response = await app.fetch(request(payload, secure));
    if (response.status !== 200) throw new Error(`status ${response.status}`);
    await response.text();
  }
  return ((performance.now() - start) / BATCH) * 1e6;
}

const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * q)]!;

console.log(`${g.Bun ? `bun ${g.Bun.version}` : `deno ${g.Deno.version.deno}`}, BASE_ROOT=${root}`);
for (const secure of [true, false]) {
  const apps = { before: webhook(before, secure), after: webhook(after, secure) };
  for (let i = 0; i < 3; i++) for (const app of Object.values(apps)) await batch(app, secure);
  const ratios: number[] = [];
  const times = { before: [] as number[], after: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    const order = Math.random() < 0.5 ? ["before", "after"] as const : ["after", "before"] as const;
    const took = { before: 0, after: 0 };
    for (const side of order) took[side] = await batch(apps[side], secure);
    ratios.push(took.after / took.before);
    times.before.push(took.before);
    times.after.push(took.after);
  }
  console.log(
    `${secure ? "anchors' security" : "no security"}: before ${
      (quantile(times.before, 0.5) / 1000).toFixed(2)
    } µs, after ${(quantile(times.after, 0.5) / 1000).toFixed(2)} µs; after/before ${
      quantile(ratios, 0.5).toFixed(3)
    } (quartiles ${quantile(ratios, 0.25).toFixed(3)}-${
      quantile(ratios, 0.75).toFixed(3)
    }, ${rounds} rounds of ${BATCH})`,
  );
}
