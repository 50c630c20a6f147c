// A webhook whose handler never answers, for the shutdown tests
// (tests/shutdown_test.ts): a SIGTERM must still stop it once the grace
// period (GRACE_MS) is over. It prints:
//   "listening on http://host:port/" once it listens,
//   "received <n>" when the n-th request arrives (before its body is read),
//   "started <n>"  when the handler of the n-th notification begins,
//   "stopping"     once SIGTERM has started the shutdown,
//   "stopped"      when the server has finished.
//   deno run --allow-net --allow-env tests/_stuck_server.ts
//   bun run tests/_stuck_server.ts
import { events, serve, Webhook } from "../mod.ts";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;
const env = (name: string) => g.Deno?.env.get(name) ?? g.process?.env[name];
const print = (line: string) => console.log(line);
const onSignal = (signal: string, listener: () => void) => {
  if (g.Deno) g.Deno.addSignalListener(signal, listener);
  else g.process.on(signal, listener);
};

let started = 0;
const app = new Webhook({ requestMaxAge: null, bodyTimeout: 600_000, logger: null });
app.on(events.CONVERSATION_STEP_REACHED, () => {
  print(`started ${++started}`);
  return new Promise<never>(() => {}); // never answers
});

let received = 0;
const server = serve((request) => {
  print(`received ${++received}`);
  return app.fetch(request);
}, {
  port: Number(env("PORT") ?? 0),
  hostname: "127.0.0.1",
  shutdownOn: ["SIGTERM"],
  gracePeriod: Number(env("GRACE_MS") ?? 200),
  onListen: ({ hostname, port }) => print(`listening on http://${hostname}:${port}/`),
});
onSignal("SIGTERM", () => print("stopping"));
await server.finished;
print("stopped");
