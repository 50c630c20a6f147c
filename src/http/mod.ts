/**
 * Serving a webhook: the Deno and Bun server behind `Webhook.serve`, and the
 * adapter for Node.js's `http` module and Express. Everything here is also
 * exported by the package's root module.
 *
 * @example Serve any fetch handler on a free port
 * ```ts ignore
 * import { serve } from "@clustaar/webhook";
 * const server = serve(() => new Response("ok"), { port: 0 });
 * await server.shutdown();
 * ```
 *
 * @module
 */
export {
  serve,
  type ServeHandle,
  type ServeOptions,
  type ShutdownOptions,
  type ShutdownSignal,
} from "./serve.ts";
export {
  type FetchApp,
  type NodeHandler,
  type NodeHandlerOptions,
  type NodeRequest,
  type NodeResponse,
  toNodeHandler,
} from "./node.ts";
