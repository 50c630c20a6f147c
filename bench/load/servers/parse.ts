// Reference, not an anchor of ../shared/bench: the bare server plus the one step
// no webhook can skip, parsing the notification (JSON.parse of the body), and
// an answer that carries its session back (JSON.stringify). No check, no
// validation, no routing: the most a webhook without security options can reach.
const HEADERS = { "content-type": "application/json; charset=utf-8" };

async function handle(req: Request): Promise<Response> {
  const url = req.url;
  if (req.method !== "POST" || url.slice(url.indexOf("/", 8)) !== "/") {
    return new Response(null, { status: 404 });
  }
  const notification = JSON.parse(await req.text());
  const reply = {
    actions: [{ type: "send_text_action", alternatives: ["hello", "bye"] }],
    session: notification.data.session,
  };
  return new Response(JSON.stringify(reply), { headers: HEADERS });
}

// deno-lint-ignore no-explicit-any
const g = globalThis as any;
const port = Number(g.Bun ? g.process.env.PORT : g.Deno.env.get("PORT")) || 8787;
if (g.Bun) g.Bun.serve({ port, hostname: "127.0.0.1", fetch: handle });
else g.Deno.serve({ port, hostname: "127.0.0.1", onListen() {} }, handle);
