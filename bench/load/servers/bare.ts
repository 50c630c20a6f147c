// Anchor: the runtime's limit for this job (Deno.serve or Bun.serve). Reads the
// body, returns a fixed JSON, no checks. The two bare servers of
// ../shared/bench/servers merged into one file that runs on either runtime.
const BODY =
  '{"actions":[{"type":"send_text_action","alternatives":["ok"]}],"session":{"values":{}}}';
const HEADERS = { "content-type": "application/json" };

async function handle(req: Request): Promise<Response> {
  const url = req.url;
  if (req.method !== "POST" || url.slice(url.indexOf("/", 8)) !== "/") {
    return new Response(null, { status: 404 });
  }
  await req.text();
  return new Response(BODY, { headers: HEADERS });
}

// deno-lint-ignore no-explicit-any
const g = globalThis as any;
const port = Number(g.Bun ? g.process.env.PORT : g.Deno.env.get("PORT")) || 8787;
if (g.Bun) g.Bun.serve({ port, hostname: "127.0.0.1", fetch: handle });
else g.Deno.serve({ port, hostname: "127.0.0.1", onListen() {} }, handle);
