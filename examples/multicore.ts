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
// "@clustaar/webhook/deno-kv", or Redis: see examples/production.ts and the
// README's "Running in production").
import { serve } from "../mod.ts";
import { env, instance, isWorker, startInstances, withInstanceHeader } from "./_instances.ts";
import { app, securityWarnings } from "./server.ts";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;
const fetch = withInstanceHeader(app.fetch);

if (g.Bun && import.meta.main) {
  if (!isWorker()) {
    // The primary: one worker process per core (examples/_instances.ts).
    for (const warning of securityWarnings()) console.error(warning);
    await startInstances();
    console.log("Clustaar webhook stopped");
  } else {
    const port = Number(env("PORT") ?? 8000);
    const server = serve(fetch, { port, reusePort: true, shutdownOn: ["SIGINT", "SIGTERM"] });
    console.log(
      `Clustaar webhook instance ${instance} listening on http://${server.hostname}:${server.port}/`,
    );
    await server.finished;
  }
} else if (g.Deno && import.meta.main) {
  // Under `deno serve --parallel`, every isolate runs this module, and says so.
  for (const warning of securityWarnings()) console.error(warning);
}

// `deno serve` serves this default export in every isolate. Under Bun the
// export is left without `fetch`, so that Bun does not start a server of its own.
export default g.Bun ? {} : { fetch };
