// examples/multicore.ts: the webhook on every core, under `deno serve
// --parallel` (one isolate per core) and under Bun (one process per core,
// SO_REUSEPORT through app.serve({ reusePort: true })).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { serve } from "../mod.ts";
import { notificationFor, ROOT } from "./_helpers.ts";
import {
  assertSecurityWarnings,
  freePort,
  openExampleEnv,
  post,
  RUNTIME,
  startServer,
  stop,
  until,
} from "./_process.ts";

const WORKERS = 2;

/** POSTs a notification on a new connection; resolves to [status, x-instance]. */
function postNotification(port: number, body: string): Promise<[number, string]> {
  return post(port, { date: new Date().toUTCString() }, body);
}

const COMMANDS: Record<string, readonly string[]> = {
  deno: [
    join(ROOT, "node_modules/.bin/deno"),
    "serve",
    "--parallel",
    "--host",
    "127.0.0.1",
    "--allow-env",
    "examples/multicore.ts",
  ],
  bun: [join(ROOT, "node_modules/.bin/bun"), "run", "examples/multicore.ts"],
};

describe("examples/multicore.ts", () => {
  for (const [runtime, command] of Object.entries(COMMANDS)) {
    test(`examples/multicore.ts answers from ${WORKERS} instances under ${runtime}, and warns without a key or credentials`, async () => {
      const port = await freePort();
      const args = runtime === "deno"
        ? [...command.slice(0, 2), "--port", String(port), ...command.slice(2)]
        : command;
      const server = await startServer(args, {
        ...openExampleEnv(),
        PORT: String(port),
        WORKERS: String(WORKERS),
        DENO_JOBS: String(WORKERS),
      });
      try {
        if (runtime === "bun") {
          // Every worker prints its line; wait for all before counting them.
          await until(
            () => (server.output().match(/listening on/g) ?? []).length >= WORKERS,
            10_000,
            10,
          );
        }
        const body = notificationFor();
        // The listening line may come before every instance listens: send
        // batches of requests on new connections until two instances answer.
        const instances = new Set<string>();
        for (let batch = 0; batch < 50 && instances.size < 2; batch++) {
          if (batch > 0) await new Promise((resolve) => setTimeout(resolve, 50));
          const answers = await Promise.all(
            Array.from({ length: 16 }, () => postNotification(port, body)),
          );
          for (const [status, instance] of answers) {
            assert.equal(status, 200);
            assert.notEqual(instance, "undefined", "every answer names its instance");
            instances.add(instance);
          }
        }
        // Connections spread by the kernel: all on one instance would mean one core only.
        assert.ok(instances.size >= 2, `answered by ${[...instances]}: ${server.output()}`);
        // Without a key or credentials it says so, as examples/server.ts does.
        assertSecurityWarnings(server.output());
      } finally {
        // Never leave a server behind, even one that ignores SIGTERM.
        await stop(server, 10_000);
      }
    });
  }

  // Deno.serve({ reusePort }) needs --unstable-net; `deno serve --parallel` (above) is Deno's way.
  const skip = RUNTIME === "bun"
    ? false
    : "reusePort in Deno.serve needs --unstable-net (deno serve --parallel is tested above)";
  test(
    "serve() with reusePort lets two servers of one process share a port",
    { skip },
    async () => {
      const port = await freePort();
      const options = { port, hostname: "127.0.0.1", reusePort: true };
      const first = serve(
        () => Promise.resolve(new Response("first", { headers: { "x-instance": "1" } })),
        options,
      );
      const second = serve(
        () => Promise.resolve(new Response("second", { headers: { "x-instance": "2" } })),
        options,
      );
      try {
        assert.equal(first.port, port);
        assert.equal(second.port, port);
        const [status] = await postNotification(port, "{}");
        assert.equal(status, 200);
      } finally {
        await Promise.all([first.shutdown(), second.shutdown()]);
      }
    },
  );
});
