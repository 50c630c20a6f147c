// examples/production.ts end to end, under Deno and under Bun, on a real
// redis-server: its instances (one process each, sharing the port) share the
// replay store, so a request accepted by one is refused by another; its spans
// and metrics reach the console exporters; SIGTERM stops every instance; and
// without a key or credentials it says so.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { basic, notificationFor, signedRequest } from "./_helpers.ts";
import {
  assertSecurityWarnings,
  freePort,
  openExampleEnv,
  post,
  RUNTIMES,
  secureExampleEnv,
  startServer,
  stop,
  until,
} from "./_process.ts";
import { type RedisServer, redisSkip, startRedis } from "./_redis.ts";

const skip = redisSkip;
// Deno's runner shows a skipped test as "ignored" without its reason: say it once here.
if (skip) console.warn(`SKIP tests/production_test.ts: ${skip}`);

const KEY = "production-key";
const AUTH = basic("bot", "p:w");
const WORKERS = 2;

const COMMANDS: Record<string, readonly string[]> = {
  deno: RUNTIMES.deno("examples/production.ts", "--allow-run"),
  bun: RUNTIMES.bun("examples/production.ts"),
};

for (const [runtime, command] of Object.entries(COMMANDS)) {
  describe(`examples/production.ts under ${runtime}`, () => {
    test(
      `examples/production.ts: ${WORKERS} instances share the Redis replay store, trace to the console and stop on SIGTERM (${runtime})`,
      { skip, timeout: 120_000 },
      async () => {
        const redis: RedisServer = await startRedis();
        try {
          const port = await freePort();
          const server = await startServer(command, {
            ...secureExampleEnv(KEY),
            PORT: String(port),
            HOST: "127.0.0.1",
            WORKERS: String(WORKERS),
            REDIS_URL: redis.url,
            GRACE_PERIOD: "2000",
            OTEL_BSP_SCHEDULE_DELAY: "100",
            OTEL_METRIC_EXPORT_INTERVAL: "300",
          }, 60_000);
          let stopped = false;
          try {
            const listening = () => (server.output().match(/listening on/g) ?? []).length;
            assert.ok(await until(() => listening() >= WORKERS, 30_000), server.output());
            assert.doesNotMatch(server.output(), /Warning:/, "every check is on");
            if (process.env.SHOW_OUTPUT) console.log(server.output());

            const request = await signedRequest({
              body: notificationFor(),
              privateKey: KEY,
              auth: AUTH,
            });
            const headers = Object.fromEntries(request.headers);
            const body = await request.text();
            const [status, first] = await post(port, headers, body);
            assert.equal(status, 200, server.output());
            // Copies on new connections, until another instance gets one: it refuses it too.
            const others = new Set<string>();
            for (let i = 0; i < 200 && others.size === 0; i++) {
              const [copyStatus, instance] = await post(port, headers, body);
              assert.equal(copyStatus, 409, `copy ${i} on ${instance}`);
              if (instance !== first) others.add(instance);
            }
            assert.equal(others.size, 1, `every copy was answered by ${first}: ${server.output()}`);

            // The spans and the metrics, as the console exporters print them.
            const q = `["']`;
            const answered = new RegExp(`${q}clustaar\\.outcome${q}: ${q}answered${q}`);
            const replay = new RegExp(`${q}clustaar\\.reject_reason${q}: ${q}replay${q}`);
            const traced = () =>
              new RegExp(`name: ${q}clustaar\\.webhook${q}`).test(server.output()) &&
              new RegExp(`name: ${q}clustaar\\.webhook\\.handler${q}`).test(server.output()) &&
              answered.test(server.output()) && replay.test(server.output()) &&
              new RegExp(`${q}clustaar\\.route${q}: ${q}reply${q}`).test(server.output()) &&
              new RegExp(`name: ${q}clustaar\\.webhook\\.requests${q}`).test(server.output()) &&
              new RegExp(`name: ${q}clustaar\\.webhook\\.duration${q}`).test(server.output());
            // Each instance's spans name it (the instances export on their own schedules).
            const named = (instance: string) =>
              new RegExp(`${q}service\\.instance\\.id${q}: ${q}${instance}${q}`);
            const everyInstance = () =>
              [first, ...others].every((instance) => named(instance).test(server.output()));
            assert.ok(await until(() => traced() && everyInstance(), 20_000), server.output());
            for (const instance of [first, ...others]) {
              assert.match(server.output(), named(instance));
            }
            // Nothing of the key or the credentials in what the instances printed.
            assert.doesNotMatch(server.output(), new RegExp(KEY));
            assert.doesNotMatch(server.output(), /p:w/);
            assert.doesNotMatch(server.output(), new RegExp(AUTH.slice(6)));

            stopped = true;
            const code = await stop(server);
            assert.equal(code, 0, server.output());
            assert.equal(
              (server.output().match(/Clustaar webhook instance \w+ stopped/g) ?? []).length,
              WORKERS,
              server.output(),
            );
            assert.match(server.output(), /Clustaar webhook stopped/);
          } finally {
            if (!stopped) await stop(server);
          }
        } finally {
          await redis.close();
        }
      },
    );

    test(
      `examples/production.ts warns when the key and the credentials are not set (${runtime})`,
      { timeout: 60_000 },
      async () => {
        const port = await freePort();
        // No Redis needed to say so: the instances start anyway and answer 503 until it is there.
        const server = await startServer(command, {
          ...openExampleEnv(),
          PORT: String(port),
          HOST: "127.0.0.1",
          WORKERS: "1",
          REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
        }, 60_000);
        try {
          assertSecurityWarnings(server.output());
        } finally {
          await stop(server);
        }
      },
    );
  });
}
