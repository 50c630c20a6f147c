// Copied unchanged from ../shared/bench/servers: an anchor of issue 7.
// Anchor: what a developer would hand-write with Hono + valibot + Web Crypto.
// Runs on Deno (`deno run --allow-net --allow-env --allow-read`) and Bun (`bun`).
import { Hono } from "hono";
import { basicAuth } from "hono/basic-auth";
import * as v from "valibot";
import { importKey, Notification, routes, verifySignature } from "./lib.ts";

const key = await importKey("bench-secret");
export const app = new Hono();

// Same order as clustaar.webhook: signature (400), then basic auth (403).
app.use("/", async (c, next) => {
  const ok = await verifySignature(
    key,
    c.req.header("x-hub-signature"),
    c.req.header("date"),
    await c.req.text(),
  );
  if (!ok) {
    return c.json({
      title: "Invalid header value",
      description: "The request's signature is invalid.",
    }, 400);
  }
  await next();
});
app.use("/", basicAuth({ username: "bench", password: "pass" }));

app.post("/", async (c) => {
  let json: unknown;
  try {
    json = JSON.parse(await c.req.text()); // body text is cached by Hono
  } catch {
    return c.json({ title: "Invalid JSON" }, 400);
  }
  const result = v.safeParse(Notification, json);
  if (!result.success) {
    return c.json({ title: "Invalid notification", issues: v.flatten(result.issues) }, 400);
  }
  const handler = routes.get(result.output.topic);
  if (!handler) return c.json({ title: "No handler for topic" }, 404);
  return c.json(handler(result.output));
});

if (import.meta.main) {
  // deno-lint-ignore no-explicit-any
  const g = globalThis as any;
  const port = Number(g.Bun ? g.process.env.PORT : g.Deno.env.get("PORT")) || 8787;
  if (g.Bun) g.Bun.serve({ port, hostname: "127.0.0.1", fetch: app.fetch });
  else g.Deno.serve({ port, hostname: "127.0.0.1" }, app.fetch);
}
