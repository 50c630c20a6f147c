// The guide's webhook on Node.js's own HTTP server, through toNodeHandler.
//
//   npx bun build examples/node.ts --target=node --outfile=/tmp/node.mjs && node /tmp/node.mjs
//   (or directly: deno run --allow-net --allow-env examples/node.ts, bun run examples/node.ts)
//
// With Express, mount the same handler on a route, before any body parser:
//   expressApp.post("/clustaar", toNodeHandler(app));
//
// Environment: PORT (default 8000), CLUSTAAR_PRIVATE_KEY, CLUSTAAR_AUTH_USERNAME,
// CLUSTAAR_AUTH_PASSWORD (each optional: unset means that check is off).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import process from "node:process";
import { events, SendTextAction, StepReachedResponse, toNodeHandler, Webhook } from "../mod.ts";

const env = process.env;

const app = new Webhook({
  path: "/clustaar",
  privateKey: env.CLUSTAAR_PRIVATE_KEY || undefined,
  authUsername: env.CLUSTAAR_AUTH_USERNAME || undefined,
  authPassword: env.CLUSTAAR_AUTH_PASSWORD || undefined,
  maxBodyBytes: Number(env.MAX_BODY_BYTES ?? 1024 * 1024),
});

app.on(events.CONVERSATION_STEP_REACHED, (_request, _response, notification) => {
  const session = notification.event.session;
  session.values["key"] = "data";
  return StepReachedResponse({
    actions: [SendTextAction({ alternatives: ["hello", "bye"] })],
    session,
  });
});

const server = createServer(toNodeHandler(app));
server.listen(Number(env.PORT ?? 8000), "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  console.log(`Clustaar webhook listening on http://127.0.0.1:${port}/clustaar`);
});
process.once("SIGTERM", () => server.close(() => console.log("Clustaar webhook stopped")));
