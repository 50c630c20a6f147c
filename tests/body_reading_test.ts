// Reading the body: a handler reads it again, as if nothing had; bodies of
// every shape arrive whole (one go, byte streams, chunk streams, growing
// buffers); a body that does not arrive in time is a 408.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { type RejectReason, type StepReachedResponse, Webhook } from "../mod.ts";
import { BodyReader, TIMED_OUT, TOO_LARGE } from "../src/http/_body.ts";
import { json, notificationFor, signedRequest } from "./_helpers.ts";

const STEP = "conversation.step_reached";
const encoder = new TextEncoder();

/** A request whose body is a stream of `chunks`, as a byte stream or not, with optional headers. */
function streamed(
  chunks: Uint8Array[],
  options: { bytes?: boolean; headers?: Record<string, string>; end?: boolean } = {},
): Request {
  let next = 0;
  const source = options.bytes
    ? {
      type: "bytes" as const,
      pull(controller: ReadableByteStreamController) {
        if (next < chunks.length) controller.enqueue(chunks[next++]!.slice());
        else if (options.end !== false) {
          controller.close();
          controller.byobRequest?.respond(0); // a reader's buffer still waiting
        }
      },
    }
    : {
      pull(controller: ReadableStreamDefaultController<Uint8Array>) {
        if (next < chunks.length) controller.enqueue(chunks[next++]!.slice());
        else if (options.end !== false) controller.close();
      },
    };
  return new Request("http://localhost/", {
    method: "POST",
    headers: options.headers,
    body: new ReadableStream(source as UnderlyingDefaultSource<Uint8Array>),
    duplex: "half",
  } as RequestInit);
}

/** What a reader's read gives: the body, `TOO_LARGE` or `TIMED_OUT`, or a rejection. */
function readBy(reader: BodyReader, request: Request): typeof TOO_LARGE | Promise<unknown> {
  return reader.read(request, (body) => body, (error) => {
    throw error;
  });
}

/** `text` cut into `count` chunks. */
function pieces(text: string, count: number): Uint8Array[] {
  const bytes = encoder.encode(text);
  const size = Math.ceil(bytes.byteLength / count);
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.byteLength; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

describe("a handler reads the body", () => {
  test("Webhook.fetch() lets the handler read the body with text(), json(), bytes() and arrayBuffer(), several times", async () => {
    const body = notificationFor("507f191e810c19729de860ea", { name: "Ana" });
    const app = new Webhook({ requestMaxAge: null, logger: null });
    let seen: unknown[] = [];
    app.on(STEP, async (request): Promise<StepReachedResponse> => {
      seen = [
        request.bodyUsed,
        await request.text(),
        await request.text(),
        await request.json(),
        new TextDecoder().decode(await request.bytes()),
        new TextDecoder().decode(await request.arrayBuffer()),
        await (await request.blob()).text(),
        request.bodyUsed,
        request instanceof Request,
      ];
      return { actions: [] };
    });
    const response = await app.fetch(await signedRequest({ body }));
    assert.equal(response.status, 200);
    assert.deepEqual(seen, [
      false,
      body,
      body,
      JSON.parse(body),
      body,
      body,
      body,
      false,
      true,
    ]);
  });

  test("Webhook.fetch() gives the handler a body stream and clones that read like the original", async () => {
    const body = notificationFor();
    const app = new Webhook({ requestMaxAge: null, logger: null });
    const seen: unknown[] = [];
    app.on(STEP, async (request) => {
      const stream = request.body!;
      seen.push(stream === request.body); // the same stream until it is read
      seen.push(await new Response(stream).text());
      seen.push(stream !== request.body && !request.body!.locked); // then a fresh one
      seen.push(await new Response(request.body).text());
      const clone = request.clone();
      seen.push(clone.bodyUsed, await clone.text(), clone.bodyUsed, clone.headers.get("date"));
      seen.push(await request.text()); // the original still reads
      return { actions: [] };
    });
    const request = await signedRequest({ body });
    const response = await app.fetch(request);
    assert.equal(response.status, 200);
    assert.deepEqual(seen, [
      true,
      body,
      true,
      body,
      false,
      body,
      true,
      request.headers.get("date"),
      body,
    ]);
  });

  test("Webhook.fetch() gives a copy at each read: a handler changing the bytes changes nothing else", async () => {
    const app = new Webhook({ requestMaxAge: null, logger: null });
    let second = "";
    app.on(STEP, async (request) => {
      (await request.bytes()).fill(0x20);
      second = await request.text();
      return { actions: [] };
    });
    const body = notificationFor();
    await app.fetch(await signedRequest({ body }));
    assert.equal(second, body);
  });

  test("Webhook.fetch() lets filters, onReject and onError read the body the webhook read", async () => {
    const texts: string[] = [];
    const app = new Webhook({
      requestMaxAge: null,
      onReject: async ({ request }) => void texts.push(`reject ${(await request.json()).topic}`),
      onError: async (_error, request) => void texts.push(`error ${(await request.json()).topic}`),
    });
    app.on(STEP, () => {
      throw new Error("boom");
    }, async (_notification, request) => {
      texts.push(`filter ${(await request!.json()).topic}`);
      return true;
    });
    app.on("my.topic", () => ({}));
    await app.fetch(await signedRequest({ body: notificationFor() }));
    await app.fetch(await signedRequest({ body: JSON.stringify({ topic: "other", data: {} }) }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.deepEqual(texts.sort(), [
      "error conversation.step_reached",
      "filter conversation.step_reached",
      "reject other",
    ]);
  });

  test("Webhook.fetch() keeps the body readable when the same request is given to it twice", async () => {
    const app = new Webhook({ requestMaxAge: null, logger: null });
    app.on(
      STEP,
      async (request) => ({ actions: [], session: (await request.json()).data.session }),
    );
    const request = await signedRequest({
      body: notificationFor("507f191e810c19729de860ea", { a: 1 }),
    });
    const first = await json(await app.fetch(request));
    const second = await json(await app.fetch(request));
    assert.deepEqual(first, { actions: [], session: { values: { a: 1 } } });
    assert.deepEqual(second, first);
  });
});

describe("body reads", () => {
  const text = notificationFor("507f191e810c19729de860ea", { pad: "é".repeat(30_000) });

  for (
    const [name, make] of [
      ["in one go (Content-Length up to 16 KiB)", () =>
        streamed(pieces(notificationFor(), 3), {
          headers: { "content-length": String(encoder.encode(notificationFor()).byteLength) },
        })],
      [
        "a byte stream with a Content-Length, in 1-byte pieces at first",
        () =>
          streamed(pieces(text, 200), {
            bytes: true,
            headers: { "content-length": String(encoder.encode(text).byteLength) },
          }),
      ],
      [
        "a byte stream without a length (chunked)",
        () =>
          streamed(pieces(text, 7), { bytes: true, headers: { "transfer-encoding": "chunked" } }),
      ],
      ["a stream of chunks without a length", () => streamed(pieces(text, 9))],
      ["a stream of one chunk", () => streamed(pieces(text, 1))],
    ] as const
  ) {
    test(`Webhook.fetch() reads a body sent as ${name} whole`, async () => {
      const app = new Webhook({ requestMaxAge: null, logger: null });
      let received = "";
      app.on(STEP, async (request) => {
        received = await request.text();
        return { actions: [] };
      });
      const request = make();
      const expected = await request.clone().text();
      const response = await app.fetch(request);
      assert.equal(response.status, 200, await response.text());
      assert.equal(received, expected);
    });
  }

  test("BodyReader grows its buffer up to the announced length only as bytes arrive", async () => {
    const reader = new BodyReader(1024 * 1024, 10_000);
    const body = "x".repeat(100_000);
    const read = readBy(
      reader,
      streamed(pieces(body, 50), { bytes: true, headers: { "content-length": "100000" } }),
    );
    assert.notEqual(read, TOO_LARGE);
    const bytes = await read as Uint8Array;
    assert.equal(new TextDecoder().decode(bytes), body);
    assert.equal(bytes.buffer.byteLength, 100_000, "no room beyond the announced length");
  });

  test("BodyReader refuses a stream as soon as it passes the limit, announced or not", async () => {
    const reader = new BodyReader(1000, 10_000);
    const over = "x".repeat(3000);
    for (
      const request of [
        streamed(pieces(over, 10), { bytes: true, headers: { "content-length": "20000" } }),
        streamed(pieces(over, 10), { bytes: true }),
        streamed(pieces(over, 10)),
      ]
    ) {
      const read = readBy(reader, request);
      assert.equal(read === TOO_LARGE ? read : await read, TOO_LARGE);
    }
    assert.equal(
      readBy(
        reader,
        new Request("http://x/", {
          method: "POST",
          headers: { "content-length": "1001" },
          body: "x",
        }),
      ),
      TOO_LARGE,
    );
  });

  test("BodyReader reads a byte stream that sends more than announced as what it sent", async () => {
    const reader = new BodyReader(1024 * 1024, 10_000);
    const body = "y".repeat(40_000);
    const read = readBy(
      reader,
      streamed(pieces(body, 4), { bytes: true, headers: { "content-length": "20000" } }),
    );
    assert.equal(new TextDecoder().decode(await read as Uint8Array), body);
  });
});

describe("body deadline", () => {
  for (
    const [name, headers, bytes] of [
      ["announced small (read in one go)", { "content-length": "500" }, false],
      ["announced large (a growing buffer)", { "content-length": "500000" }, true],
      ["not announced (a stream of chunks)", {}, false],
    ] as const
  ) {
    test(`Webhook.fetch() answers 408 to a body ${name} that never ends, and reports no error`, async () => {
      const errors: unknown[] = [];
      const reasons: RejectReason[] = [];
      const app = new Webhook({
        requestMaxAge: null,
        bodyTimeout: 40,
        onError: (error) => errors.push(error),
        onReject: ({ reason }) => reasons.push(reason),
      });
      app.on(STEP, () => ({ actions: [] }));
      const response = await app.fetch(
        streamed([encoder.encode('{"topic":')], { bytes, headers, end: false }),
      );
      assert.equal(response.status, 408);
      assert.deepEqual(await json(response), {
        error: "Request timeout: the body did not arrive within 40 ms",
      });
      assert.deepEqual(reasons, ["body_timeout"]);
      assert.deepEqual(errors, []);
    });
  }

  test("BodyReader times out only the reads that are late, and then stops its timer", async () => {
    const reader = new BodyReader(1024, 30);
    const stuck = readBy(reader, streamed([encoder.encode("{")], { end: false })) as Promise<
      unknown
    >;
    const quick = readBy(
      reader,
      new Request("http://x/", { method: "POST", body: "{}" }),
    ) as Promise<
      Uint8Array
    >;
    assert.equal(new TextDecoder().decode(await quick), "{}");
    assert.equal(await stuck, TIMED_OUT);
    // Nothing is pending: the timer stops at its next tick (a few ms here).
  });

  test("new Webhook() refuses a bodyTimeout that is not a positive number of milliseconds", () => {
    for (const bodyTimeout of [0, -1, Number.NaN, Infinity, "10" as unknown as number]) {
      assert.throws(() => new Webhook({ bodyTimeout }), RangeError);
    }
  });
});
