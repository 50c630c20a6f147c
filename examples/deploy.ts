// A webhook as a module whose default export has fetch(): the shape that
// `deno serve`, Bun, Deno Deploy and Cloudflare Workers all run.
//
//   deno serve --allow-env examples/deploy.ts
//   bun run examples/deploy.ts          (Bun serves a default export with fetch)
//   Cloudflare Workers / Deno Deploy: deploy this file as the entry point.
import { events, SendTextAction, StepReachedResponse, Webhook } from "../mod.ts";

const env = (name: string): string | undefined => {
  // deno-lint-ignore no-explicit-any
  const g = globalThis as any;
  return g.Deno?.env.get(name) ?? g.process?.env[name];
};

const app = new Webhook({
  privateKey: env("CLUSTAAR_PRIVATE_KEY") || undefined,
  authUsername: env("CLUSTAAR_AUTH_USERNAME") || undefined,
  authPassword: env("CLUSTAAR_AUTH_PASSWORD") || undefined,
});

app.on(
  events.CONVERSATION_STEP_REACHED,
  (_request, _response, notification) =>
    StepReachedResponse({
      actions: [SendTextAction({ alternatives: ["hello", "bye"] })],
      session: notification.event.session,
    }),
);

// `fetch` is a bound property: platforms may call it detached, with extra arguments.
export default app satisfies { fetch(request: Request): Promise<Response> };
