/**
 * The security building blocks a webhook combines, for experts and for
 * other servers: the `X-Hub-Signature` check and signer, HTTP Basic
 * authentication, the `Date` freshness rules and replay stores. Everything
 * here is also exported by the package's root module.
 *
 * @example Check a request by hand
 * ```ts
 * import { BasicAuth, FreshnessCheck, SignatureVerifier } from "@clustaar/webhook";
 *
 * const verifier = new SignatureVerifier({ keys: "XXXXXXXXXX" });
 * const auth = new BasicAuth("bot", "s3cret");
 * const freshness = new FreshnessCheck(10);
 * const check = await verifier.verify(
 *   "sha1=6d4f4ecb0c19af39ce24d0a79120e1ab10fd9ccd",
 *   "Wed, 03 Jan 2018 16:58:29 GMT",
 *   new TextEncoder().encode('{"topic":"conversation.step_reached"}'),
 * );
 * console.assert(check.ok && auth.check("Basic " + btoa("bot:s3cret")));
 * console.assert(freshness.check("Wed, 03 Jan 2018 16:58:29 GMT", Date.now()) === "Request is too old");
 * ```
 *
 * @module
 */
export {
  type CryptoProvider,
  sign,
  type SignatureAlgorithm,
  type SignatureCheck,
  SignatureVerifier,
  type SignatureVerifierOptions,
  type SignOptions,
} from "./signature.ts";
export { BasicAuth } from "./basic_auth.ts";
export { FreshnessCheck } from "./freshness.ts";
export { MemoryReplayStore, type MemoryReplayStoreOptions, type ReplayStore } from "./replay.ts";
