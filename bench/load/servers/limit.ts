// Copied unchanged from ../shared/bench/servers: an anchor of issue 7.
// The limit for this job: a bare server plus the work every signed Clustaar
// webhook cannot avoid — read the body bytes, compare the Basic credentials,
// HMAC-SHA1 "date=<Date>\n" + body with the runtime's fastest built-in
// (synchronous node:crypto), JSON.parse the notification, look at its topic,
// and send a fixed JSON reply. No validation, no routing, no handler.
// Runs on Deno (`deno run --allow-net --allow-env`) and Bun.
import { createHmac, timingSafeEqual } from "node:crypto";
import { Buffer } from "node:buffer";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;
const port = Number(g.Bun ? g.process.env.PORT : g.Deno.env.get("PORT")) || 8787;
const KEY = "bench-secret";
const AUTH = "Basic " + btoa("bench:pass");
const REPLY = JSON.stringify({
  actions: [{ type: "send_text_action", alternatives: ["ok"] }],
  session: { values: {} },
});
const HEADERS = { "content-type": "application/json; charset=utf-8" };
const decoder = new TextDecoder();

async function handle(req: Request): Promise<Response> {
  if (req.headers.get("authorization") !== AUTH) {
    return new Response('{"error":"auth"}', { status: 401 });
  }
  const body = new Uint8Array(await req.arrayBuffer());
  const given = Buffer.from((req.headers.get("x-hub-signature") ?? "").slice(5), "hex");
  const mac = createHmac("sha1", KEY).update(`date=${req.headers.get("date")}\n`).update(body)
    .digest();
  if (given.length !== mac.length || !timingSafeEqual(given, mac)) {
    return new Response('{"error":"signature"}', { status: 400 });
  }
  const notification = JSON.parse(decoder.decode(body));
  if (notification.topic !== "conversation.step_reached") {
    return new Response('{"error":"route"}', { status: 404 });
  }
  return new Response(REPLY, { headers: HEADERS });
}

if (g.Bun) g.Bun.serve({ port, hostname: "127.0.0.1", fetch: handle });
else g.Deno.serve({ port, hostname: "127.0.0.1", onListen() {} }, handle);
