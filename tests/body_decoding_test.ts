// The body is decoded leniently first (cheaper) and strictly again only when
// the text holds U+FFFD: these pin that the verdicts are the strict decoder's.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Webhook } from "../mod.ts";
import { json, notificationFor, signedRequest } from "./_helpers.ts";

const STEP = "conversation.step_reached";
const encoder = new TextEncoder();

/** A webhook that echoes the session value "name" it received as an action text. */
function echoName(): Webhook {
  const app = new Webhook();
  app.on(STEP, (_request, _response, notification) => ({
    actions: [{
      type: "send_text_action",
      alternatives: [String(notification.event.session.values["name"])],
    }],
  }));
  return app;
}

/** The notification's bytes with `name` set to the raw bytes given. */
function withNameBytes(name: Uint8Array): Uint8Array {
  const [before, after] = notificationFor(undefined, { name: "@@" }).split("@@") as [
    string,
    string,
  ];
  const head = encoder.encode(before);
  const tail = encoder.encode(after);
  const out = new Uint8Array(head.length + name.length + tail.length);
  out.set(head);
  out.set(name, head.length);
  out.set(tail, head.length + name.length);
  return out;
}

async function send(body: Uint8Array): Promise<[number, Record<string, unknown>]> {
  const response = await echoName().fetch(await signedRequest({ body }));
  return [response.status, await json(response)];
}

describe("Webhook.fetch() body decoding", () => {
  const invalid: Array<[string, number[]]> = [
    ["a lone continuation byte", [0x80]],
    ["0xff", [0xff]],
    ["a truncated sequence", [0xe2, 0x82]],
    ["an overlong encoding", [0xc0, 0xaf]],
    ["an encoded surrogate", [0xed, 0xa0, 0x80]],
  ];
  for (const [name, bytes] of invalid) {
    test(`Webhook.fetch() refuses ${name} inside a JSON string as invalid JSON`, async () => {
      const [status, body] = await send(withNameBytes(Uint8Array.from(bytes)));
      assert.equal(status, 400);
      assert.deepEqual(body, { error: "The request's body is not valid JSON" });
    });
  }

  test("Webhook.fetch() accepts a real U+FFFD in a string", async () => {
    const [status, body] = await send(withNameBytes(encoder.encode("a\uFFFDb")));
    assert.equal(status, 200);
    assert.deepEqual(body, { actions: [{ type: "send_text_action", alternatives: ["a\uFFFDb"] }] });
  });

  test("Webhook.fetch() accepts multi-byte UTF-8 and strips a leading BOM", async () => {
    const name = encoder.encode("héllo 😀 ключ");
    const plain = withNameBytes(name);
    const bom = new Uint8Array(plain.length + 3);
    bom.set([0xef, 0xbb, 0xbf]);
    bom.set(plain, 3);
    for (const bytes of [plain, bom]) {
      const [status, body] = await send(bytes);
      assert.equal(status, 200);
      assert.deepEqual(body, {
        actions: [{ type: "send_text_action", alternatives: ["héllo 😀 ключ"] }],
      });
    }
  });
});
