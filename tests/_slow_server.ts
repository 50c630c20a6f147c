// A webhook whose handler holds every request until the process gets SIGUSR2,
// for the graceful shutdown tests (tests/shutdown_test.ts). It prints:
//   "listening on http://host:port/" once it listens,
//   "started <n>"  when the handler of the n-th request begins,
//   "stopping"     once SIGTERM has started the graceful shutdown,
//   "stopped"      when the server has finished.
//   deno run --allow-net --allow-env tests/_slow_server.ts
//   bun run tests/_slow_server.ts
import { events, Webhook } from "../mod.ts";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;
const port = Number(g.Deno?.env.get("PORT") ?? g.process?.env.PORT ?? 0);
const onSignal = (signal: string, listener: () => void) => {
  if (g.Deno) g.Deno.addSignalListener(signal, listener);
  else g.process.on(signal, listener);
};
const print = (line: string) => console.log(line);

let release!: () => void;
const gate = new Promise<void>((resolve) => (release = resolve));
onSignal("SIGUSR2", () => release());

let count = 0;
const app = new Webhook({ requestMaxAge: null, validateResponses: false });
app.on(events.CONVERSATION_STEP_REACHED, async (_request, _response, notification) => {
  print(`started ${++count}`);
  await gate;
  return { actions: [], session: notification.event.session };
});

const server = app.serve({
  port,
  hostname: "127.0.0.1",
  shutdownOn: ["SIGTERM"],
  onListen: ({ hostname, port }) => print(`listening on http://${hostname}:${port}/`),
});
// Registered after serve()'s own listener, so the shutdown has begun when this prints.
onSignal("SIGTERM", () => print("stopping"));
await server.finished;
print("stopped");
