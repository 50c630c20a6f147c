// A webhook for the end-to-end hardening tests (body memory and deadline,
// Host, hooks): configured from the environment, it prints
// "listening on http://host:port/" and answers GET /__memory with
// {"rss": bytes, "pending": requests received and not answered yet}.
//   BODY_TIMEOUT_MS  the webhook's bodyTimeout (default 10000)
//   WEBHOOK_PATH     the webhook's path option (default: none)
//   HOOKS=rejecting  onReject and onError are async functions that reject
//   deno run --allow-net --allow-env tests/_hardened_server.ts
//   bun run tests/_hardened_server.ts
import { events, serve, Webhook } from "../mod.ts";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;
const env = (name: string): string | undefined => g.Deno?.env.get(name) ?? g.process?.env[name];
const rss = (): number => g.Deno?.memoryUsage().rss ?? g.process.memoryUsage().rss;

const rejecting = env("HOOKS") === "rejecting";
const app = new Webhook({
  requestMaxAge: null,
  bodyTimeout: Number(env("BODY_TIMEOUT_MS") ?? 10_000),
  path: env("WEBHOOK_PATH"),
  onReject: rejecting ? () => Promise.reject(new Error("metrics down")) : () => {},
  onError: rejecting ? async () => await Promise.reject(new Error("logger down")) : () => {},
});
app.on(events.CONVERSATION_STEP_REACHED, (request, _response, notification) => {
  if (notification.event.session.values["fail"]) throw new Error("handler bug");
  return { actions: [], session: { values: { path: new URL(request.url).pathname } } };
});

let pending = 0;
serve(async (request) => {
  if (request.method === "GET" && request.url.endsWith("/__memory")) {
    return new Response(JSON.stringify({ rss: rss(), pending }));
  }
  pending++;
  try {
    return await app.fetch(request);
  } finally {
    pending--;
  }
}, {
  port: Number(env("PORT") ?? 0),
  hostname: "127.0.0.1",
  shutdownOn: ["SIGTERM"],
  onListen: ({ hostname, port }) => console.log(`listening on http://${hostname}:${port}/`),
});
