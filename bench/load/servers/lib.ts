// Pieces of a hand-written Clustaar webhook: valibot schema, HMAC-SHA1 check, handler.
// Copied from ../shared/bench/servers (the issue 7 anchor); used by hono-valibot.ts.
import * as v from "valibot";

// ---- Schema (subset of clustaar.schemas v1: envelope + step_reached event + 4 action types) ----
const ObjectId = v.pipe(v.string(), v.regex(/^[a-z0-9]{24}$/i));
const Text = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));
const Attribute = v.nullable(v.pipe(v.string(), v.maxLength(2000)));

const Target = v.variant("type", [
  v.object({ type: v.literal("step"), id: ObjectId, name: v.nullish(v.string()) }),
  v.object({ type: v.literal("story"), id: ObjectId, name: v.nullish(v.string()) }),
]);
const GoToAction = v.object({
  type: v.literal("go_to_action"),
  target: Target,
  sessionValues: v.nullish(v.record(v.string(), v.unknown())),
});
const SendTextAction = v.object({
  type: v.literal("send_text_action"),
  alternatives: v.pipe(v.array(Text(1000)), v.minLength(1), v.maxLength(10)),
});
const WaitAction = v.object({
  type: v.literal("wait_action"),
  duration: v.pipe(v.number(), v.minValue(0.5), v.maxValue(7)),
});
const QuickReply = v.object({
  type: v.optional(v.literal("quick_reply")),
  title: Text(60),
  action: v.variant("type", [GoToAction]),
});
const SendQuickRepliesAction = v.object({
  type: v.literal("send_quick_replies_action"),
  message: Text(1000),
  buttons: v.pipe(v.array(QuickReply), v.minLength(1), v.maxLength(11)),
});
const Action = v.variant("type", [SendTextAction, WaitAction, SendQuickRepliesAction, GoToAction]);

const Interlocutor = v.object({
  id: v.string(),
  userID: v.string(),
  externalID: v.nullish(v.string()),
  location: v.nullable(v.object({ lat: v.number(), long: v.number() })),
  email: Attribute,
  firstName: Attribute,
  lastName: Attribute,
  phoneNumber: Attribute,
  customAttributes: v.record(v.pipe(v.string(), v.regex(/^\w+$/)), v.string()),
  isLogged: v.nullish(v.boolean()),
  usedToTest: v.nullish(v.boolean()),
});
const Message = v.object({
  type: v.literal("message"),
  text: v.string(),
  attachments: v.array(
    v.object({ type: v.picklist(["file", "image", "video", "audio"]), url: v.string() }),
  ),
});
const StepReachedEvent = v.object({
  type: v.literal("step_reached_event"),
  channel: v.string(),
  interlocutor: Interlocutor,
  session: v.object({ values: v.record(v.string(), v.unknown()) }),
  step: v.object({
    id: v.string(),
    name: v.string(),
    userData: v.string(),
    actions: v.array(Action),
  }),
  input: v.variant("type", [Message]),
});
export const Notification = v.object({
  botID: v.string(),
  timestamp: v.pipe(v.number(), v.integer()),
  topic: v.string(),
  type: v.literal("notification_event"),
  data: v.variant("type", [StepReachedEvent]),
});
export type Notification = v.InferOutput<typeof Notification>;

// ---- Signature: X-Hub-Signature: sha1=hex(HMAC-SHA1(key, "date=" + Date + "\n" + body)) ----
const encoder = new TextEncoder();

export function importKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-1" },
    false,
    [
      "verify",
      "sign",
    ],
  );
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> | null {
  if (hex.length !== 40 || !/^[0-9a-f]+$/i.test(hex)) return null;
  const out = new Uint8Array(20);
  for (let i = 0; i < 20; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

// deno-lint-ignore require-await
export async function verifySignature(
  key: CryptoKey,
  header: string | null | undefined,
  date: string | null | undefined,
  body: string,
): Promise<boolean> {
  if (!header || !header.startsWith("sha1=")) return false;
  const sig = hexToBytes(header.slice(5));
  if (!sig) return false;
  return crypto.subtle.verify("HMAC", key, sig, encoder.encode(`date=${date}\n${body}`));
}

// ---- Handler and topic routing ----
export type Handler = (n: Notification) => unknown;
export const routes = new Map<string, Handler>([
  ["conversation.step_reached", () => ({
    actions: [{ type: "send_text_action", alternatives: ["ok"] }],
    session: { values: {} },
  })],
]);
