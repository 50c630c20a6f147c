// Deeply nested JSON is a 400 on every runtime, wherever it sits in the
// notification: Bun answered 500 from about 100,000 levels, because its
// JSON.stringify (of an answer echoing the session) overflows its stack from
// about 40,000. Notifications nested deeper than 20,000 levels are refused
// before parsing; up to that, everything works on both runtimes.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { type RejectReason, Webhook } from "../mod.ts";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "../src/_json_depth.ts";
import { notificationFor, signedRequest } from "./_helpers.ts";

const STEP = "conversation.step_reached";
const MARK = '"__DEEP__"';

function deep(depth: number, kind: "object" | "array"): string {
  return kind === "object"
    ? '{"a":'.repeat(depth) + "1" + "}".repeat(depth)
    : "[".repeat(depth) + "1" + "]".repeat(depth);
}

/** A notification with a value `depth` levels deep at `where` (or the whole body). */
function bodyWith(where: string, value: string): string {
  if (where === "the whole body") return value;
  const notification = JSON.parse(notificationFor()) as {
    data: { session: { values: Record<string, unknown> }; step: Record<string, unknown> };
  } & Record<string, unknown>;
  if (where === "a session value") notification.data.session.values["deep"] = "__DEEP__";
  if (where === "an unknown key of the notification") notification["extra"] = "__DEEP__";
  if (where === "the step's userData") notification.data.step["userData"] = "__DEEP__";
  return JSON.stringify(notification).replace(MARK, value);
}

function app() {
  const reasons: RejectReason[] = [];
  const errors: unknown[] = [];
  const webhook = new Webhook({
    requestMaxAge: null,
    maxBodyBytes: 8 * 1024 * 1024,
    onReject: ({ reason }) => void reasons.push(reason),
    onError: (error) => void errors.push(error),
  });
  // Echoes the session: the answer carries a deep session value back.
  webhook.on(STEP, (_request, _response, notification) => ({
    actions: [],
    session: notification.event.session,
  }));
  return { webhook, reasons, errors };
}

describe("deeply nested JSON", () => {
  for (const kind of ["object", "array"] as const) {
    for (
      const where of [
        "the whole body",
        "a session value",
        "an unknown key of the notification",
        "the step's userData",
      ]
    ) {
      test(`Webhook.fetch() answers an ${kind} nested 1e3 and 1e4 levels in ${where} as any other, and refuses 1e5 and 1e6 levels with a 400`, async () => {
        const { webhook, reasons, errors } = app();
        for (const depth of [1e3, 1e4, 1e5, 1e6]) {
          const request = await signedRequest({ body: bodyWith(where, deep(depth, kind)) });
          const response = await webhook.fetch(request);
          const text = await response.text();
          if (depth <= 1e4 && where !== "the whole body") {
            assert.equal(response.status, 200, text.slice(0, 200));
            if (where === "a session value") {
              assert.ok(text.length > 2 * depth, "the deep value went back");
            }
          } else {
            assert.equal(response.status, 400, `${depth}: ${text.slice(0, 200)}`);
          }
        }
        assert.deepEqual(errors, []);
        // The whole body 1e3 or 1e4 deep is parsed, then is not a notification.
        const expected = where === "the whole body"
          ? ["bad_notification", "bad_notification", "bad_json", "bad_json"]
          : ["bad_json", "bad_json"];
        assert.deepEqual(reasons, expected);
      });
    }
  }

  test("Webhook.fetch() says why it refuses deep JSON", async () => {
    const { webhook } = app();
    const response = await webhook.fetch(
      await signedRequest({ body: bodyWith("a session value", deep(MAX_JSON_DEPTH, "array")) }),
    );
    assert.deepEqual(await response.json(), {
      error: `The request's body is nested too deeply: the limit is ${MAX_JSON_DEPTH} levels`,
    });
  });

  test("nestsDeeperThan() counts brackets outside strings only, escaped quotes included", () => {
    const inString = JSON.stringify({ s: "[".repeat(50) + '\\"' + "{".repeat(50) });
    assert.equal(nestsDeeperThan(inString, 10), false);
    assert.equal(nestsDeeperThan(deep(11, "array"), 10), true);
    assert.equal(nestsDeeperThan(deep(10, "array"), 10), false);
    assert.equal(nestsDeeperThan(`[${"[1],".repeat(50)}1]`, 10), false); // wide, not deep
    assert.equal(nestsDeeperThan(`{"a":"\\\\"}${"[".repeat(30)}`, 10), true);
  });
});
