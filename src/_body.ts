// Reads a request body into one byte array without ever holding more than
// the limit: a client that announces or sends too much is cut off early.

/** Returned when the body is larger than the limit. */
export const TOO_LARGE: unique symbol = Symbol("too large");

const EMPTY = new Uint8Array(0);

/**
 * Reads the whole body as bytes, or gives `TOO_LARGE` as soon as it is known
 * to exceed `max` bytes (from `Content-Length`, or while streaming).
 */
export async function readBody(
  request: Request,
  max: number,
): Promise<Uint8Array | typeof TOO_LARGE> {
  const length = request.headers.get("content-length");
  if (length !== null) {
    const announced = Number(length);
    if (announced > max) return TOO_LARGE;
    // A server (Deno.serve, Bun.serve) never delivers more than the announced
    // length, so the body can be read in one go.
    if (Number.isInteger(announced) && announced >= 0 && length.trim() !== "") {
      const bytes = new Uint8Array(await request.arrayBuffer());
      return bytes.length > max ? TOO_LARGE : bytes;
    }
  }
  const body = request.body;
  if (body === null) return EMPTY;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      reader.cancel().catch(() => {});
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
