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
