// A webhook instance on a shared Redis replay store, run as its own process
// by tests/redis_store_test.ts (under Deno or Bun).
//
// Environment: REDIS_URL, REDIS_CLIENT ("node-redis" or "ioredis"),
// CLOCK_OFFSET (milliseconds added to this instance's clock), PRIVATE_KEY,
// STORE_TIMEOUT (the store's bound, ms). The handler fails with a 500 when the
// request carries `x-fail: 1` (a header the signature does not cover), so a
// test can make a first try fail and its retry pass.
import { Redis } from "ioredis";
import { createClient } from "redis";
import { Webhook } from "../mod.ts";
import { type RedisClientLike, RedisReplayStore } from "../src/security/redis_store.ts";

const env = (name: string): string => {
  // deno-lint-ignore no-explicit-any
  const g = globalThis as any;
  const value = g.Deno?.env.get(name) ?? g.process?.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const url = env("REDIS_URL");
const offset = Number(env("CLOCK_OFFSET"));
let client: RedisClientLike;
if (env("REDIS_CLIENT") === "ioredis") {
  const redis = new Redis(url);
  redis.on("error", (error: Error) => console.error(`redis: ${error.message}`));
  await redis.ping();
  client = redis;
} else {
  const redis = createClient({ url });
  redis.on("error", (error: Error) => console.error(`redis: ${error.message}`));
  await redis.connect();
  client = redis;
}

const now = () => Date.now() + offset;
const app = new Webhook({
  privateKey: env("PRIVATE_KEY"),
  now,
  replayStore: new RedisReplayStore(client, { timeout: Number(env("STORE_TIMEOUT")), now }),
  onError: (error) => console.error(`onError: ${String(error)}`),
});
app.on("conversation.step_reached", (request) => {
  if (request.headers.get("x-fail") === "1") throw new Error("this try fails");
  return { actions: [] };
});

const server = app.serve({
  port: 0,
  hostname: "127.0.0.1",
  shutdownOn: ["SIGTERM"],
  onListen: ({ port }) => console.log(`listening on http://127.0.0.1:${port}/`),
});
await server.finished;
// deno-lint-ignore no-explicit-any
const g = globalThis as any;
if (g.Deno) g.Deno.exit(0);
else g.process.exit(0);
