/**
 * What the benches run: the handler of examples/server.ts (one text action
 * and the session) and the options the anchors' security maps to.
 *
 * @module
 */
import type { WebhookOptions } from "../mod.ts";
import { KEY } from "./_payloads.ts";

/** The handler of examples/server.ts, itself. */
export { reply as handler } from "../examples/server.ts";

/** The anchors' security: key, Basic credentials, no Date window (their `Date` is fixed). */
export const SECURE: WebhookOptions = {
  privateKey: KEY,
  authUsername: "bench",
  authPassword: "pass",
  requestMaxAge: null,
};
