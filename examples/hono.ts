// A webhook mounted on a path of an existing Hono app.
//
//   deno serve --allow-env examples/hono.ts
//   bun run examples/hono.ts
//
// The webhook receives Hono's raw web Request (c.req.raw), so it reads and
// verifies the exact bytes the platform signed: do not read the body in a
// middleware before it.
import { Hono } from "hono";
import { events, SendTextAction, StepReachedResponse, Webhook } from "../mod.ts";

const env = (name: string): string | undefined => {
  // deno-lint-ignore no-explicit-any
  const g = globalThis as any;
  return g.Deno?.env.get(name) ?? g.process?.env[name];
};

export const webhook = new Webhook({
  path: "/clustaar",
  privateKey: env("CLUSTAAR_PRIVATE_KEY") || undefined,
});

webhook.on(
  events.CONVERSATION_STEP_REACHED,
  (_request, _response, notification) =>
    StepReachedResponse({
      actions: [SendTextAction({ alternatives: ["hello from Hono"] })],
      session: notification.event.session,
    }),
);

export const app = new Hono();
app.get("/health", (c) => c.json({ ok: true }));
app.post("/clustaar", (c) => webhook.fetch(c.req.raw));

export default app;
