// Small helpers that build the webhook's JSON responses without detours
// (no Response.json: a string body with a shared header init is cheaper).

/** The content type of every JSON body the webhook sends. */
export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

/** `{"error": message}` with the given status and extra headers. */
export function errorResponse(
  status: number,
  message: string,
  headers?: Record<string, string>,
): Response {
  return new Response(JSON.stringify({ error: message }), {
    status,
    headers: headers === undefined
      ? { "content-type": JSON_CONTENT_TYPE }
      : { "content-type": JSON_CONTENT_TYPE, ...headers },
  });
}

/** The headers of a JSON answer, as a record. */
export const JSON_HEADERS: Record<string, string> = { "content-type": JSON_CONTENT_TYPE };
// A Headers object rather than a record: a Response copies either, and a Headers
// object is the cheaper copy (about 0.1 µs per answer on Deno and Bun).
/** The init of the usual answer: 200, JSON. */
export const JSON_OK: ResponseInit = { status: 200, headers: new Headers(JSON_HEADERS) };

/** The handler's `response`: its `Headers` is only built if the handler reads or sets it. */
export class PendingResponse {
  /** The HTTP status (default 200). */
  status = 200;
  #headers: Headers | undefined = undefined;

  /** Headers added to the answer. */
  get headers(): Headers {
    return (this.#headers ??= new Headers());
  }

  set headers(headers: Headers) {
    this.#headers = headers;
  }

  /** The headers, if the handler touched them. */
  get touchedHeaders(): Headers | undefined {
    return this.#headers;
  }
}

/** Answers after which the connection must not be kept: their request's body never arrived whole. */
const closing = new WeakSet<Response>();

/**
 * Marks `response` as the last of its connection, whose request body never
 * arrived whole: a server that would wait for the rest of the body before
 * closing the connection (Deno does) can close it instead (see serve.ts).
 */
export function closeAfter(response: Response): Response {
  closing.add(response);
  return response;
}

/** Whether {@linkcode closeAfter} marked `response`. */
export function closesConnection(response: Response): boolean {
  return closing.has(response);
}
