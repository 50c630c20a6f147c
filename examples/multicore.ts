// The example webhook (examples/server.ts) on every core.
//
//   Deno: one isolate per core, sharing the port:
//     deno serve --parallel --port 8000 --allow-env examples/multicore.ts
//   Bun: one process per core, each listening with SO_REUSEPORT (Linux):
//     bun run examples/multicore.ts
//
// Environment: PORT (default 8000), WORKERS (default: one per core) and the
// variables of examples/server.ts. Each answer carries an `x-instance` header
// naming the instance that served it. The instances share nothing: with a
// private key, give them a shared replay store (DenoKvReplayStore from
// "@clustaar/webhook/deno-kv", or Redis; see the README's "Scaling out").
import { serve } from "../mod.ts";
import { app } from "./server.ts";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;
const env = (name: string): string | undefined => g.Deno?.env.get(name) ?? g.process?.env[name];

/** Which instance answered: a short random id per isolate or process. */
const instance = crypto.randomUUID().slice(0, 8);

async function fetch(request: Request): Promise<Response> {
  const response = await app.fetch(request);
  response.headers.set("x-instance", instance);
  return response;
}

if (g.Bun && import.meta.main) {
  const port = Number(env("PORT") ?? 8000);
  if (env("CLUSTAAR_WORKER") === undefined) {
    // The primary: one worker process per core; forwards SIGINT and SIGTERM.
    const count = Number(env("WORKERS") ?? navigator.hardwareConcurrency ?? 1);
    const workers = Array.from(
      { length: count },
      (_, index) =>
        g.Bun.spawn([g.process.execPath, g.Bun.main], {
          env: { ...g.process.env, CLUSTAAR_WORKER: String(index) },
          stdio: ["ignore", "inherit", "inherit"],
        }),
    );
    for (const signal of ["SIGINT", "SIGTERM"]) {
      g.process.on(signal, () => {
        for (const worker of workers) worker.kill(signal);
      });
    }
    await Promise.all(workers.map((worker: { exited: Promise<number> }) => worker.exited));
    console.log("Clustaar webhook stopped");
  } else {
    const server = serve(fetch, { port, reusePort: true, shutdownOn: ["SIGINT", "SIGTERM"] });
    console.log(
      `Clustaar webhook instance ${instance} listening on http://${server.hostname}:${server.port}/`,
    );
    await server.finished;
  }
}

// `deno serve` serves this default export in every isolate. Under Bun the
// export is left without `fetch`, so that Bun does not start a server of its own.
export default g.Bun ? {} : { fetch };
