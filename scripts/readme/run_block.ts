// Runs one README block under Bun or Deno as pasted, except that every server
// it starts (Bun.serve, Deno.serve, app.serve) listens on a free port of
// 127.0.0.1 and is stopped once the block has run. Used by check.ts:
//   bun run scripts/readme/run_block.ts <block.ts>
//   deno run --config <map> --allow-all scripts/readme/run_block.ts <block.ts>
import process from "node:process";
import { pathToFileURL } from "node:url";

interface Stoppable {
  stop(): Promise<unknown>;
}

const servers: Stoppable[] = [];
// deno-lint-ignore no-explicit-any
const g = globalThis as any;

if (g.Bun) {
  const serve = g.Bun.serve.bind(g.Bun);
  // deno-lint-ignore no-explicit-any
  g.Bun.serve = (options: any) => {
    const server = serve({ ...options, port: 0, hostname: "127.0.0.1" });
    servers.push({ stop: () => Promise.resolve(server.stop(true)) });
    return server;
  };
} else if (g.Deno) {
  const serve = g.Deno.serve.bind(g.Deno);
  // deno-lint-ignore no-explicit-any
  g.Deno.serve = (...args: any[]) => {
    // Deno.serve(handler), Deno.serve(options, handler) or Deno.serve({ ...options, handler }).
    const options = typeof args[0] === "function" ? {} : { ...args[0] };
    const handler = typeof args[0] === "function" ? args[0] : args[1] ?? options.handler;
    const server = serve({ ...options, port: 0, hostname: "127.0.0.1", onListen() {} }, handler);
    servers.push({ stop: () => server.shutdown() });
    return server;
  };
}

const file = process.argv[2];
if (file === undefined) throw new TypeError("Usage: run_block.ts <block.ts>");
// The block runs as a script given no arguments.
process.argv.splice(2);
try {
  await import(pathToFileURL(file).href);
} finally {
  await Promise.all(servers.map((server) => server.stop()));
}
// A block that sets a failing exit code fails.
process.exit(process.exitCode ?? 0);
